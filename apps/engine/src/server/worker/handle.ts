import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  PeekResponse,
  PipelineDocument,
  Problem,
  RunStatus,
  TelemetryMessage,
} from '@rivulet/shared-types';
import type { Checkpoint } from '../../checkpoint/checkpoint.js';
import type { DeadLetter, JobResult } from '../../job.js';
import { DEAD_LETTER_CAPACITY, DEAD_LETTER_CHARS } from '../../job.js';
import type { FromWorker, TickPayload, ToWorker, WorkerInput } from './protocol.js';

/** The worker's compiled entry: beside this file in dist/, or dist/ when running from src/ (tests). */
const here = fileURLToPath(import.meta.url);
export const WORKER_ENTRY = here.endsWith('.ts')
  ? here.replace(/([\\/])src([\\/].*)handle\.ts$/, '$1dist$2main.js')
  : here.replace(/handle\.js$/, 'main.js');

export interface HandleOptions {
  runId: string;
  document: PipelineDocument;
  filesDir: string;
  /** Node ids in the job's order (the validated topological order), as `busy` counts them. */
  nodeIds: string[];
  /** Heap of the worker in MB; past it the run fails. */
  heapMb: number;
  hz: number;
  checkpoints: WorkerInput['checkpoints'];
  restore: WorkerInput['restore'];
}

/** How long a peek waits for the worker (busy in a batch) before answering 'busy'. */
const PEEK_TIMEOUT_MS = 5_000;

/** A peek's answer: the records, or why there are none. */
export type PeekAnswer = PeekResponse | 'unknown' | 'gone' | 'busy';

/** How a worker answered first: its job runs, refused to be built, or the worker died first. */
export type Started = { ok: true } | { ok: false; crashed: boolean; problems: Problem[] };

export interface RunEnd {
  status: RunStatus;
  error: { nodeId?: string; message: string } | null;
  result: JobResult | null;
}

/**
 * One run's worker thread seen from the main thread: what it last reported (telemetry, dead
 * letters) and how it ended. The worker can be stopped politely or terminated; either way
 * `exited` resolves once the thread is gone, whatever killed it.
 */
export class RunHandle {
  readonly busy = new Int32Array(new SharedArrayBuffer(4));
  readonly worker: Worker;
  /** Node ids in the order the job counts them for `busy`. */
  readonly nodeIds: string[];
  lastTelemetry: TelemetryMessage | null = null;
  /** performance.now() of the worker's last message: the watchdog's clock. */
  lastBeat = performance.now();
  readonly deadLetters: DeadLetter[] = [];
  /** Stateful nodes that had no state to restore (known once started). */
  startedEmpty: string[] = [];
  /** The savepoint a stop with savepoint took (known once done). */
  savepoint: Checkpoint | null = null;
  deadLetterTotal = 0;
  private deadLetterSize = 0;
  private result: JobResult | null = null;
  private peekId = 0;
  private readonly peeks = new Map<number, (answer: PeekAnswer) => void>();
  /** Set when the run is ended from outside (watchdog, memory, crash): the reason it failed. */
  private failure: { nodeId?: string; message: string } | null = null;
  /** Resolves with the first answer: started, or the problems that kept it from starting. */
  readonly started: Promise<Started>;
  readonly exited: Promise<void>;

