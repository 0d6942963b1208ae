// One worker of a run in parallel: the pipeline's nodes on this worker's share of the sources
// and keys (see placement.ts), joined to the other workers by the exchange.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { keyMaker, type OperatorDefinition } from '@rivulet/operators';
import type { PipelineDocument } from '@rivulet/shared-types';
import { loadConnectors } from '../connectors/index.js';
import { nodeIO } from '../io.js';
import { Job, type DeadLetter, type JobResult } from '../job.js';
import { relativeTo } from '../paths.js';
import { planPipeline } from '../plan.js';
import { validatePipeline, type ValidPipeline } from '../validate.js';
import type { WorkerCut } from '../checkpoint/checkpoint.js';
import { SourceBlocks } from './blocks.js';
import { Exchange, type ExchangeState } from './exchange.js';
import { placePipeline, remadeKeys } from './placement.js';
import { decode, encode, seal, sealed, type Remake, type Wire } from './wire.js';

export interface WorkerInput {
  doc: PipelineDocument;
  /** Folder the pipeline's file paths are relative to (none: as written). */
  baseDir: string | null;
  index: number;
  count: number;
  /** A port to each other worker, by worker index (null for this one). */
  ports: (MessagePort | null)[];
  /** Per source, its blocks' shared memory (blocks.ts), and records (or lines) per block. */
  blocks: Record<string, SharedArrayBuffer>;
  blockSize: number;
  /** This worker's part of the checkpoint the run resumes from. */
  restore: WorkerCut | null;
}

/** What a worker tells the coordinator. */
export type WorkerMessage =
  | { t: 'print'; line: string }
  | {
      t: 'done';
      result: JobResult;
      deadLetters: DeadLetter[];
    }
  | { t: 'failed'; message: string }
  /**
   * Every source of this worker is held at checkpoint `id`'s barrier or has ended; the messages
   * it has sent to and taken from each other worker so far (checkpoint.ts).
   */
  | { t: 'quiet'; id: number; sent: number[]; received: number[] }
  | { t: 'cut'; id: number; cut: WorkerCut }
  | { t: 'cut'; id: number; failed: string };

