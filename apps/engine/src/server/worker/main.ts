// A run's worker thread: builds the job from the pipeline document, runs it, and posts telemetry,
// samples, dead letters and its end to the main thread, which serves HTTP and owns the database.
// Whatever this thread does (loop, allocate, overflow its stack), the server keeps answering.
import { parentPort, workerData } from 'node:worker_threads';
import { pipelineFingerprint, type Checkpoint } from '../../checkpoint/checkpoint.js';
import { CheckpointStore } from '../../checkpoint/store.js';
import { loadConnectors } from '../../connectors/index.js';
import { nodeIO } from '../../io.js';
import { Job, problemOf, type DeadLetter, type JobOptions } from '../../job.js';
import { confinedTo } from '../../paths.js';
import { preview } from '../../preview.js';
import { validatePipeline } from '../../validate.js';
import { EdgePeeks } from '../peek.js';
import { RunTelemetry } from '../telemetry.js';
import type { FromWorker, TickPayload, ToWorker, WorkerInput } from './protocol.js';

/** Lines sink.console may print a second (the server's log is shared by every run). */
const PRINTS_PER_SECOND = 20;

const port = parentPort!;
const input = workerData as WorkerInput;
const post = (message: FromWorker) => port.postMessage(message);

let printed = 0;
const printBudget = setInterval(() => (printed = 0), 1000);
// Files are opened at the moment of use, and only inside <data>/files.
const io = nodeIO({
  root: input.filesDir,
  print: (line) => {
    if (++printed <= PRINTS_PER_SECOND) post({ type: 'print', line });
  },
});

let stopRequested = false;
let savepointRequested = false;
let job: Job | null = null;
let peeks: EdgePeeks | null = null;
port.on('message', (message: ToWorker) => {
  if (message.type === 'peek') {
    const answer = peeks?.ask(message.node, message.port) ?? null;
    return post({ type: 'peek', id: message.id, answer });
  }
  stopRequested = true;
  savepointRequested ||= message.savepoint;
  job?.stop({ savepoint: message.savepoint });
});

const valid = validatePipeline(input.document, { checkPath: confinedTo(input.filesDir) });
if (!valid.ok) {
  post({ type: 'refused', problems: valid.problems });
} else {
  const options: JobOptions = {
    io,
    busy: new Int32Array(input.busy),
    ...(input.restore ? { restore: input.restore } : {}),
  };
  const checkpoints = input.checkpoints;
  if (checkpoints) {
    const store = new CheckpointStore(checkpoints.dir);
    const latest: Checkpoint | null = checkpoints.resume ? store.latest() : null;
    if (latest) options.restore = latest;
    else if (input.restore) options.restore = input.restore;
    options.checkpoints = {
      everyMs: checkpoints.everyMs,
      fingerprint: pipelineFingerprint(input.document),
      onCheckpoint: (checkpoint) => store.write(checkpoint),
      // A stop's savepoint is also the run's latest checkpoint before the sinks commit it, so
      // that a crash right after their commit resumes after it, not before.
      onSavepoint: (savepoint) => store.write(savepoint),
    };
  }
  await loadConnectors(valid.value.doc.nodes.map((n) => n.type));
  try {
    job = new Job(valid.value, options);
  } catch (error) {
    post({ type: 'refused', problems: [problemOf(error)] });
  }
}

if (job) {
  const running = job;
  peeks = new EdgePeeks(input.runId, running);
  post({ type: 'started', restored: running.restoredFrom, startedEmpty: running.startedEmpty });
  if (stopRequested) running.stop({ savepoint: savepointRequested });
  const telemetry = new RunTelemetry(input.runId, running, Date.now, input.checkpoints !== null);
  let sentSeq = 0;
  const payload = (): TickPayload => {
    const fresh: DeadLetter[] = [];
    const kept = running.deadLetters;
    for (let i = kept.length - 1; i >= 0 && kept[i]!.seq > sentSeq; i--) fresh.push(kept[i]!);
    fresh.reverse();
    sentSeq = running.deadLetterTotal;
    const samples = telemetry.takeSamples();
    // A sample is shown in browsers: a huge or too deeply nested record goes as a cut preview.
    for (const message of samples) message.records = message.records.map((r) => preview(r).value);
    return {
      telemetry: telemetry.tick(),
      samples,
      deadLetters: fresh,
      deadLetterTotal: running.deadLetterTotal,
    };
  };
  const ticker = setInterval(() => post({ type: 'tick', ...payload() }), 1000 / input.hz);
  // A first figure at once: a run that dies young still shows what it held.
  setImmediate(() => post({ type: 'tick', ...payload() }));
  const result = await running.run();
  clearInterval(ticker);
  peeks.close();
  post({ type: 'done', result, savepoint: running.savepoint, ...payload() });
}
clearInterval(printBudget);
port.close();
