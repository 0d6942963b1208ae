import type {
  RunHistory,
  RunLogEntry,
  RunStatus,
  SamplesMessage,
  StatusMessage,
  TelemetryMessage,
} from '@rivulet/shared-types';

/*
 * Memory bound, per run: at most FINE_POINTS + COARSE_POINTS telemetry messages (one per
 * second for the last 2 minutes, one per 10 s before that up to 15 minutes), at most
 * SAMPLES_PER_SINK records and SAMPLE_BYTES_PER_SINK bytes of JSON per sink (a record over
 * MAX_RECORD_BYTES is kept as a short note) and at most MAX_LOG_ENTRIES log entries. Runs
 * followed: the active ones (MAX_ACTIVE_RUNS) plus the last KEPT_FINISHED_RUNS finished ones;
 * older finished runs lose their history (it is kept in memory only, not in the database).
 */
export const FINE_STEP_MS = 1_000;
export const FINE_POINTS = 120;
export const COARSE_STEP_MS = 10_000;
export const COARSE_POINTS = 90;
export const SAMPLES_PER_SINK = 500;
export const SAMPLE_BYTES_PER_SINK = 1024 * 1024;
export const MAX_RECORD_BYTES = 16 * 1024;
export const MAX_LOG_ENTRIES = 200;
export const KEPT_FINISHED_RUNS = 20;

/** One kept record of a sink, with its arrival time and order. */
interface KeptSample {
  seq: number;
  t: number;
  record: unknown;
  bytes: number;
}

/** A sink's last records, oldest first. */
interface SinkSamples {
  kept: KeptSample[];
  bytes: number;
}

/**
 * One run's telemetry, samples and log, bounded. Telemetry messages are kept whole (whatever
 * their fields): a point per FINE_STEP_MS bucket (the bucket's last message) while young, then
 * a point per COARSE_STEP_MS bucket once older than FINE_POINTS seconds.
 */
export class RunRecord {
  readonly fine: TelemetryMessage[] = [];
  readonly coarse: TelemetryMessage[] = [];
  readonly sinks = new Map<string, SinkSamples>();
  /** Arrival order of kept records over all sinks, so that replay interleaves them as they came. */
  private seq = 0;
  readonly log: RunLogEntry[] = [];
  status: RunStatus;
  private lastCheckpointFailures = 0;
  private readonly connections = new Map<string, string>();
  /** Nodes whose first dead letter is logged. */
  private readonly deadLettering = new Set<string>();

  constructor(
    readonly runId: string,
    readonly pipelineId: string,
    readonly since: number,
    status: RunStatus,
  ) {
    this.status = status;
  }

  addTelemetry(message: TelemetryMessage): void {
    const last = this.fine.at(-1);
    if (last && bucket(last.t, FINE_STEP_MS) === bucket(message.t, FINE_STEP_MS)) {
      this.fine[this.fine.length - 1] = message;
    } else {
      this.fine.push(message);
    }
    // Points older than the fine window move to the coarse one, one per coarse bucket.
    while (
      this.fine.length > FINE_POINTS ||
      (this.fine.length > 0 && message.t - this.fine[0]!.t > FINE_POINTS * FINE_STEP_MS)
    ) {
      const aged = this.fine.shift()!;
      const tail = this.coarse.at(-1);
      if (tail && bucket(tail.t, COARSE_STEP_MS) === bucket(aged.t, COARSE_STEP_MS))
        this.coarse[this.coarse.length - 1] = aged;
      else this.coarse.push(aged);
      if (this.coarse.length > COARSE_POINTS) this.coarse.shift();
    }
    this.watch(message);
  }

  addSamples(message: SamplesMessage): void {
    let sink = this.sinks.get(message.nodeId);
    if (!sink) {
      sink = { kept: [], bytes: 0 };
      this.sinks.set(message.nodeId, sink);
    }
    for (const original of message.records.slice(-SAMPLES_PER_SINK)) {
      const size = sizeOf(original);
      const record =
        size <= MAX_RECORD_BYTES
          ? original
          : { note: `a record of ${Math.ceil(size / 1024)} KiB, too large to keep in history` };
      const bytes = Math.min(size, MAX_RECORD_BYTES);
      sink.kept.push({ seq: this.seq++, t: message.t, record, bytes });
      sink.bytes += bytes;
    }
    // The oldest records go first, until the sink is within both bounds.
    while (sink.kept.length > SAMPLES_PER_SINK || sink.bytes > SAMPLE_BYTES_PER_SINK)
      sink.bytes -= sink.kept.shift()!.bytes;
  }

  addLog(entry: RunLogEntry): void {
    this.log.push(entry);
    // The first entries (how it started) stay; the middle is what goes.
    if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(1, 1);
  }

  /**
   * Warnings read from the telemetry: a checkpoint that failed, a node's first dead letters, a
   * connection lost or back.
   */
  private watch(message: TelemetryMessage): void {
    const failed = message.checkpoints?.failed ?? 0;
    if (failed > this.lastCheckpointFailures) {
      const n = failed - this.lastCheckpointFailures;
      this.addLog({
        t: message.t,
        kind: 'checkpoint-failed',
        level: 'warning',
        message: `${n === 1 ? 'a checkpoint' : `${n} checkpoints`} failed (${failed} in all)`,
      });
    }
    this.lastCheckpointFailures = failed;
    for (const node of message.nodes) {
      if (node.deadLetters > 0 && !this.deadLettering.has(node.nodeId)) {
        this.deadLettering.add(node.nodeId);
        this.addLog({
          t: message.t,
          kind: 'dead-letters',
          level: 'warning',
          nodeId: node.nodeId,
          message: `first dead letters at node "${node.nodeId}" (${node.deadLetters} so far): records it could not read or process`,
        });
      }
      const status = node.connection?.status;
      if (!status) continue;
      const before = this.connections.get(node.nodeId);
      this.connections.set(node.nodeId, status);
      if (before === undefined || before === status) continue;
      if (status === 'reconnecting')
        this.addLog({
          t: message.t,
          kind: 'connection',
          level: 'warning',
          nodeId: node.nodeId,
          message: `connection lost${node.connection?.error ? `: ${node.connection.error}` : ''}`,
        });
      else if (status === 'connected')
        this.addLog({
          t: message.t,
          kind: 'connection',
          level: 'info',
          nodeId: node.nodeId,
          message: 'connected again',
        });
    }
  }

