import { MinHeap } from '../heap.js';
import { Rng, round2 } from '../rng.js';
import { HELD_OUT_FOLLOW_UP, HELD_OUT_NUDGE, HELD_OUT_OPENING } from './conversations-heldout.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM, WORLD_STREAM } from './types.js';

export interface ConversationsOptions {
  customers: number;
  agents: number;
  /** Share of conversations that turn sour: an angry customer or a stalled queue. */
  escalationRate: number;
}

/** Share of customers' topical messages worded from the held-out phrasing (conversations-heldout.ts). */
export const HELD_OUT_SHARE = 0.3;

export const INTENTS = ['billing', 'delivery', 'technical', 'cancellation'] as const;
export type Intent = (typeof INTENTS)[number];
export const CHANNELS = ['chat', 'email', 'phone', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
export const TIERS = ['gold', 'silver', 'bronze'] as const;
export type Tier = (typeof TIERS)[number];
/**
 * How a conversation that needed escalating ends, hidden until then: the customer files a
 * formal complaint, gives up waiting, or (a gold customer asking to cancel) leaves.
 */
export const ESCALATION_REASONS = ['complained', 'abandoned', 'churned'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface ConversationMessage extends TimedRecord {
  conversationId: string;
  /** 1, 2, … within the conversation, customer and agent messages alike. */
  messageNo: number;
  from: 'customer' | 'agent';
  channel: Channel;
  customerId: string;
  tier: Tier;
  /** The agent who wrote it; null on customer messages. */
  agentId: string | null;
  text: string;
  /** -1 (furious) … 1 (delighted), 2 decimals. */
  sentiment: number;
  /** On agent messages: seconds since the oldest customer message it answers; else null. */
  waitSec: number | null;
  /**
   * The label, on every message of the conversation: it ends badly (a complaint, the customer
   * giving up, a gold customer leaving), an outcome decided by hidden satisfaction that the
   * stream shows only through noisy sentiments, waits and words.
   */
  needsEscalation: boolean;
  escalationReason: EscalationReason | null;
  /** Hidden: whose words a customer message is in, the phrase bank's or the held-out ones; null on agent messages. */
  phrasing: 'bank' | 'heldOut' | null;
  ts: number;
}

/** What support teams escalate on (the template's rules; the labels no longer follow them). */
export const NEGATIVE_SENTIMENT = -0.5;
export const LONG_WAIT_MS = 10 * 60_000;

/**
 * Chances of a bad ending by kind of conversation: an angry customer is calmed by a good first
 * answer about half the time; a stalled one gives up about half the time; a gold customer
 * asking to cancel is lost unless retained; an ordinary one complains now and then, more
 * often when unhappy (mood below UNHAPPY_MOOD), without ever sounding furious.
 */
const P_BAD_ANGRY = 0.5;
const P_BAD_STALLED = 0.5;
const P_BAD_GOLD_CANCEL = 0.6;
const P_BAD_UNHAPPY = 0.35;
const P_BAD_ORDINARY = 0.012;
const UNHAPPY_MOOD = -0.3;
/** After each answer: a calmed customer's mood rises, one headed for a bad end sinks. */
const CALMED_LIFT = 0.35;
const SOURING = -0.12;

const CANCELLATION = 3;
const GOLD = 0;
const TIER_CUM = [0.06, 0.26, 1];
const CHANNEL_PREFERENCE_CUM = [0.4, 0.65, 0.85, 1];
/** Share of conversations on the customer's preferred channel; the others pick any. */
const P_PREFERRED_CHANNEL = 0.8;

// Seconds, per channel (chat, email, phone, social): medians of log-normal waits, and the
// mean gap between "hello?" nudges while the customer waits (none on the phone: on hold).
const FIRST_WAIT_S = [45, 150, 20, 90];
const NEXT_WAIT_S = [15, 90, 6, 45];
const THINK_S = [25, 120, 5, 50];
const NUDGE_GAP_S = [90, 400, Infinity, 150];
const FIRST_WAIT_SIGMA = 0.7;
const NEXT_WAIT_SIGMA = 0.6;
const THINK_SIGMA = 0.6;
/** Waits by intent (billing, delivery, technical, cancellation): retention answers fast. */
const INTENT_WAIT = [1, 1.1, 1.3, 0.7];
/** Mood of an ordinary customer by intent; an angry one starts near ANGRY_MOOD. */
const INTENT_MOOD = [-0.05, -0.05, 0, -0.15];
const MOOD_SIGMA = 0.2;
const ANGRY_MOOD = -0.8;
const SENTIMENT_NOISE = 0.2;
/**
 * A stalled conversation's first answer comes after this (s) plus an exponential part: most
 * wait over 10 minutes, some just under; and an ordinary email or technical one now and then.
 */
const STALLED_WAIT_S = 540;
const STALLED_EXTRA_S = 300;
/** Customer turns: 1 + geometric, capped; an angry customer writes at least 3. */
const MAX_TURNS = 8;
const P_ANOTHER_TURN = 0.55;
const P_ANOTHER_TURN_ANGRY = 0.45;
const ANGRY_MIN_TURNS = 3;
/** Conversations begun this long before the start are simulated silently (steady state). */
const WARM_UP_MS = 30 * 60_000;

// A conversation's numbers, at slot * STRIDE + field. SINCE is the ts of the oldest unanswered
// customer message (for waitSec; -1 before the first); REASON is 0 or 1 + an index in
// ESCALATION_REASONS (the hidden outcome); TURN_AT is when
// the customer writes next, or when an agent answers while the customer waits.
const F_NO = 0;
const F_CUSTOMER = 1;
const F_INTENT = 2;
const F_CHANNEL = 3;
const F_AGENT = 4;
const F_TYPE = 5;
const F_TURNS_LEFT = 6;
const F_MESSAGE_NO = 7;
const F_PHASE = 8;
const F_TURN_AT = 9;
const F_NUDGE_AT = 10;
const F_SINCE = 11;
const F_MOOD = 12;
const F_REASON = 13;
const STRIDE = 14;
// F_REASON: 0, or 1 + an index in ESCALATION_REASONS, decided when the conversation opens.

const COMPLAINED = 1;
const ABANDONED = 2;
const CHURNED = 3;

const NORMAL = 0;
const ANGRY = 1;
const STALLED = 2;
const CUSTOMER_NEXT = 0;
const WAITING = 1;
const CLOSED = 2;

// Texts. Clean customer texts carry a keyword of their intent and none of another's:
// billing invoice/charge/refund/payment/bill, delivery parcel/tracking/late/courier,
// technical error/login/crash/app, cancellation cancel/close my account/terminate. Vague and
// misleading ones (about one customer message in ten) make keyword routing imperfect.
const OPENING: readonly (readonly string[])[] = [
  [
    'I was charged twice for the same order.',
    "My invoice shows an amount I don't recognise.",
    'When will I get my refund?',
    'My payment failed but the money left my account.',
    'Can you send me a copy of my invoice?',
    'There is a charge on my card I did not make.',
    "I was billed for a month I didn't use.",
    'Why is my bill higher than usual?',
    'I paid but the invoice still says unpaid.',
    'The refund you promised never arrived.',
    'How do I change my payment method?',
  ],
  [
    'My parcel has not arrived yet.',
    'The tracking number you sent does not work.',
    'My order is three days late.',
    'The courier left my package at the wrong address.',
    'Tracking says delivered but I have nothing.',
    'Can I change the address for my parcel?',
    'The courier never showed up today.',
    "Where is my parcel? It's really late.",
    'My tracking page has not updated in a week.',
    'The parcel arrived damaged.',
  ],
  [
    'I get an error when I open my orders page.',
    'The app crashes every time I open it.',
    "I can't login since the last update.",
    'Login fails with an unknown error.',
    'The app is stuck on the loading screen.',
    'Your website shows error 500.',
    'The app keeps crashing on my phone.',
    'I reset my password but login still fails.',
    'Two-factor codes never reach the app.',
    'The app logs me out every few minutes.',
  ],
  [
    'I want to cancel my subscription.',
    'Please close my account.',
    'How do I terminate my contract?',
    'Cancel my membership effective today.',
    "I'd like to close my account and delete my data.",
    'I want to terminate the service at the end of the month.',
    "Please cancel everything, I'm done.",
    "I'm thinking of cancelling, what are my options?",
  ],
];

const FOLLOW_UP: readonly (readonly string[])[] = [
  [
    'The charge is still on my statement.',
    'I checked again and the refund is not there.',
    'Could you confirm the payment went through?',
    'The new invoice has the same mistake.',
    'So when exactly will the refund reach my card?',
    'And will the extra charge be removed?',
  ],
  [
    'The tracking still shows the same status.',
    'The courier says it was returned to the depot.',
    'It is now even later than you said.',
    'Can you give me a new tracking link?',
    'I stayed home all day and no courier came.',
  ],
  [
    'I reinstalled the app, same error.',
    'Still crashing after the update you suggested.',
    'Here is a screenshot of the error message.',
    'Cleared the cache, login still does not work.',
    'It works on the website but not in the app.',
  ],
  [
    'No, I still want to cancel.',
    'Just close my account please.',
    "I don't want an offer, terminate it.",
    'Confirm the cancellation in writing please.',
  ],
];

const NUDGE: readonly (readonly string[])[] = [
  ['Any news about my refund?', 'Still waiting on the invoice question.'],
  ['Any update on my parcel?', 'Still no news about the tracking?'],
  ['Any fix for the app yet?', 'Still getting the error, any news?'],
  ['Have you cancelled it yet?', 'Still waiting for the cancellation.'],
];
const GENERIC_NUDGE = [
  'Hello? Is anyone there?',
  'Still waiting for an answer...',
  'Please reply.',
];
const P_GENERIC_NUDGE = 0.2;

/** Texts with no keyword of any intent. */
const VAGUE = [
  'Hi, I need some help.',
  'Can someone call me back?',
  'I have a problem with my order.',
  'This is the third time I am writing to you.',
  'Can I speak to a manager?',
  'Nothing works as it should.',
];
const P_VAGUE = 0.03;

/** Texts whose keywords point (also or only) at another intent than the real one. */
const MISLEADING: readonly (readonly string[])[] = [
  [
    'The app shows I still owe you money.',
    'The courier fee on my statement is wrong.',
    'I want to cancel the double debit on my card.',
  ],
  [
    'I want a refund if my parcel is late again.',
    'The app says my order is still in the warehouse.',
    'Cancel the express option, it never came on time.',
  ],
  [
    'The payment page shows an error.',
    'The tracking page crashes on my phone.',
    "I can't cancel the notifications in the settings.",
  ],
  [
    "Stop charging me, I'm leaving.",
    "Delete the app and my data, I'm done with you.",
    "Don't send any more parcels, I'm out.",
  ],
];
const P_MISLEADING = 0.05;

const ANGRY_SUFFIX = [
  ' This is unacceptable.',
  " I'm really fed up.",
  ' Worst service ever.',
  ' Sort it out now!',
];
const POLITE_SUFFIX = [' Thanks.', ' Thank you in advance.'];

const AGENT_REPLY: readonly (readonly string[])[] = [
  [
    "I've looked into your invoice and corrected it.",
    'The refund has been issued, allow 3-5 days.',
    "I can see the double charge and I'm reversing it.",
  ],
  [
    "I've contacted the courier for you.",
    'Your parcel is at the local depot.',
    'Here is a new tracking link.',
  ],
  [
    'Could you try updating the app?',
    'Our team fixed the login issue, please try again.',
    'Please clear the cache and restart.',
  ],
  [
    "I'm sorry to see you go, I've started the cancellation.",
    'Before you go, may I offer you three months at half price?',
    'Your account will be closed within 24 hours.',
  ],
];
const AGENT_GENERIC = [
  'Thanks for your patience, let me check that for you.',
  'I understand, one moment please.',
  'Is there anything else I can help with?',
];
const SORRY = 'Sorry for the long wait. ';

/** The hidden world: customers' value tiers and channels, agents' speed. */
export interface ConversationsWorld {
  customerIds: string[];
  customerTier: Uint8Array;
  customerChannel: Uint8Array;
  agentIds: string[];
  /** Multiplies an agent's reply waits (log-normal around 1). */
  agentSpeed: Float64Array;
}

function pickCum(rng: Rng, cum: readonly number[]): number {
  const u = rng.float();
  let i = 0;
  while (i < cum.length - 1 && cum[i]! <= u) i++;
  return i;
}

export function buildConversationsWorld(
  options: ConversationsOptions,
  seed: number,
): ConversationsWorld {
  const rng = new Rng(seed, WORLD_STREAM);
  const { customers, agents } = options;
  const customerTier = new Uint8Array(customers);
  const customerChannel = new Uint8Array(customers);
  for (let i = 0; i < customers; i++) {
    customerTier[i] = pickCum(rng, TIER_CUM);
    customerChannel[i] = pickCum(rng, CHANNEL_PREFERENCE_CUM);
  }
  const agentSpeed = new Float64Array(agents);
  for (let i = 0; i < agents; i++) agentSpeed[i] = rng.logNormal(0, 0.25);
  return {
    customerIds: Array.from({ length: customers }, (_, i) => `cu${i}`),
    customerTier,
    customerChannel,
    agentIds: Array.from({ length: agents }, (_, i) => `ag${i}`),
    agentSpeed,
  };
}

/**
 * The hidden intent of conversation number `n`: a hash of the seed and the number, so that
 * evaluation gets it from the seed and the id alone, without replaying the stream.
 */
function intentIndex(seed: number, n: number): number {
  let h = Math.imul(seed | 0, 0xcc9e2d51) ^ Math.imul((n + 0x27d4eb2f) | 0, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % INTENTS.length;
}

/** The hidden intent of a conversation of `conversations(…, seed, …)`; null for another id. */
export function conversationIntent(conversationId: string, seed: number): Intent | null {
  const match = /^cv(\d+)$/.exec(conversationId);
  return match === null ? null : INTENTS[intentIndex(seed, Number(match[1]))]!;
}

export interface ConversationsTruth {
  customers: { customerId: string; tier: Tier; preferredChannel: Channel }[];
  agents: { agentId: string; speed: number }[];
  /** Per conversation id, its hidden intent (the same as `conversationIntent`). */
  intentOf(conversationId: string): Intent | null;
}

/** The customers and agents behind `conversations(options, seed)`, and the hidden intents. */
export function conversationsTruth(
  options: ConversationsOptions,
  seed: number,
): ConversationsTruth {
  const w = buildConversationsWorld(options, seed);
  return {
    customers: w.customerIds.map((customerId, i) => ({
      customerId,
      tier: TIERS[w.customerTier[i]!]!,
      preferredChannel: CHANNELS[w.customerChannel[i]!]!,
    })),
    agents: w.agentIds.map((agentId, i) => ({ agentId, speed: w.agentSpeed[i]! })),
    intentOf: (conversationId) => conversationIntent(conversationId, seed),
  };
}

/** Mean of a log-normal with median `median` and log-sd `sigma`. */
const lnMean = (median: number, sigma: number) => median * Math.exp((sigma * sigma) / 2);

/** Expected customer turns when one more follows with probability p, from `min` to MAX_TURNS. */
function meanTurns(min: number, p: number): number {
  let sum = min;
  for (let k = 1; k <= MAX_TURNS - min; k++) sum += p ** k;
  return sum;
}

/**
 * Expected messages per conversation: 2 per customer turn (its answer included) plus the
 * nudges, a Poisson number with mean wait / nudge gap per wait. The arrival rate of
 * conversations is the event rate divided by this, so event time runs at the clock's rate.
 */
function meanMessages(w: ConversationsWorld, escalationRate: number): number {
  const customers = w.customerIds.length;
  const share = [0, 0, 0, 0];
  for (let i = 0; i < customers; i++) share[w.customerChannel[i]!]! += 1 / customers;
  const speed = w.agentSpeed.reduce((a, b) => a + b, 0) / w.agentSpeed.length;
  const types = [
    { p: 1 - escalationRate, turns: meanTurns(1, P_ANOTHER_TURN), stalled: false },
    {
      p: escalationRate / 2,
      turns: meanTurns(ANGRY_MIN_TURNS, P_ANOTHER_TURN_ANGRY),
      stalled: false,
    },
    { p: escalationRate / 2, turns: meanTurns(1, P_ANOTHER_TURN), stalled: true },
  ];
  let total = 0;
  for (const type of types) {
    let nudges = 0;
    for (let ch = 0; ch < CHANNELS.length; ch++) {
      const pChannel =
        P_PREFERRED_CHANNEL * share[ch]! + (1 - P_PREFERRED_CHANNEL) / CHANNELS.length;
      if (NUDGE_GAP_S[ch] === Infinity) continue;
      for (let i = 0; i < INTENTS.length; i++) {
        const first = type.stalled
          ? STALLED_WAIT_S + STALLED_EXTRA_S
          : lnMean(FIRST_WAIT_S[ch]!, FIRST_WAIT_SIGMA) * INTENT_WAIT[i]!;
        const next = lnMean(NEXT_WAIT_S[ch]!, NEXT_WAIT_SIGMA) * INTENT_WAIT[i]! * speed;
        const wait = first + (type.turns - 1) * next;
        nudges += (pChannel / INTENTS.length) * (wait / NUDGE_GAP_S[ch]!);
      }
    }
    total += type.p * (2 * type.turns + nudges);
  }
  return total;
}

const clamp1 = (x: number) => (x < -1 ? -1 : x > 1 ? 1 : x);

/**
 * Customer-service conversations as a discrete-event simulation. Conversations arrive as a
 * Poisson process; in each, the customer writes, an agent answers after a log-normal wait
 * (by channel and intent; a stalled one after more than 10 minutes), the customer writes
 * again after a while or is done, and while waiting sends nudges. The hidden intent decides
 * the texts; the mood (low for an angry customer, sinking with nudges and slow answers)
 * decides the sentiments.
 *
 * Conversations begun in the WARM_UP_MS before the start are simulated silently, so the
 * stream starts in its steady state, some conversations mid-way. The labels count only what
 * the stream shows: a pipeline that sees every event can in principle find every escalation.
 */
export function conversations(
  options: ConversationsOptions,
  seed: number,
  clock: Clock,
): ScenarioStream {
  const w = buildConversationsWorld(options, seed);
  const rng = new Rng(seed, EVENT_STREAM);
  const { customerIds, customerTier, customerChannel, agentIds, agentSpeed } = w;
  const customers = customerIds.length;
  const agents = agentIds.length;
  const rate = Math.min(1, Math.max(0, options.escalationRate));
  const arrivalGap = clock.meanGapMs * meanMessages(w, rate);
  const start = clock.startTime;

  // Open conversations in dense slots (a freed slot reused first), their numbers side by side
  // in one array: a conversation's state is two cache lines, whatever the number of slots.
  let state = new Float64Array(1024 * STRIDE);
  let slotsUsed = 0;
  /** Its id, made when first shown: most warm-up conversations never are. */
  const convId: string[] = [];
  const freeSlots: number[] = [];
  const open = new MinHeap(1024);
  let conversationCount = 0;

  const startWait = (slot: number, t: number, first: boolean): void => {
    const at = slot * STRIDE;
    const ch = state[at + F_CHANNEL]!;
    const intent = state[at + F_INTENT]!;
    let waitS: number;
    if (first && state[at + F_TYPE] === STALLED) waitS = STALLED_WAIT_S + rng.exp(STALLED_EXTRA_S);
    else if (first)
      waitS = FIRST_WAIT_S[ch]! * INTENT_WAIT[intent]! * rng.logNormal(0, FIRST_WAIT_SIGMA);
    else {
      const agent = state[at + F_AGENT]!;
      waitS =
        NEXT_WAIT_S[ch]! *
        INTENT_WAIT[intent]! *
        agentSpeed[agent]! *
        rng.logNormal(0, NEXT_WAIT_SIGMA);
    }
    state[at + F_TURN_AT] = t + waitS * 1000;
    const gap = NUDGE_GAP_S[ch]!;
    state[at + F_NUDGE_AT] = gap === Infinity ? Infinity : t + rng.exp(gap * 1000);
  };

  const openConversation = (t: number): number => {
    if (freeSlots.length === 0 && slotsUsed * STRIDE === state.length) {
      const grown = new Float64Array(state.length * 2);
      grown.set(state);
      state = grown;
    }
    const slot = freeSlots.length > 0 ? freeSlots.pop()! : slotsUsed++;
    const at = slot * STRIDE;
    const n = conversationCount++;
    const customer = rng.int(customers);
    const intent = intentIndex(seed, n);
    const u = rng.float();
    const type = u < rate / 2 ? ANGRY : u < rate ? STALLED : NORMAL;
    const angry = type === ANGRY;
    let turns = angry ? ANGRY_MIN_TURNS : 1;
    const pMore = angry ? P_ANOTHER_TURN_ANGRY : P_ANOTHER_TURN;
    while (turns < MAX_TURNS && rng.float() < pMore) turns++;
    state[at + F_NO] = n;
    convId[slot] = '';
    state[at + F_CUSTOMER] = customer;
    state[at + F_INTENT] = intent;
    state[at + F_CHANNEL] =
      rng.float() < P_PREFERRED_CHANNEL ? customerChannel[customer]! : rng.int(CHANNELS.length);
    state[at + F_AGENT] = -1;
    state[at + F_TYPE] = type;
    state[at + F_TURNS_LEFT] = turns;
    state[at + F_MESSAGE_NO] = 0;
    state[at + F_PHASE] = CUSTOMER_NEXT;
    state[at + F_TURN_AT] = t; // the customer's first message is due now
    state[at + F_NUDGE_AT] = Infinity;
    state[at + F_SINCE] = -1;
    const mood = angry
      ? ANGRY_MOOD + 0.1 * rng.normal()
      : INTENT_MOOD[intent]! + MOOD_SIGMA * rng.normal();
    state[at + F_MOOD] = mood;
    // The hidden outcome, decided now and shown only through moods, waits and words.
    const goldCancel = intent === CANCELLATION && customerTier[customer] === GOLD;
    const pBad =
      type === ANGRY
        ? P_BAD_ANGRY
        : type === STALLED
          ? P_BAD_STALLED
          : goldCancel
            ? P_BAD_GOLD_CANCEL
            : mood < UNHAPPY_MOOD
              ? P_BAD_UNHAPPY
              : P_BAD_ORDINARY;
    const bad = rng.float() < pBad;
    state[at + F_REASON] = !bad
      ? 0
      : goldCancel
        ? CHURNED
        : type === STALLED
          ? ABANDONED
          : COMPLAINED;
    // A customer who gives up waiting does not write again after the late answer.
    if (bad && type === STALLED) state[at + F_TURNS_LEFT] = 1;
    return slot;
  };

  /** When the slot's next message is due (Infinity once closed). */
  const due = (slot: number): number => {
    const at = slot * STRIDE;
    const phase = state[at + F_PHASE]!;
    if (phase === CUSTOMER_NEXT) return state[at + F_TURN_AT]!;
    if (phase === CLOSED) return Infinity;
    const a = state[at + F_TURN_AT]!;
    const b = state[at + F_NUDGE_AT]!;
    return b < a ? b : a;
  };

  /** The phrasing of the last customerText: held out or the bank's. */
  let heldOut = false;
  const customerText = (slot: number, kind: readonly (readonly string[])[], sentiment: number) => {
    const at = slot * STRIDE;
    const intent = state[at + F_INTENT]!;
    const u = rng.float();
    let text: string;
    heldOut = false;
    if (kind === NUDGE && u < P_GENERIC_NUDGE) text = rng.pick(GENERIC_NUDGE);
    else if (u < P_VAGUE) text = rng.pick(VAGUE);
    else if (u < P_VAGUE + P_MISLEADING) text = rng.pick(MISLEADING[intent]!);
    else if (rng.float() < HELD_OUT_SHARE) {
      heldOut = true;
      const held =
        kind === OPENING ? HELD_OUT_OPENING : kind === NUDGE ? HELD_OUT_NUDGE : HELD_OUT_FOLLOW_UP;
      text = rng.pick(held[intent]!);
    } else text = rng.pick(kind[intent]!);
    if (sentiment < -0.6) return text + rng.pick(ANGRY_SUFFIX);
    if (sentiment > 0.3) return text + rng.pick(POLITE_SUFFIX);
    return text;
  };

  const record = (
    slot: number,
    ts: number,
    fromCustomer: boolean,
    text: string,
    sentiment: number,
    waitSec: number | null,
    phrasing: ConversationMessage['phrasing'],
  ): ConversationMessage => {
    const at = slot * STRIDE;
    const reason = state[at + F_REASON]!;
    const agent = state[at + F_AGENT]!;
    let id = convId[slot]!;
    if (id === '') id = convId[slot] = `cv${state[at + F_NO]!}`;
    return {
      conversationId: id,
      messageNo: state[at + F_MESSAGE_NO]!,
      from: fromCustomer ? 'customer' : 'agent',
      channel: CHANNELS[state[at + F_CHANNEL]!]!,
      customerId: customerIds[state[at + F_CUSTOMER]!]!,
      tier: TIERS[customerTier[state[at + F_CUSTOMER]!]!]!,
      agentId: fromCustomer ? null : agentIds[agent]!,
      text,
      sentiment,
      waitSec,
      needsEscalation: reason !== 0,
      escalationReason: reason === 0 ? null : ESCALATION_REASONS[reason - 1]!,
      phrasing,
      ts,
    };
  };

  const customerSentiment = (slot: number) =>
    round2(clamp1(state[slot * STRIDE + F_MOOD]! + SENTIMENT_NOISE * rng.normal()));

  /**
   * Moves a conversation on by its next message, at `due(slot)`. Before the start (`show`
   * false) only the timing and the mood move: nothing is drawn for texts or labels.
   */
  const step = (slot: number, show: boolean): ConversationMessage | null => {
    const at = slot * STRIDE;
    const t = due(slot);
    const ts = Math.floor(t);
    state[at + F_MESSAGE_NO]!++;
    if (state[at + F_PHASE] === CUSTOMER_NEXT) {
      const first = state[at + F_SINCE] === -1;
      state[at + F_TURNS_LEFT]!--;
      state[at + F_SINCE] = ts;
      state[at + F_PHASE] = WAITING;
      startWait(slot, t, first);
      if (!show) return null;
      const sentiment = customerSentiment(slot);
      const text = customerText(slot, first ? OPENING : FOLLOW_UP, sentiment);
      return record(slot, ts, true, text, sentiment, null, heldOut ? 'heldOut' : 'bank');
    }
    if (state[at + F_NUDGE_AT]! < state[at + F_TURN_AT]!) {
      state[at + F_MOOD]! -= 0.1;
      state[at + F_NUDGE_AT] = t + rng.exp(NUDGE_GAP_S[state[at + F_CHANNEL]!]! * 1000);
      if (!show) return null;
      const sentiment = customerSentiment(slot);
      const text = customerText(slot, NUDGE, sentiment);
      return record(slot, ts, true, text, sentiment, null, heldOut ? 'heldOut' : 'bank');
    }
    // The agent answers.
    if (state[at + F_AGENT] === -1) state[at + F_AGENT] = rng.int(agents);
    const waitMs = ts - state[at + F_SINCE]!;
    state[at + F_MOOD]! += waitMs > 300_000 ? -0.1 : waitMs < 60_000 ? 0.05 : 0;
    if (state[at + F_REASON] !== 0) state[at + F_MOOD]! += SOURING;
    else if (state[at + F_TYPE] === ANGRY)
      state[at + F_MOOD] = Math.min(state[at + F_MOOD]! + CALMED_LIFT, 0.2);
    let message: ConversationMessage | null = null;
    if (show) {
      let text =
        rng.float() < 0.7 ? rng.pick(AGENT_REPLY[state[at + F_INTENT]!]!) : rng.pick(AGENT_GENERIC);
      if (waitMs > LONG_WAIT_MS) text = SORRY + text;
      const sentiment = round2(clamp1(0.35 + 0.15 * rng.normal()));
      message = record(slot, ts, false, text, sentiment, waitMs / 1000, null);
    }
    state[at + F_SINCE] = -2; // answered (-1 means: nothing written yet)
    if (state[at + F_TURNS_LEFT]! > 0) {
      state[at + F_PHASE] = CUSTOMER_NEXT;
      state[at + F_TURN_AT] =
        t + THINK_S[state[at + F_CHANNEL]!]! * 1000 * rng.logNormal(0, THINK_SIGMA);
    } else {
      state[at + F_PHASE] = CLOSED;
    }
    return message;
  };

  // Steady state: conversations that began before the start, moved on silently to it.
  for (let t = start - WARM_UP_MS + rng.exp(arrivalGap); t < start; t += rng.exp(arrivalGap)) {
    const slot = openConversation(t);
    while (due(slot) < start) step(slot, false);
    if (state[slot * STRIDE + F_PHASE] === CLOSED) freeSlots.push(slot);
    else open.push(due(slot), slot);
  }
  let nextArrival = start + rng.exp(arrivalGap);

  return {
    next(): ConversationMessage {
      let slot: number;
      const fromHeap = nextArrival > open.topKey();
      if (fromHeap) slot = open.topId();
      else {
        slot = openConversation(nextArrival);
        nextArrival += rng.exp(arrivalGap);
      }
      const message = step(slot, true)!;
      const next = due(slot);
      if (next === Infinity) {
        freeSlots.push(slot);
        if (fromHeap) open.pop();
      } else if (fromHeap) open.replaceTop(next, slot);
      else open.push(next, slot);
      return message;
    },
  };
}