  constructor(
    options: HandleOptions,
    private readonly on: {
      tick: (payload: TickPayload) => void;
      print: (line: string) => void;
    },
  ) {
    this.nodeIds = options.nodeIds;
    const input: WorkerInput = {
      runId: options.runId,
      document: options.document,
      filesDir: options.filesDir,
      busy: this.busy.buffer as SharedArrayBuffer,
      hz: options.hz,
      checkpoints: options.checkpoints,
      restore: options.restore,
    };
    this.worker = new Worker(WORKER_ENTRY, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
      // Not the parent's flags (a test runner's loaders would be loaded again in each worker).
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    let answer!: (value: Started) => void;
    this.started = new Promise((resolve) => (answer = resolve));
    this.worker.on('message', (message: FromWorker) => {
      this.lastBeat = performance.now();
      switch (message.type) {
        case 'started':
          this.startedEmpty = message.startedEmpty;
          return answer({ ok: true });
        case 'refused':
          return answer({ ok: false, crashed: false, problems: message.problems });
        case 'print':
          return this.on.print(message.line);
        case 'peek':
          return this.peeks.get(message.id)?.(message.answer ?? 'unknown');
        case 'done':
          this.result = message.result;
          this.savepoint = message.savepoint;
          this.take(message);
          return;
        case 'tick':
          this.take(message);
          return;
      }
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const nodeId = memory ? this.memoryHog() : this.busyNode();
      const where = nodeId ? ` while in node "${nodeId}"` : '';
      const message = memory
        ? `the run needed more than its ${options.heapMb} MB of memory${where} (RIVULET_RUN_HEAP_MB sets the limit)`
        : `the run crashed${where}: ${error.message}`;
      this.fail(message, nodeId);
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        for (const settle of this.peeks.values()) settle('gone');
        answer({
          ok: false,
          crashed: true,
          problems: [{ message: this.failure?.message ?? 'the run ended before it started' }],
        });
        resolve();
      });
    });
  }

  /** Asks the job to stop reading (taking a savepoint first if asked); the worker then ends. */
  stop(savepoint = false): void {
    this.send({ type: 'stop', savepoint });
  }

  /** The last records on a node's output port, asked of the worker (see peek.ts). */
  peek(node: string, port: string): Promise<PeekAnswer> {
    const id = ++this.peekId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle('busy'), PEEK_TIMEOUT_MS);
      const settle = (answer: PeekAnswer) => {
        clearTimeout(timer);
        this.peeks.delete(id);
        resolve(answer);
      };
      this.peeks.set(id, settle);
      this.send({ type: 'peek', id, node, port });
    });
  }

  /** Ends the worker at once, the run failing with this message. */
  kill(message: string, nodeId?: string | null): void {
    this.fail(message, nodeId ?? null);
    void this.worker.terminate();
  }

  /** The node the job is in now, or null between records. */
  busyNode(): string | null {
    return this.nodeIds[Atomics.load(this.busy, 0) - 1] ?? null;
  }

  /**
   * The node to blame for running out of memory: the one it was in, or else (the collector
   * gave up between two records) the one holding the most state at the last telemetry.
   */
  private memoryHog(): string | null {
    const busy = this.busyNode();
    if (busy) return busy;
    let hog: string | null = null;
    let most = 0;
    for (const n of this.lastTelemetry?.nodes ?? []) {
      const size = n.state ? n.state.keys + n.state.windows : 0;
      if (size > most) [hog, most] = [n.nodeId, size];
    }
    return hog;
  }

  /** How the run ended; call once `exited` resolved. */
  end(): RunEnd {
    if (this.failure) return { status: 'failed', error: this.failure, result: this.result };
    if (!this.result)
      return {
        status: 'failed',
        error: { message: 'the run ended without a word from its worker' },
        result: null,
      };
    const { status, error } = this.result;
    return {
      status: status === 'created' || status === 'running' ? 'stopped' : status,
      error: error ?? null,
      result: this.result,
    };
  }

  private fail(message: string, nodeId: string | null): void {
    if (this.failure || this.result) return;
    this.failure = nodeId ? { nodeId, message } : { message };
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private take(payload: TickPayload): void {
    this.lastTelemetry = payload.telemetry;
    this.deadLetterTotal = payload.deadLetterTotal;
    for (const d of payload.deadLetters) {
      this.deadLetters.push(d);
      this.deadLetterSize += d.size;
    }
    const kept = this.deadLetters;
    while (
      kept.length > 1 &&
      (kept.length > DEAD_LETTER_CAPACITY || this.deadLetterSize > DEAD_LETTER_CHARS)
    )
      this.deadLetterSize -= kept.shift()!.size;
    try {
      this.on.tick(payload);
    } catch (error) {
      console.error('rivulet: a telemetry listener failed', error);
    }
  }
}
