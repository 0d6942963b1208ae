import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../expr/index.js';
import { DEFAULT_START_TIME, GeneratorParams } from '../params.js';
import { openStream } from '../runtime.js';
import type { ConversationMessage, ConversationsOptions, Intent } from './conversations.js';
import {
  CHANNELS,
  conversationIntent,
  conversations,
  conversationsTruth,
  ESCALATION_REASONS,
  INTENTS,
  HELD_OUT_SHARE,
  LONG_WAIT_MS,
  NEGATIVE_SENTIMENT,
} from './conversations.js';
import { HELD_OUT_FOLLOW_UP, HELD_OUT_NUDGE, HELD_OUT_OPENING } from './conversations-heldout.js';

const clock = { startTime: DEFAULT_START_TIME, meanGapMs: 1 };
/** 20 events per second, as a paced demo runs: 100,000 events are 83 minutes. */
const slow = { ...clock, meanGapMs: 50 };
const options: ConversationsOptions = { customers: 2000, agents: 12, escalationRate: 0.1 };

function events(n: number, at = clock, opts = options, seed = 1): ConversationMessage[] {
  const stream = conversations(opts, seed, at);
  return Array.from({ length: n }, () => stream.next() as ConversationMessage);
}

function take(input: Record<string, unknown>, n: number): ConversationMessage[] {
  const { stream } = openStream(GeneratorParams.parse({ scenario: 'conversations', ...input }), 0);
  return Array.from({ length: n }, () => stream.next() as ConversationMessage);
}

function byConversation(list: ConversationMessage[]): Map<string, ConversationMessage[]> {
  const map = new Map<string, ConversationMessage[]>();
  for (const e of list) {
    const messages = map.get(e.conversationId);
    if (messages === undefined) map.set(e.conversationId, [e]);
    else messages.push(e);
  }
  return map;
}

/** Keyword routing as a pipeline writes it: the first rule that matches wins. */
const RULES: [Intent, string[]][] = [
  ['cancellation', ['cancel', 'close my account', 'terminate']],
  ['billing', ['invoice', 'charge', 'refund', 'payment', 'bill']],
  ['delivery', ['parcel', 'tracking', 'late', 'courier']],
  ['technical', ['error', 'login', 'crash', 'app']],
];
const ROUTING = RULES.reduceRight(
  (otherwise, [intent, words]) =>
    `${words.map((w) => `contains(lower(text), '${w}')`).join(' || ')} ? '${intent}' : ${otherwise}`,
  "'other'",
);

