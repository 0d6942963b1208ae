import type { Problem, Result } from '@rivulet/shared-types';
import type { ValidPipeline } from '../validate.js';
import { canonical, type Checkpoint } from './checkpoint.js';

export interface RestorePlan {
  /** The checkpoint with only the nodes whose state fits this pipeline. */
  checkpoint: Checkpoint;
  /** Nodes whose saved state is not restored (gone, changed), allowed by allowNonRestoredState. */
  droppedNodes: string[];
}

/**
 * Matches a checkpoint or savepoint to a (maybe edited) version of its pipeline, as Flink
 * matches operator state by uid: a node's state is restored into the node of the same id and
 * type whose params are unchanged. State that fits nowhere (the node is gone, its type or its
 * params changed: a window of another size or other aggregations) is refused with a problem on
 * the node, unless `allowNonRestoredState` drops it. Stateless nodes (filter, map) may change
 * freely; their counters carry on when their id and type stay.
 */
export function planRestore(
  checkpoint: Checkpoint,
  pipeline: ValidPipeline,
  allowNonRestoredState: boolean,
): Result<RestorePlan> {
  if (checkpoint.parallel)
    return {
      ok: false,
      problems: [
        {
          message: `checkpoint ${checkpoint.id} was taken at settings.parallelism ${checkpoint.parallel.count}: its keyed state is split over that many workers and resumes only the same pipeline at the same parallelism`,
        },
      ],
    };
  const byId = new Map(pipeline.nodes.map((n) => [n.id, n]));
  const problems: Problem[] = [];
  const kept: Checkpoint['nodes'] = {};
  const droppedNodes: string[] = [];
  for (const [id, saved] of Object.entries(checkpoint.nodes)) {
    const node = byId.get(id);
    const stateful = saved.state !== undefined;
    let why: string | null = null;
    if (!node) why = `has state in checkpoint ${checkpoint.id} but is not in this pipeline`;
    else if (node.def.type !== saved.type)
      why = `was a ${saved.type} when checkpoint ${checkpoint.id} was taken; its state does not fit a ${node.def.type}`;
    else if (
      stateful &&
      stateParams(node.def.type, node.raw.params) !== stateParams(saved.type, saved.params)
    )
      why = `its params changed since checkpoint ${checkpoint.id}: its saved state does not fit them`;
    if (why === null) {
      kept[id] = saved;
      continue;
    }
    if (!stateful) continue; // nothing to lose: a stateless node that changed starts afresh
    droppedNodes.push(id);
    if (!allowNonRestoredState)
      problems.push({
        ...(node ? { nodeId: id } : {}),
        message: `node "${id}": ${why} (start anyway with allowNonRestoredState to drop it)`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { checkpoint: { ...checkpoint, nodes: kept }, droppedNodes } };
}

/**
 * Params that only pace a source (how fast it reads), never what its saved position means: a
 * changed pace keeps the position.
 */
const PACING: Record<string, readonly string[]> = {
  'source.file': ['rate'],
  'source.generator': ['ratePerSec'],
};

/** The params that shape a node's state, as comparable text. */
function stateParams(type: string, params: unknown): string {
  const pacing = PACING[type];
  if (!pacing || params === null || typeof params !== 'object') return canonical(params);
  const shaping = { ...(params as Record<string, unknown>) };
  for (const name of pacing) delete shaping[name];
  return canonical(shaping);
}
