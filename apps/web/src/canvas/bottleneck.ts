import type { NodeTelemetry } from '@rivulet/shared-types';

/** What the explanation needs of the pipeline: each node's id and title, and the edges. */
export interface BottleneckGraph {
  nodes: readonly { id: string; title: string; kind: 'source' | 'transform' | 'sink' }[];
  edges: readonly { source: string; target: string }[];
}

/** The node that limits throughput, and why, in one plain sentence from the figures. */
export interface Bottleneck {
  nodeId: string;
  /** busy: it takes the job's thread; sink: its sources wait for it to write. */
  reason: 'busy' | 'sink';
  sentence: string;
}

/** Sources blocked this share of the time: the sink downstream is what limits. */
export const BACKPRESSURE_LIMIT = 0.25;
/** The job's one thread is this busy in all: it runs as fast as it can. */
export const SATURATED = 0.6;
/** A single node this busy limits even when the thread has time left (e.g. a paced source). */
export const BUSY_LIMIT = 0.5;
/** State worth naming as the cause: keys or windows at least this many. */
export const BIG_STATE = 10_000;

const pct = (share: number): string => `${Math.round(share * 100)}%`;
const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The nodes upstream of `nodeId` with no input (its sources), in graph order. */
function sourcesOf(nodeId: string, graph: BottleneckGraph): string[] {
  const seen = new Set<string>([nodeId]);
  const todo = [nodeId];
  while (todo.length > 0) {
    const at = todo.pop()!;
    for (const e of graph.edges)
      if (e.target === at && !seen.has(e.source)) {
        seen.add(e.source);
        todo.push(e.source);
      }
  }
  return graph.nodes.filter((n) => n.kind === 'source' && seen.has(n.id)).map((n) => n.id);
}

/** The nodes downstream of `nodeId`, itself included. */
function downstreamOf(nodeId: string, graph: BottleneckGraph): Set<string> {
  const seen = new Set<string>([nodeId]);
  const todo = [nodeId];
  while (todo.length > 0) {
    const at = todo.pop()!;
    for (const e of graph.edges)
      if (e.source === at && !seen.has(e.target)) {
        seen.add(e.target);
        todo.push(e.target);
      }
  }
  return seen;
}

/** Why a busy node is slow, from its own figures: big state (and whether it grows), else its rate. */
function causeOf(now: NodeTelemetry, before: NodeTelemetry | undefined): string {
  const state = now.state;
  if (state && Math.max(state.keys, state.windows) >= BIG_STATE) {
    const keys =
      state.keys >= state.windows ? `${whole(state.keys)} keys` : `${whole(state.windows)} windows`;
    const was = before?.state ? Math.max(before.state.keys, before.state.windows) : null;
    const growing = was !== null && Math.max(state.keys, state.windows) > was * 1.02;
    return `: ${keys}${growing ? ' and growing' : ''}`;
  }
  return `, handling ${whole(now.rateIn1s)} records/s`;
}

/**
 * Which node limits throughput, and why, as Flink's back-pressure tab would lead to, in one
 * sentence; null while nothing limits (all idle, or a paced source with time to spare).
 *
 * A job runs on one thread: a sink whose buffer is full makes the sources wait (backpressure),
 * otherwise the thread's time is shared by the nodes' own work (busy) and the busiest node is
 * the one that sets the pace once the thread is saturated. `before` is the telemetry of a few
 * seconds earlier, to tell growing state.
 */
export function explainBottleneck(
  telemetry: Readonly<Record<string, NodeTelemetry>>,
  graph: BottleneckGraph,
  before: Readonly<Record<string, NodeTelemetry>> = {},
): Bottleneck | null {
  const nodes = graph.nodes.filter((n) => telemetry[n.id] !== undefined);
  if (nodes.length === 0) return null;
  const title = (id: string): string => {
    const n = graph.nodes.find((x) => x.id === id);
    return n ? `${n.title} ${id}` : id;
  };

  // A full sink: the sources wait for it. The sink downstream of the most blocked source that
  // is itself the busiest (writing) is named; the source's wait is the figure.
  let blocked: { id: string; share: number } | null = null;
  for (const n of nodes)
    if (n.kind === 'source') {
      const bp = telemetry[n.id]!.backpressure;
      if (bp >= BACKPRESSURE_LIMIT && (!blocked || bp > blocked.share))
        blocked = { id: n.id, share: bp };
    }
  if (blocked) {
    const below = downstreamOf(blocked.id, graph);
    const sinks = nodes.filter((n) => n.kind === 'sink' && below.has(n.id));
    const sink = sinks.reduce<(typeof sinks)[number] | undefined>(
      (a, b) => (!a || (telemetry[b.id]!.busy ?? 0) > (telemetry[a.id]!.busy ?? 0) ? b : a),
      undefined,
    );
    if (sink) {
      const rate = telemetry[sink.id]!.rateIn1s;
      return {
        nodeId: sink.id,
        reason: 'sink',
        sentence: `${title(sink.id)} cannot write faster than ${whole(rate)} records/s: it holds back ${title(blocked.id)} ${pct(blocked.share)} of the time.`,
      };
    }
  }

  let total = 0;
  let top: { id: string; busy: number } | null = null;
  for (const n of nodes) {
    const busy = telemetry[n.id]!.busy ?? 0;
    total += busy;
    if (!top || busy > top.busy) top = { id: n.id, busy };
  }
  if (!top || top.busy <= 0 || (total < SATURATED && top.busy < BUSY_LIMIT)) return null;
  const node = graph.nodes.find((n) => n.id === top.id)!;
  const figures = telemetry[top.id]!;
  if (node.kind === 'source')
    return {
      nodeId: top.id,
      reason: 'busy',
      sentence: `${title(top.id)} sets the pace: it is busy ${pct(top.busy)} of the time producing ${whole(figures.rateOut1s)} records/s, and the operators keep up.`,
    };
  const sources = sourcesOf(top.id, graph);
  const held = sources.length > 0 ? ` and holds back ${sources.map(title).join(', ')}` : '';
  return {
    nodeId: top.id,
    reason: 'busy',
    sentence: `${title(top.id)} is busy ${pct(top.busy)} of the time${held}${causeOf(figures, before[top.id])}.`,
  };
}
