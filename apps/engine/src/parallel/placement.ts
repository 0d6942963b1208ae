import { nodeFieldReads, PaneCombiner, type WindowParams } from '@rivulet/operators';
import type { Problem } from '@rivulet/shared-types';
import type { Plan } from '../plan.js';
import type { ValidEdge, ValidPipeline } from '../validate.js';

/**
 * Where a node runs in a run in parallel (N workers):
 * - `split`: in every worker, on that worker's blocks of the sources (sources, and the stateless
 *   nodes after them);
 * - `keyed`: in every worker, on the keys that hash to it (after a keyBy);
 * - `global`: in worker 0 only (sinks, and stateful nodes whose input is not keyed), as Flink
 *   runs a non-keyed window at parallelism 1.
 */
export type Placement = 'split' | 'keyed' | 'global';

/**
 * How an edge's records travel: `forward` within the worker; `hash` to the worker of the
 * record's key; `gather` to worker 0; `broadcast` to every worker (the side of a join.interval
 * that asks for it: its other side then stays `forward`, and each worker joins the records it
 * has of that side with all of this one's, the same pairs as by key). An exchange from the
 * split region is `ordered`: the receiver takes the blocks of each source in stream order, so
 * that every key sees its records in the order and with the watermarks of parallelism 1.
 */
export interface EdgeRoute {
  kind: 'forward' | 'hash' | 'gather' | 'broadcast';
  ordered: boolean;
  /** The workers that send on it: all, or worker 0 for an edge out of a global node. */
  senders: 'all' | 'first';
  /**
   * The only fields anything after the edge reads (a window's keys and aggregated fields):
   * records cross with these alone. Null: whole records (a node passes them on to a sink).
   */
  fields: string[] | null;
  /**
   * Records merged per key and pane before they cross (window/combine.ts): an edge out of a
   * keyBy into a tumbling or sliding window whose records merge exactly, with no late port.
   */
  combine: boolean;
}

export interface Placed {
  placement: Map<string, Placement>;
  routes: Map<ValidEdge, EdgeRoute>;
  /** Sources each worker reads its own partitions of (Kafka), with watermarks of its own. */
  partitioned: Set<string>;
}

/** Operators that keep no state between records: they run wherever their input is. */
const STATELESS = new Set(['filter', 'map', 'keyBy', 'union', 'join.lookup']);

/**
 * Places every node and routes every edge for a run in `parallelism` workers; problems when
 * the pipeline cannot run in parallel (a source that cannot be split, checkpoints).
 */
export function placePipeline(
  pipeline: ValidPipeline,
  plan: Plan,
): { ok: true; value: Placed } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const placement = new Map<string, Placement>();
  /** Per node: whether its records are in the worker of their key (see below). */
  const byKey = new Map<string, boolean>();
  const sources = pipeline.nodes.filter((n) => n.def.kind === 'source');
  const partitioned = new Set(
    sources
      .filter((n) => n.def.kind === 'source' && n.def.splitBy === 'partitions')
      .map((n) => n.id),
  );
  // A source read by partitions has a watermark per worker, one read by blocks the stream's
  // own (rebuilt in order): one run cannot mix them yet.
  if (partitioned.size > 0 && partitioned.size < sources.length)
    for (const id of partitioned)
      problems.push({
        nodeId: id,
        message: `settings.parallelism ${pipeline.parallelism}: a source read by partitions runs in parallel only as the pipeline's only kind of source (its other sources are files or generators)`,
      });
  for (const { node, incoming, keyFields } of plan.nodes) {
    const def = node.def;
    if (def.kind === 'source') {
      const why = def.splittable ? def.splittable(node.params) : 'it is read by one reader only';
      if (why !== null)
        problems.push({
          nodeId: node.id,
          message: `settings.parallelism ${pipeline.parallelism} needs sources that can be split among workers (files, unpaced generators, Kafka): ${why}`,
        });
      placement.set(node.id, 'split');
      continue;
    }
    const inputs = incoming.map((e) => placement.get(e.source)!);
    const same = inputs.every((p) => p === inputs[0]);
    let place: Placement;
    // A file sink writes where its records are (each worker appends whole lines); the
    // others (dashboards, brokers, the console) in worker 0. A stateless node (a keyBy too)
    // runs where its records are; a stateful one on keyed records, on the keys of its worker.
    if (def.kind === 'sink')
      place = def.type === 'sink.file' && same && inputs[0] !== 'global' ? inputs[0]! : 'global';
    else if (STATELESS.has(def.type)) place = same ? inputs[0]! : 'global';
    else place = keyFields !== null ? 'keyed' : 'global';
    placement.set(node.id, place);
    // Records sit in the worker of their key: out of a keyed stateful node, and on through
    // stateless nodes that keep the key (a keyBy makes another).
    byKey.set(
      node.id,
      place === 'keyed' &&
        (!STATELESS.has(def.type)
          ? def.kind !== 'sink'
          : def.type !== 'keyBy' && incoming.every((e) => byKey.get(e.source))),
    );
  }
  const routes = new Map<ValidEdge, EdgeRoute>();
  for (const edge of pipeline.edges) {
    const from = placement.get(edge.source)!;
    const to = placement.get(edge.target)!;
    const broadcast = broadcastPort(plan, edge.target, placement);
    // Records go to the worker of their key only into a stateful node: the stateless ones
    // before it (a keyBy, a filter) run where the records were read, so that records cross
    // once, in stream order (raw records crossing twice would reach it with the watermarks of
    // the workers they crossed from, not of the stream: late ones not found late).
    const target = plan.byId.get(edge.target)!.node.def;
    const stateful = target.kind !== 'sink' && !STATELESS.has(target.type);
    const kind =
      broadcast !== null
        ? (edge.targetHandle ?? 'in') === broadcast
          ? 'broadcast'
          : 'forward'
        : to === 'keyed' && stateful && !byKey.get(edge.source)
          ? 'hash'
          : from === to
            ? 'forward'
            : 'gather';
    const ordered = kind !== 'forward' && from === 'split' && partitioned.size === 0;
    routes.set(edge, {
      kind,
      ordered,
      senders: from === 'global' ? 'first' : 'all',
      fields: kind === 'forward' ? null : crossing(plan, edge, kind),
      combine: kind === 'hash' && combinable(plan, edge),
    });
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { placement, routes, partitioned } };
}

