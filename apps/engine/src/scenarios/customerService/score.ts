import { ratio } from '../metrics.js';

/** One customer message: its hidden intent, the pipeline's route and the substring baseline's. */
export interface Routed {
  truth: string;
  route: string;
  substring: string;
  /** The template's routing before word boundaries and the new keywords. */
  previous: string;
  heldOut: boolean;
}

export interface RoutingScore {
  messages: number;
  accuracy: number | null;
  substring: number | null;
  previous: number | null;
  /** Always the most frequent true intent of these messages. */
  majority: number | null;
  /** Share routed "general" (no keyword). */
  general: number | null;
  /** By true intent, then route: message counts. */
  confusion: Record<string, Record<string, number>>;
}

/** Routing accuracy on held-out and on phrase-bank messages, with the baselines. */
export function routingScores(
  routed: readonly Routed[],
  intents: readonly string[],
): { heldOut: RoutingScore; bank: RoutingScore } {
  const score = (list: readonly Routed[]): RoutingScore => {
    const confusion: Record<string, Record<string, number>> = {};
    for (const intent of intents) confusion[intent] = {};
    const perIntent = new Map<string, number>();
    let right = 0;
    let substring = 0;
    let previous = 0;
    let general = 0;
    for (const r of list) {
      if (r.route === r.truth) right++;
      if (r.substring === r.truth) substring++;
      if (r.previous === r.truth) previous++;
      if (r.route === 'general') general++;
      perIntent.set(r.truth, (perIntent.get(r.truth) ?? 0) + 1);
      const row = (confusion[r.truth] ??= {});
      row[r.route] = (row[r.route] ?? 0) + 1;
    }
    const most = Math.max(0, ...perIntent.values());
    return {
      messages: list.length,
      accuracy: ratio(right, list.length),
      substring: ratio(substring, list.length),
      previous: ratio(previous, list.length),
      majority: ratio(most, list.length),
      general: ratio(general, list.length),
      confusion,
    };
  };
  return {
    heldOut: score(routed.filter((r) => r.heldOut)),
    bank: score(routed.filter((r) => !r.heldOut)),
  };
}

export interface Alert {
  conversationId: string;
  rule: string;
  ts: number;
}

export interface EscalationScore {
  alerts: number;
  /** Counted conversations that end badly. */
  occurrences: number;
  precision: number | null;
  recall: number | null;
  recallByOutcome: Record<string, number | null>;
  precisionByRule: Record<string, number | null>;
  alertsByRule: Record<string, number>;
}

/**
 * Alerts (at most one per conversation counts) against hidden outcomes: an alert is right when
 * its conversation ends badly (`labelOf` gives the outcome, null for a good end); recall is the
 * share of the `counted` conversations ending badly that got an alert.
 */
export function escalationScores(
  alerts: readonly Alert[],
  labelOf: (conversationId: string) => string | null,
  counted: readonly string[],
): EscalationScore {
  const first = new Map<string, Alert>();
  for (const a of alerts) if (!first.has(a.conversationId)) first.set(a.conversationId, a);
  const byRule = new Map<string, { alerts: number; right: number }>();
  let right = 0;
  for (const a of first.values()) {
    const ok = labelOf(a.conversationId) !== null;
    if (ok) right++;
    const r = byRule.get(a.rule) ?? { alerts: 0, right: 0 };
    r.alerts++;
    if (ok) r.right++;
    byRule.set(a.rule, r);
  }
  const bad = counted.filter((id) => labelOf(id) !== null);
  const byOutcome = new Map<string, { n: number; found: number }>();
  let found = 0;
  for (const id of bad) {
    const o = byOutcome.get(labelOf(id)!) ?? { n: 0, found: 0 };
    o.n++;
    if (first.has(id)) {
      o.found++;
      found++;
    }
    byOutcome.set(labelOf(id)!, o);
  }
  return {
    alerts: first.size,
    occurrences: bad.length,
    precision: ratio(right, first.size),
    recall: ratio(found, bad.length),
    recallByOutcome: Object.fromEntries(
      [...byOutcome].sort().map(([k, o]) => [k, ratio(o.found, o.n)]),
    ),
    precisionByRule: Object.fromEntries(
      [...byRule].sort().map(([k, r]) => [k, ratio(r.right, r.alerts)]),
    ),
    alertsByRule: Object.fromEntries([...byRule].sort().map(([k, r]) => [k, r.alerts])),
  };
}