describe('conversations', () => {
  const sample = events(100_000);
  const slowSample = events(100_000, slow);
  const truth = conversationsTruth(options, 1);
  const tiers = new Map(truth.customers.map((c) => [c.customerId, c.tier]));

  it('is deterministic from the seed, through the source params too', () => {
    const a = JSON.stringify(take({ seed: 5 }, 10_000));
    expect(JSON.stringify(take({ seed: 5 }, 10_000))).toBe(a);
    expect(JSON.stringify(take({ seed: 6 }, 10_000))).not.toBe(a);
    expect(conversationsTruth(options, 9).customers).toEqual(
      conversationsTruth(options, 9).customers,
    );
  });

  it('gives every message the documented fields, consistent within its conversation', () => {
    const keys =
      'conversationId,messageNo,from,channel,customerId,tier,agentId,text,sentiment,waitSec,needsEscalation,escalationReason,phrasing,ts';
    const problems: string[] = [];
    let last = -Infinity;
    for (const e of [...sample, ...slowSample.slice(0, 20_000)]) {
      const customer = e.from === 'customer';
      const ok =
        Object.keys(e).join() === keys &&
        /^cv\d+$/.test(e.conversationId) &&
        Number.isInteger(e.messageNo) &&
        e.messageNo >= 1 &&
        CHANNELS.includes(e.channel) &&
        tiers.get(e.customerId) === e.tier &&
        (customer
          ? e.agentId === null && e.waitSec === null
          : e.from === 'agent' && /^ag([0-9]|1[01])$/.test(e.agentId!) && e.waitSec! >= 0) &&
        typeof e.text === 'string' &&
        e.text.length > 0 &&
        e.sentiment >= -1 &&
        e.sentiment <= 1 &&
        Math.abs(Math.round(e.sentiment * 100) - e.sentiment * 100) < 1e-9 &&
        e.needsEscalation === (e.escalationReason !== null) &&
        (e.escalationReason === null || ESCALATION_REASONS.includes(e.escalationReason)) &&
        (customer ? e.phrasing === 'bank' || e.phrasing === 'heldOut' : e.phrasing === null) &&
        Number.isInteger(e.ts) &&
        (e.ts >= last || e === slowSample[0]);
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
    }
    expect(problems.slice(0, 3)).toEqual([]);

    for (const list of byConversation(slowSample).values()) {
      const [first] = list;
      list.forEach((e, i) => {
        expect(e.messageNo).toBe(first!.messageNo + i);
        expect([e.customerId, e.channel]).toEqual([first!.customerId, first!.channel]);
      });
      expect(new Set(list.map((e) => e.agentId).filter((a) => a !== null)).size).toBeLessThan(2);
      // waitSec: since the oldest customer message the agent answers (which may come before
      // the start when the conversation is shown from mid-way).
      let since = -1;
      for (const e of list) {
        if (e.from === 'customer' && since < 0) since = e.ts;
        if (e.from === 'agent') {
          if (since >= 0 && first!.messageNo === 1) {
            expect(e.waitSec).toBeCloseTo((e.ts - since) / 1000, 6);
          } else if (since >= 0) expect(e.waitSec).toBeGreaterThanOrEqual((e.ts - since) / 1000);
          since = -1;
        }
      }
    }
  });

  it('starts some conversations mid-way (the steady state) and most from their first message', () => {
    const lists = [...byConversation(sample).values()];
    const fresh = lists.filter((list) => list[0]!.messageNo === 1).length;
    expect(fresh).toBeGreaterThan(0.3 * lists.length);
    expect(fresh).toBeLessThan(lists.length);
    expect(sample[0]!.ts - DEFAULT_START_TIME).toBeLessThan(100);
    const span = sample[sample.length - 1]!.ts - DEFAULT_START_TIME;
    expect(span).toBeGreaterThan(97_000);
    expect(span).toBeLessThan(103_000);
  });

  it('spreads intents evenly and keeps them hidden, rebuilt from the seed and the id', () => {
    const ids = [...byConversation(slowSample).keys()];
    for (const intent of INTENTS) {
      const share = ids.filter((id) => conversationIntent(id, 1) === intent).length / ids.length;
      expect(share, intent).toBeGreaterThan(0.23);
      expect(share, intent).toBeLessThan(0.27);
    }
    expect(ids.every((id) => truth.intentOf(id) === conversationIntent(id, 1))).toBe(true);
    expect(ids.some((id) => conversationIntent(id, 1) !== conversationIntent(id, 2))).toBe(true);
    expect(conversationIntent('c12', 1)).toBeNull();
    expect(JSON.stringify(sample[0])).not.toMatch(/intent/i);
  });

  it('words a share of customer messages from held-out paraphrases, which bank-written keywords route worse', () => {
    const route = compileExpression(ROUTING);
    const heldOutTexts = new Set([HELD_OUT_OPENING, HELD_OUT_FOLLOW_UP, HELD_OUT_NUDGE].flat(2));
    for (const list of [sample, slowSample]) {
      const customer = list.filter((e) => e.from === 'customer');
      const held = customer.filter((e) => e.phrasing === 'heldOut');
      const bank = customer.filter((e) => e.phrasing === 'bank');
      // Of the topical messages (about 8 in 10 of a customer's), HELD_OUT_SHARE held out.
      expect(held.length / customer.length).toBeGreaterThan(HELD_OUT_SHARE * 0.75);
      expect(held.length / customer.length).toBeLessThan(HELD_OUT_SHARE);
      const stem = (t: string) => t.replace(/ (This is|I'm really|Worst|Sort it|Thank).*$/, '');
      expect(held.every((e) => heldOutTexts.has(stem(e.text)))).toBe(true);
      expect(bank.some((e) => heldOutTexts.has(stem(e.text)))).toBe(false);
      const accuracy = (l: ConversationMessage[]) =>
        l.filter((e) => route(e) === conversationIntent(e.conversationId, 1)).length / l.length;
      expect(accuracy(bank)).toBeGreaterThanOrEqual(0.8);
      expect(accuracy(bank)).toBeLessThan(0.95);
      expect(accuracy(held)).toBeLessThan(accuracy(bank) - 0.1);
    }
  });

  it('answers with realistic waits while many conversations interleave', () => {
    const waits = slowSample
      .filter((e) => e.from === 'agent')
      .map((e) => e.waitSec!)
      .sort((a, b) => a - b);
    const at = (q: number) => waits[Math.floor(q * (waits.length - 1))]!;
    expect(at(0.5)).toBeGreaterThan(10);
    expect(at(0.5)).toBeLessThan(120);
    expect(at(0.99)).toBeGreaterThan(300);
    // Within any 1000 events at the default rate (1 s), most come from different conversations.
    expect(new Set(sample.slice(50_000, 51_000).map((e) => e.conversationId)).size).toBeGreaterThan(
      900,
    );
    const gold = truth.customers.filter((c) => c.tier === 'gold').length / truth.customers.length;
    expect(gold).toBeGreaterThan(0.04);
    expect(gold).toBeLessThan(0.08);
  });

  /** Per conversation shown from its first message: what the stream shows and its outcome. */
  const shown = (list: ConversationMessage[], settle = 30 * 60_000) => {
    const end = list[list.length - 1]!.ts - settle;
    return [...byConversation(list).values()]
      .filter((m) => m[0]!.messageNo === 1 && m[0]!.ts < end)
      .map((m) => {
        const customer = m.filter((e) => e.from === 'customer');
        return {
          outcome: m[0]!.escalationReason,
          labels: new Set(m.map((e) => `${e.needsEscalation}/${e.escalationReason}`)).size,
          negatives: customer.filter((e) => e.sentiment < NEGATIVE_SENTIMENT).length,
          longWait: m.some((e) => e.from === 'agent' && e.waitSec! * 1000 > LONG_WAIT_MS),
          goldCancel:
            m[0]!.tier === 'gold' && conversationIntent(m[0]!.conversationId, 1) === 'cancellation',
        };
      });
  };

  it('labels a whole conversation with its hidden outcome, in a share that follows escalationRate', () => {
    const convs = shown(slowSample);
    expect(convs.every((c) => c.labels === 1)).toBe(true);
    const count = (r: string | null) => convs.filter((c) => c.outcome === r).length;
    for (const reason of ESCALATION_REASONS) expect(count(reason), reason).toBeGreaterThan(30);
    const share = (l: typeof convs) => l.filter((c) => c.outcome !== null).length / l.length;
    expect(share(convs)).toBeGreaterThan(0.07);
    expect(share(convs)).toBeLessThan(0.15);
    const calm = shown(events(100_000, slow, { ...options, escalationRate: 0 }));
    const stormy = shown(events(100_000, slow, { ...options, escalationRate: 0.3 }));
    expect(share(calm)).toBeLessThan(0.08);
    expect(share(stormy)).toBeGreaterThan(0.15);
  });

  it("does not follow the rules' thresholds: every rule misses bad endings and fires on good ones", () => {
    const convs = shown(slowSample);
    const rules = {
      angry: (c: (typeof convs)[number]) => c.negatives >= 3,
      slow: (c: (typeof convs)[number]) => c.longWait,
      vip: (c: (typeof convs)[number]) => c.goldCancel,
    };
    for (const [name, rule] of Object.entries(rules)) {
      const fired = convs.filter(rule);
      const right = fired.filter((c) => c.outcome !== null).length / fired.length;
      expect(fired.length, name).toBeGreaterThan(30);
      expect(right, name).toBeGreaterThan(0.25);
      expect(right, name).toBeLessThan(0.85);
    }
    const bad = convs.filter((c) => c.outcome !== null);
    const silent = bad.filter((c) => !rules.angry(c) && !rules.slow(c) && !rules.vip(c));
    expect(silent.length / bad.length).toBeGreaterThan(0.15);
    expect(silent.length / bad.length).toBeLessThan(0.6);
  });

  it.each([undefined, '5s'])(
    'keeps every message within maxOutOfOrderness (%s) of the latest event time',
    (maxOutOfOrderness) => {
      const params = GeneratorParams.parse({ scenario: 'conversations', maxOutOfOrderness });
      const { stream, maxOutOfOrderness: bound } = openStream(params, 0);
      expect(bound).toBe(maxOutOfOrderness === undefined ? 0 : 5000);
      let maxTs = -Infinity;
      let worst = 0;
      let late = 0;
      for (let i = 0; i < 50_000; i++) {
        const t = stream.next().ts;
        if (t > maxTs) maxTs = t;
        worst = Math.max(worst, maxTs - t);
        if (t < maxTs) late++;
      }
      expect(worst).toBeLessThanOrEqual(bound);
      if (bound > 0) expect(late).toBeGreaterThan(1000);
      else expect(late).toBe(0);
    },
  );

  it('fills its params with defaults', () => {
    expect(GeneratorParams.parse({ scenario: 'conversations' })).toMatchObject({
      customers: 2000,
      agents: 12,
      escalationRate: 0.1,
    });
    expect(GeneratorParams.safeParse({ escalationRate: 0.9 }).success).toBe(false);
  });
});