/**
 * The side of a join.interval that goes to every worker: the one its `broadcast` names, when
 * both sides come from the keyed region (not in stream order from the sources' blocks) and no
 * late port is connected (a late record of that side would go out once per worker). Else null.
 */
function broadcastPort(
  plan: Plan,
  nodeId: string,
  placement: Map<string, Placement>,
): 'left' | 'right' | null {
  const node = plan.byId.get(nodeId)!;
  if (node.node.def.type !== 'join.interval' || placement.get(nodeId) !== 'keyed') return null;
  const side = (node.node.params as { broadcast?: string }).broadcast;
  if (side !== 'left' && side !== 'right') return null;
  if ((node.outgoing.get('late') ?? []).length > 0) return null;
  return node.incoming.every((e) => placement.get(e.source) === 'keyed') ? side : null;
}

/** Whether the records of an edge can cross merged per key and pane (window/combine.ts). */
function combinable(plan: Plan, edge: ValidEdge): boolean {
  const target = plan.byId.get(edge.target)!;
  if (target.node.def.type !== 'window' || (edge.targetHandle ?? 'in') !== 'in') return false;
  if ((target.outgoing.get('late') ?? []).length > 0) return false;
  return PaneCombiner.of(target.node.params as WindowParams) !== null;
}

/**
 * The fields an edge's records cross with: those read after it, and on an edge out of a keyBy
 * its key fields (the receiver remakes the keys from them).
 */
function crossing(plan: Plan, edge: ValidEdge, kind: EdgeRoute['kind']): string[] | null {
  const fields = fieldsNeeded(plan, edge.target, edge.targetHandle);
  if (fields === null || kind !== 'hash' || !remadeKeys(plan, edge)) return fields;
  return [...new Set([...fields, ...plan.byId.get(edge.source)!.keyFields!])];
}

/**
 * Whether the receiver of a hash edge remakes the keys from the records (they come out of a
 * keyBy: its key fields cross with them) rather than taking them as sent.
 */
export function remadeKeys(plan: Plan, edge: ValidEdge): boolean {
  return plan.byId.get(edge.source)!.node.def.type === 'keyBy';
}

/** FNV-1a of a key's text: the worker of a key is `hashKey(key) % parallelism`. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Nodes whose output records carry their input's fields (a record passed on, or added to). */
const PASSES_ON = new Set(['filter', 'keyBy', 'union', 'join.lookup', 'dedupe', 'topN']);

/**
 * The fields of the records entering `nodeId` on `port` that it and everything after it read;
 * null when some node after it passes whole records on (to a sink, a pattern's match, a join).
 */
export function fieldsNeeded(plan: Plan, nodeId: string, port = 'in'): string[] | null {
  const node = plan.byId.get(nodeId)!;
  const type = node.node.def.type;
  const fields = new Set<string>(node.keyFields ?? []);
  for (const { field } of nodeFieldReads(node.node.raw)) fields.add(field);
  const after = (outPort: string): boolean => {
    for (const e of node.outgoing.get(outPort) ?? []) {
      const more = fieldsNeeded(plan, e.target, e.targetHandle);
      if (more === null) return false;
      for (const f of more) fields.add(f);
    }
    return true;
  };
  if (type === 'join.interval' && (port === 'left' || port === 'right')) {
    // A pair is the left's fields with leftPrefix and the right's with rightPrefix: a side
    // needs the names after its prefix of the fields read after `out`; a late record goes to
    // `late` as it came.
    const params = node.node.params as { leftPrefix?: string; rightPrefix?: string };
    const prefix = port === 'left' ? (params.leftPrefix ?? '') : (params.rightPrefix ?? 'right_');
    const out = new Set<string>();
    for (const e of node.outgoing.get('out') ?? []) {
      const more = fieldsNeeded(plan, e.target, e.targetHandle);
      if (more === null) return null;
      for (const f of more) out.add(f);
    }
    for (const f of out) if (f.startsWith(prefix)) fields.add(f.slice(prefix.length));
    return after('late') ? [...fields] : null;
  }
  if (node.node.def.kind === 'sink' || port !== 'in') return null;
  if (type === 'window') return (node.outgoing.get('late') ?? []).length === 0 ? [...fields] : null;
  if (type === 'map') {
    if ([...node.outgoing].some(([p, edges]) => p !== 'out' && edges.length > 0)) return null;
    if ((node.node.params as { keep?: boolean }).keep === false) return [...fields];
    return after('out') ? [...fields] : null;
  }
  if (!PASSES_ON.has(type)) return null;
  // A node with an errors port passes records on there too.
  for (const outPort of node.outgoing.keys()) if (!after(outPort)) return null;
  return [...fields];
}