  /** Everything kept, oldest first: what a subscriber receives before live messages. */
  snapshot(): RunHistory {
    const kept: (KeptSample & { nodeId: string })[] = [];
    for (const [nodeId, sink] of this.sinks) for (const k of sink.kept) kept.push({ ...k, nodeId });
    kept.sort((a, b) => a.seq - b.seq);
    // Consecutive records of one sink and one tick travel as one samples message again.
    const samples: SamplesMessage[] = [];
    for (const k of kept) {
      const last = samples.at(-1);
      if (last && last.nodeId === k.nodeId && last.t === k.t) last.records.push(k.record);
      else samples.push({ runId: this.runId, nodeId: k.nodeId, t: k.t, records: [k.record] });
    }
    return {
      runId: this.runId,
      pipelineId: this.pipelineId,
      status: this.status,
      kept: true,
      since: this.since,
      telemetry: [...this.coarse, ...this.fine],
      samples,
      log: [...this.log],
    };
  }
}

/** A failure's message without the engine's `node "x": ` prefix when the node is named apart. */
function reasonOf(error: StatusMessage['error']): string {
  if (!error) return 'no reason given';
  const prefix = error.nodeId === undefined ? null : `node "${error.nodeId}": `;
  return prefix && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}

const bucket = (t: number, step: number) => Math.floor(t / step);

function sizeOf(record: unknown): number {
  try {
    return JSON.stringify(record)?.length ?? 4;
  } catch {
    return MAX_RECORD_BYTES + 1;
  }
}

const ENDED: ReadonlySet<RunStatus> = new Set(['finished', 'stopped', 'failed']);

/**
 * The history of the active runs and of the last KEPT_FINISHED_RUNS finished ones, fed by the
 * run manager's events (see RunManager), read by the sockets (replay on subscribe) and by
 * GET /api/runs/:id/telemetry.
 */
export class HistoryKeeper {
  private readonly runs = new Map<string, RunRecord>();
  /** Finished runs, oldest first. */
  private readonly finished: string[] = [];

  constructor(private readonly keepFinished = KEPT_FINISHED_RUNS) {}

  get(runId: string): RunHistory | null {
    return this.runs.get(runId)?.snapshot() ?? null;
  }

  /** A run begins (or resumes after a restart): from now on its messages are kept. */
  begin(
    run: { runId: string; pipelineId: string; pipelineVersion: number },
    status: 'started' | 'recovering',
    now = Date.now(),
  ): void {
    let record = this.runs.get(run.runId);
    if (!record) {
      record = new RunRecord(
        run.runId,
        run.pipelineId,
        now,
        status === 'started' ? 'running' : 'recovering',
      );
      this.runs.set(run.runId, record);
    }
    record.addLog(
      status === 'started'
        ? {
            t: now,
            kind: 'started',
            level: 'info',
            message: `started version ${run.pipelineVersion}`,
          }
        : {
            t: now,
            kind: 'recovering',
            level: 'warning',
            message: `the server restarted: resuming version ${run.pipelineVersion} from its latest checkpoint`,
          },
    );
  }

  telemetry(message: TelemetryMessage): void {
    this.runs.get(message.runId)?.addTelemetry(message);
  }

  samples(message: SamplesMessage): void {
    this.runs.get(message.runId)?.addSamples(message);
  }

  status(message: StatusMessage, now = Date.now()): void {
    const record = this.runs.get(message.runId);
    if (!record || record.status === message.status) return;
    const resumed = record.status === 'recovering' && message.status === 'running';
    record.status = message.status;
    if (message.status === 'running' && !resumed) return; // 'started' is already in the log.
    const where = message.error?.nodeId ? ` in node "${message.error.nodeId}"` : '';
    record.addLog({
      t: now,
      kind: message.status,
      level: message.status === 'failed' ? 'error' : 'info',
      message:
        message.status === 'running'
          ? 'running again from its checkpoint'
          : message.status === 'failed'
            ? `failed${where}: ${reasonOf(message.error)}`
            : message.status === 'stopped'
              ? 'stopped'
              : message.status === 'finished'
                ? 'finished: every source reached its end'
                : message.status,
      ...(message.error?.nodeId ? { nodeId: message.error.nodeId } : {}),
    });
    if (ENDED.has(message.status)) this.retire(message.runId);
  }

  /** An ended run stays readable until KEPT_FINISHED_RUNS others have ended after it. */
  private retire(runId: string): void {
    if (this.finished.includes(runId)) return;
    this.finished.push(runId);
    while (this.finished.length > this.keepFinished) this.runs.delete(this.finished.shift()!);
  }

  /** Drops a run that never was (refused at start). */
  forget(runId: string): void {
    this.runs.delete(runId);
  }

  /** Runs followed now (for tests of the bound). */
  get size(): number {
    return this.runs.size;
  }
}