/** What the coordinator tells a worker. */
export type CoordinatorMessage =
  /** Run this job (its ports to the other workers come with it). */
  | { t: 'job'; input: WorkerInput }
  /** The job has ended everywhere: close its ports; the worker waits for the next one. */
  | { t: 'release' }
  | { t: 'stop' }
  /** Checkpoint `id`'s barrier is raised: say when quiet. */
  | { t: 'barrier'; id: number }
  /** Everything is quiet: take the cut. */
  | { t: 'cut'; id: number }
  /** The cut is taken: the sources go on. */
  | { t: 'resume'; id: number }
  /** The checkpoint is durable: sinks commit what it holds. */
  | { t: 'durable'; id: number };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  // Per edge (by index), the only fields its records carry across, and for an edge out of a
  // keyBy, how the receiver remakes the keys (as the keyBy makes them: interned).
  const fields = valid.value.edges.map((e) => routes.get(e)?.fields ?? null);
  const remakes: Remake[] = valid.value.edges.map((e) => {
    if (routes.get(e)?.kind !== 'hash' || !remadeKeys(plan, e)) return null;
    const keys = keyMaker(plan.byId.get(e.source)!.keyFields!);
    return (record) => keys.keyOf(record);
  });
  // The global nodes run in worker 0 only.
  const mine: ValidPipeline = {
    ...valid.value,
    nodes: valid.value.nodes.map((n) =>
      placement.get(n.id) === 'global' && input.index !== 0 ? { ...n, def: elsewhere(n.def) } : n,
    ),
  };
  let posting: (to: number) => void = () => {};
  const exchange = new Exchange(
    mine,
    plan,
    placed.value,
    input.index,
    input.count,
    (to, m) => {
      const { wire, transfer } =
        m.t === 'end' ? encode(m, null) : encode(m, fields[m.edge]!, remakes[m.edge] !== null);
      posting(to);
      input.ports[to]!.postMessage(wire, transfer);
    },
    new Map(Object.entries(input.blocks).map(([id, sab]) => [id, new SourceBlocks(sab)])),
    input.blockSize,
    (m) => seal(m, fields[m.edge]!, remakes[m.edge]!),
  );
  await loadConnectors(mine.nodes.map((n) => n.def.type));
  const job = new Job(mine, {
    io: nodeIO((line) => port.postMessage({ t: 'print', line } satisfies WorkerMessage)),
    parallel: exchange.part(),
    ...(input.restore
      ? {
          restore: {
            format: 1,
            id: 0,
            pipeline: '',
            name: valid.value.doc.name,
            takenAt: 0,
            durationMs: 0,
            nodes: input.restore.nodes,
            deadLetterTotal: input.restore.deadLetterTotal,
          },
        }
      : {}),
  });
  exchange.attach(job);
  if (input.restore) exchange.restore(input.restore.exchange as ExchangeState);

  // Checkpoints (checkpoint.ts): messages counted per other worker, so that the coordinator
  // knows when nothing is on its way; quiet told once per turn while a barrier stands.
  const sent = new Array<number>(input.count).fill(0);
  const received = new Array<number>(input.count).fill(0);
  const sources = mine.nodes.filter((n) => n.def.kind === 'source').map((n) => n.id);
  let barrier = 0;
  let finished = false;
  let stopped = false;
  let telling = false;
  const tellIfQuiet = () => {
    if (barrier === 0 || telling) return;
    telling = true;
    setImmediate(() => {
      telling = false;
      const id = barrier;
      if (id === 0) return;
      if (sources.every((s) => job.sourceDone(s) || exchange.heldAt.get(s) === id))
        port.postMessage({ t: 'quiet', id, sent, received } satisfies WorkerMessage);
    });
  };
  exchange.onSourceStop = tellIfQuiet;
  posting = (to) => {
    sent[to]!++;
  };
  input.ports.forEach((p, from) =>
    p?.on('message', (m: Wire) => {
      received[from]!++;
      // Stopped (cancelled): what the others still send is dropped, the sinks are closing.
      if (stopped) return;
      const remake = m.t === 'end' ? null : remakes[m.edge]!;
      exchange.receive(m.t === 'block' ? sealed(m, remake) : decode(m, remake), from);
      tellIfQuiet();
    }),
  );
  handle = (m: CoordinatorMessage) => {
    if (m.t === 'stop') {
      stopped = true;
      job.stop();
    } else if (m.t === 'barrier') {
      barrier = m.id;
      tellIfQuiet();
    } else if (m.t === 'cut') {
      if (finished) {
        port.postMessage({
          t: 'cut',
          id: m.id,
          failed: 'the run has ended',
        } satisfies WorkerMessage);
        return;
      }
      let cut: WorkerCut;
      try {
        const { nodes, deadLetterTotal } = job.cut();
        cut = { nodes, deadLetterTotal, exchange: exchange.snapshot() };
      } catch (error) {
        port.postMessage({ t: 'cut', id: m.id, failed: messageOf(error) } satisfies WorkerMessage);
        return;
      }
      job.flushSinks().then(
        () => port.postMessage({ t: 'cut', id: m.id, cut } satisfies WorkerMessage),
        (error: unknown) =>
          port.postMessage({
            t: 'cut',
            id: m.id,
            failed: messageOf(error),
          } satisfies WorkerMessage),
      );
    } else if (m.t === 'resume') {
      barrier = 0;
      exchange.resume(m.id);
    } else if (m.t === 'durable') void job.checkpointDurable(m.id);
  };
  for (const m of early.splice(0)) handle(m);
  const result = await job.run();
  finished = true;
  // The ports stay open (a message still on its way to another worker would be lost): the
  // coordinator ends the workers once every one is done.
  port.postMessage({ t: 'done', result, deadLetters: job.deadLetters } satisfies WorkerMessage);
}

/** Messages for a job that is still starting, and what they go to once it has started. */
let early: CoordinatorMessage[] = [];
let handle: (m: CoordinatorMessage) => void = (m) => early.push(m);

/**
 * A pooled worker (pool.ts) runs one job after another: the modules it loaded and the code the
 * engine compiled stay warm. `release` ends a finished job's exchange (its ports close).
 */
if (parentPort && (workerData as { parallelPool?: boolean })?.parallelPool) {
  let ports: (MessagePort | null)[] = [];
  parentPort.on('message', (m: CoordinatorMessage) => {
    if (m.t === 'job') {
      ports = m.input.ports;
      early = [];
      handle = (m) => early.push(m);
      main(m.input).catch((error: unknown) => {
        parentPort!.postMessage({ t: 'failed', message: messageOf(error) } satisfies WorkerMessage);
      });
    } else if (m.t === 'release') {
      handle = () => {};
      for (const p of ports) p?.close();
      ports = [];
    } else handle(m);
  });
}
