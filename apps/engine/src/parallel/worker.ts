// One worker of a run in parallel: the pipeline's nodes on this worker's share of the sources
// and keys (see placement.ts), joined to the other workers by the exchange.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { OperatorDefinition } from '@rivulet/operators';
import type { PipelineDocument } from '@rivulet/shared-types';
import { loadConnectors } from '../connectors/index.js';
import { nodeIO } from '../io.js';
import { Job, type DeadLetter, type JobResult } from '../job.js';
import { relativeTo } from '../paths.js';
import { planPipeline } from '../plan.js';
import { validatePipeline, type ValidPipeline } from '../validate.js';
import { Exchange } from './exchange.js';
import { placePipeline } from './placement.js';
import { decode, encode, type Wire } from './wire.js';

export interface WorkerInput {
  doc: PipelineDocument;
  /** Folder the pipeline's file paths are relative to (none: as written). */
  baseDir: string | null;
  index: number;
  count: number;
  /** A port to each other worker, by worker index (null for this one). */
  ports: (MessagePort | null)[];
  /** Per source, one shared Int32: the next block no worker has claimed. */
  blocks: Record<string, SharedArrayBuffer>;
}

/** What a worker tells the coordinator. */
export type WorkerMessage =
  | { t: 'print'; line: string }
  | {
      t: 'done';
      result: JobResult;
      deadLetters: DeadLetter[];
    }
  | { t: 'failed'; message: string };

/** A node that runs on another worker: here it takes nothing and makes nothing. */
const elsewhere = (def: OperatorDefinition): OperatorDefinition =>
  def.kind === 'source' ? def : { ...def, create: () => ({ onRecord() {} }) };

async function main(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const valid = validatePipeline(input.doc, {
    ...(input.baseDir !== null ? { checkPath: relativeTo(input.baseDir) } : {}),
  });
  if (!valid.ok) throw new Error(valid.problems.map((p) => p.message).join('; '));
  const plan = planPipeline(valid.value);
  const placed = placePipeline(valid.value, plan);
  if (!placed.ok) throw new Error(placed.problems.map((p) => p.message).join('; '));
  const { placement, routes } = placed.value;
  // Per edge (by index), the only fields its records carry across.
  const fields = valid.value.edges.map((e) => routes.get(e)?.fields ?? null);
  // The global nodes run in worker 0 only.
  const mine: ValidPipeline = {
    ...valid.value,
    nodes: valid.value.nodes.map((n) =>
      placement.get(n.id) === 'global' && input.index !== 0 ? { ...n, def: elsewhere(n.def) } : n,
    ),
  };
  const exchange = new Exchange(
    mine,
    plan,
    placed.value,
    input.index,
    input.count,
    (to, m) => {
      const { wire, transfer } = encode(m, m.t === 'end' ? null : fields[m.edge]!);
      input.ports[to]!.postMessage(wire, transfer);
    },
    new Map(Object.entries(input.blocks).map(([id, sab]) => [id, new Int32Array(sab)])),
  );
  await loadConnectors(mine.nodes.map((n) => n.def.type));
  const job = new Job(mine, {
    io: nodeIO((line) => port.postMessage({ t: 'print', line } satisfies WorkerMessage)),
    parallel: exchange.part(),
  });
  exchange.attach(job);
  input.ports.forEach((p, from) =>
    p?.on('message', (m: Wire) => exchange.receive(decode(m), from)),
  );
  port.on('message', (m: { t: 'stop' }) => {
    if (m.t === 'stop') job.stop();
  });
  const result = await job.run();
  // The ports stay open (a message still on its way to another worker would be lost): the
  // coordinator ends the workers once every one is done.
  port.postMessage({ t: 'done', result, deadLetters: job.deadLetters } satisfies WorkerMessage);
}

if (parentPort && (workerData as { parallelWorker?: WorkerInput })?.parallelWorker)
  main((workerData as { parallelWorker: WorkerInput }).parallelWorker).catch((error: unknown) => {
    parentPort!.postMessage({
      t: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerMessage);
  });
