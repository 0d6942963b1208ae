import { compileExpression, conversationIntent, type Rec } from '@rivulet/operators';
import { runBounded } from '../harness.js';
import { detection, quantile, ratio, round } from '../metrics.js';
import { goal, type Scenario } from '../types.js';
import { SERVICE_RATE_PER_SEC, SERVICE_TEMPLATE } from './template.js';

const MINUTE = 60_000;
/** Recall counts conversations whose escalation began at least this long before the end. */
const SETTLE_MS = 30 * MINUTE;
const REASONS = ['negative_streak', 'long_wait', 'vip_cancellation'] as const;

const messageId = (r: Rec) => `${r.conversationId as string}#${r.messageNo as number}`;

export const customerService: Scenario = {
  name: 'customer-service',
  title: SERVICE_TEMPLATE.title,
  template: SERVICE_TEMPLATE,
  defaults: { seed: 1, events: 60_000 },
  dataFiles: () => [],
  async evaluate({ seed, events }) {
    /** Per conversation with an escalation label: when it began and why. */
    const onset = new Map<string, { ts: number; reason: string }>();
    const labelled = new Set<string>();
    let customerMessages = 0;
    // Routing is measured with the route node's own expression, compiled as the engine does.
    const routeNode = SERVICE_TEMPLATE.document.nodes.find((n) => n.id === 'route')!;
    const routeOf = compileExpression((routeNode.params.fields as { route: string }).route);
    const routes: { conversationId: string; messageNo: number; route: string }[] = [];
    let firstTs = Infinity;
    const run = await runBounded(SERVICE_TEMPLATE.document, {
      seed,
      events,
      eventId: messageId,
      observe: (r) => {
        if ((r.ts as number) < firstTs) firstTs = r.ts as number;
        if (r.from === 'customer') {
          customerMessages++;
          routes.push({
            conversationId: r.conversationId as string,
            messageNo: r.messageNo as number,
            route: String(routeOf(r)),
          });
        }
        if (r.needsEscalation !== true) return;
        labelled.add(messageId(r));
        const id = r.conversationId as string;
        if (!onset.has(id))
          onset.set(id, { ts: r.ts as number, reason: r.escalationReason as string });
      },
    });

    const alerts = (run.captured.get('escalations') ?? []).map((c) => ({
      ...c,
      id: messageId(c.record),
    }));
    const counted = new Set(
      [...onset].filter(([, o]) => o.ts <= run.lastTs - SETTLE_MS).map(([id]) => id),
    );
    const occurrenceOf = (id: string) => (labelled.has(id) ? id.slice(0, id.indexOf('#')) : null);
    const all = detection(
      alerts.map((a) => [a.id]),
      occurrenceOf,
      counted,
    );
    const firstAlert = new Map<string, number>();
    for (const a of alerts) {
      const c = a.record.conversationId as string;
      if (!firstAlert.has(c)) firstAlert.set(c, a.ts);
    }
    const byReason = REASONS.map((reason) => {
      const mine = new Set([...counted].filter((id) => onset.get(id)!.reason === reason));
      const found = [...mine].filter((id) =>
        alerts.some((a) => a.record.conversationId === id && labelled.has(a.id)),
      );
      const delays = [...mine]
        .filter((id) => firstAlert.has(id))
        .map((id) => (firstAlert.get(id)! - onset.get(id)!.ts) / 1000);
      const ruleAlerts = alerts.filter((a) => a.record.rule === reason);
      return {
        reason,
        conversations: mine.size,
        recall: ratio(found.length, mine.size),
        alerts: ruleAlerts.length,
        precision: ratio(ruleAlerts.filter((a) => labelled.has(a.id)).length, ruleAlerts.length),
        p50: quantile(delays, 0.5),
        p99: quantile(delays, 0.99),
      };
    });
    const wall = alerts.map((a) => a.at - (run.readAt.get(a.id) ?? NaN)).filter(Number.isFinite);

    const routing = routingAccuracy(routes, seed);
    return {
      scenario: 'customer-service',
      seed,
      events,
      notes: [
        `The template bounded, paced at its ${SERVICE_RATE_PER_SEC} messages/s on a virtual clock: ${((run.lastTs - firstTs) / MINUTE).toFixed(0)} min of event time, ${customerMessages} customer messages.`,
        'Routing accuracy: customer messages whose keyword route equals the conversation’s hidden intent; “general” (no keyword) counts as wrong.',
        'Escalations (one alert per conversation): an alert is right when the message that raised it is labelled needsEscalation. Recall per reason: conversations labelled with it whose label began 30 min or more before the end and got a right alert. Delay: event time from the first labelled message to the first alert.',
        'Long waits are seen when the answer comes (its waitSec): the engine has no timer-driven “nothing happened for 10 min” pattern, so the alert waits for the answer, and the label may start earlier, at a nudge.',
      ],
      figures: [
        { name: 'routing accuracy (messages)', value: round(routing.messages) },
        { name: 'routing accuracy (opening messages)', value: round(routing.openings) },
        { name: 'routed general (no keyword)', value: round(routing.general) },
        { name: 'escalations: conversations counted', value: all.occurrences },
        { name: 'escalations: alerts', value: all.alerts },
        { name: 'escalations: precision', value: round(all.precision) },
        { name: 'escalations: recall', value: round(all.recall) },
        ...byReason.flatMap((r) => [
          { name: `${r.reason}: conversations`, value: r.conversations },
          { name: `${r.reason}: recall`, value: round(r.recall) },
          { name: `${r.reason}: rule alerts`, value: r.alerts },
          { name: `${r.reason}: rule precision`, value: round(r.precision) },
          { name: `${r.reason}: delay p50`, value: round(r.p50, 1), unit: 's' },
          { name: `${r.reason}: delay p99`, value: round(r.p99, 1), unit: 's' },
        ]),
        { name: 'escalation wall latency p99', value: round(quantile(wall, 0.99), 2), unit: 'ms' },
      ],
      goals: [
        goal('routing accuracy (messages)', round(routing.messages), '>=', 0.85),
        goal('escalation precision', round(all.precision), '>=', 0.9),
        goal('escalation recall', round(all.recall), '>=', 0.9),
        goal('escalation wall latency p99', round(quantile(wall, 0.99), 2), '<', 50, 'ms'),
      ],
    };
  },
};

function routingAccuracy(
  routes: readonly { conversationId: string; messageNo: number; route: string }[],
  seed: number,
): { messages: number | null; openings: number | null; general: number | null } {
  let right = 0;
  let general = 0;
  let openings = 0;
  let openingsRight = 0;
  for (const r of routes) {
    const ok = r.route === conversationIntent(r.conversationId, seed);
    if (ok) right++;
    if (r.route === 'general') general++;
    if (r.messageNo === 1) {
      openings++;
      if (ok) openingsRight++;
    }
  }
  return {
    messages: ratio(right, routes.length),
    openings: ratio(openingsRight, openings),
    general: ratio(general, routes.length),
  };
}
