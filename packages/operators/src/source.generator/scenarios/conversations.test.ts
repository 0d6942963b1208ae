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
  LONG_WAIT_MS,
  NEGATIVE_MESSAGES,
  NEGATIVE_SENTIMENT,
} from './conversations.js';

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

/**
 * The labels recomputed from the shown events and the hidden truth alone: from the first
 * message at which a rule holds (VIP cancellation, then long wait, then negative streak),
 * the reason stays.
 */
function expectedLabels(list: ConversationMessage[], seed: number): (string | null)[] {
  const out: (string | null)[] = [];
  let reason: string | null = null;
  let negative = 0;
  let customerMessages = 0;
  let since = -1;
  for (const e of list) {
    const customer = e.from === 'customer';
    if (customer) {
      if (e.sentiment < NEGATIVE_SENTIMENT) negative++;
      if (since < 0) since = e.ts;
      customerMessages++;
    }
    if (reason === null) {
      if (
        customer &&
        customerMessages === 1 &&
        e.tier === 'gold' &&
        conversationIntent(e.conversationId, seed) === 'cancellation'
      ) {
        reason = 'vip_cancellation';
      } else if (since >= 0 && e.ts - since > LONG_WAIT_MS) reason = 'long_wait';
      else if (negative >= NEGATIVE_MESSAGES) reason = 'negative_streak';
    }
    if (!customer) since = -1;
    out.push(reason);
  }
  return out;
}

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
      'conversationId,messageNo,from,channel,customerId,tier,agentId,text,sentiment,waitSec,needsEscalation,escalationReason,ts';
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

  it('lets a keyword expression route customer messages mostly, not perfectly, right', () => {
    const route = compileExpression(ROUTING);
    for (const list of [sample, slowSample]) {
      const customer = list.filter((e) => e.from === 'customer');
      const right = customer.filter(
        (e) => route(e) === conversationIntent(e.conversationId, 1),
      ).length;
      const accuracy = right / customer.length;
      expect(accuracy).toBeGreaterThanOrEqual(0.85);
      expect(accuracy).toBeLessThan(0.95);
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

  it('labels escalations exactly by their rules, from the message where they hold', () => {
    for (const [list, seed] of [
      [slowSample, 1],
      [sample, 1],
      [events(50_000, slow, { ...options, escalationRate: 0.3 }, 7), 7],
    ] as const) {
      let mismatches = 0;
      for (const messages of byConversation([...list]).values()) {
        const expected = expectedLabels(messages, seed);
        messages.forEach((e, i) => {
          if (e.escalationReason !== expected[i]) mismatches++;
        });
      }
      expect(mismatches).toBe(0);
    }
  });

  it('shows all three reasons, in a share of conversations that follows escalationRate', () => {
    /** Reasons of the conversations shown from their start, early enough to have ended. */
    const reasons = (list: ConversationMessage[], whole = true) => {
      const end = whole ? list[list.length - 1]!.ts - 30 * 60_000 : Infinity;
      const last = new Map<string, string | null>();
      for (const e of list) {
        const seen = last.has(e.conversationId);
        if (seen || (e.messageNo === 1 && e.ts < end))
          last.set(e.conversationId, e.escalationReason);
      }
      const count = (r: string | null) => [...last.values()].filter((x) => x === r).length;
      return { share: 1 - count(null) / last.size, count };
    };
    const { share, count } = reasons(slowSample);
    for (const reason of ESCALATION_REASONS) expect(count(reason), reason).toBeGreaterThan(100);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.2);
    // At 1000 events per second, 100,000 events are 100 s: too short for a 10-minute wait.
    const fast = reasons(sample, false);
    expect(fast.count('negative_streak')).toBeGreaterThan(10);
    expect(fast.count('vip_cancellation')).toBeGreaterThan(10);
    const calm = reasons(events(100_000, slow, { ...options, escalationRate: 0 }));
    const stormy = reasons(events(100_000, slow, { ...options, escalationRate: 0.3 }));
    expect(calm.share).toBeLessThan(0.08);
    expect(stormy.share).toBeGreaterThan(0.27);
    expect(stormy.share).toBeLessThan(0.4);
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
