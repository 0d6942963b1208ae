import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Problem } from '@rivulet/shared-types';
import { readdirSync } from 'node:fs';
import { pipelineFingerprint, type Checkpoint } from '../checkpoint/checkpoint.js';
import { planRestore } from '../checkpoint/compat.js';
import { CheckpointStore } from '../checkpoint/store.js';
import { nodeIO } from '../io.js';
import { loadConnectors } from '../connectors/index.js';
import { Job, problemOf, type JobOptions, type JobResult } from '../job.js';
import { ParallelJob, parallelProblems } from '../parallel/run.js';
import { loadPipelineFile } from './load.js';

/** A run in this thread, or in worker threads (settings.parallelism above 1). */
export type AnyJob = Job | ParallelJob;

export type RunOutcome =
  { ok: false; problems: Problem[] } | { ok: true; job: AnyJob; result: JobResult };

export interface RunFileOptions {
  /** Called once the job exists, to wire Ctrl-C. */
  onStart?: (job: AnyJob) => void;
  print?: (line: string) => void;
  deadLettersFile?: string;
  /**
   * Checkpoints go to a folder of this pipeline's own under `dir`, every `everyMs` (default:
   * the pipeline's settings.checkpointInterval, else 1 s); a run resumes from them.
   */
  checkpoints?: { dir: string; everyMs?: number; allowNonRestoredState?: boolean };
  /** Told when the run resumes from a checkpoint, and when a checkpoint fails. */
  log?: (line: string) => void;
}

/** Validates and runs a pipeline file to its end (or until the job is stopped). */
export async function runPipelineFile(
  file: string,
  options: RunFileOptions = {},
): Promise<RunOutcome> {
  const loaded = await loadPipelineFile(file);
  if (!loaded.ok) return loaded;
  const parallel = loaded.value.parallelism > 1;
  if (parallel) {
    const problems = parallelProblems(loaded.value);
    if (problems.length > 0) return { ok: false, problems };
  }
  const jobOptions: JobOptions = { io: nodeIO(options.print) };
  let store: CheckpointStore | null = null;
  /** The folder of an earlier version's checkpoints this run resumed from, cleared at the end. */
  let earlier: CheckpointStore | null = null;
  if (options.checkpoints) {
    const { dir, allowNonRestoredState = false } = options.checkpoints;
    const fingerprint = pipelineFingerprint(loaded.value.doc);
    store = new CheckpointStore(join(dir, fingerprint));
    const latest = store.latest();
    if (latest && latest.pipeline === fingerprint) {
      jobOptions.restore = latest;
      options.log?.(`resumed from checkpoint ${latest.id}`);
    } else if (parallel) {
      // A checkpoint in parallel holds each worker's keys apart: it fits only the same pipeline
      // at the same parallelism (a changed parallelism is a changed document).
      const found = latestOfEarlierVersion(dir, loaded.value.doc.name, fingerprint);
      if (found)
        return {
          ok: false,
          problems: [
            {
              message: `checkpoint ${found.checkpoint.id} of an earlier version of this pipeline (in ${found.store.dir}) cannot be resumed at settings.parallelism ${loaded.value.parallelism}: a run in parallel resumes only its own checkpoints; edit it back, or delete that folder`,
            },
          ],
        };
    } else {
      // An earlier version of the same pipeline (same name) left checkpoints: its state goes on
      // where it fits this version, as with a savepoint; where it does not, the run is refused.
      const found = latestOfEarlierVersion(dir, loaded.value.doc.name, fingerprint);
      if (found) {
        const plan = planRestore(found.checkpoint, loaded.value, allowNonRestoredState);
        if (!plan.ok)
          return {
            ok: false,
            problems: [
              {
                message: `checkpoint ${found.checkpoint.id} of an earlier version of this pipeline (in ${found.store.dir}) does not fit it: edit it back, delete that folder, or run with --allow-non-restored-state`,
              },
              ...plan.problems,
            ],
          };
        jobOptions.restore = plan.value.checkpoint;
        earlier = found.store;
        const dropped = plan.value.droppedNodes;
        options.log?.(
          `resumed from checkpoint ${found.checkpoint.id} of an earlier version${dropped.length > 0 ? ` (state dropped: ${dropped.join(', ')})` : ''}`,
        );
      }
    }
    const writer = store;
    jobOptions.checkpoints = {
      everyMs: options.checkpoints.everyMs ?? loaded.value.checkpointIntervalMs ?? 1000,
      fingerprint,
      onCheckpoint: (checkpoint) => writer.write(checkpoint),
      // The savepoint of a Ctrl-C is the latest checkpoint, the one a rerun resumes from.
      onSavepoint: (savepoint) => writer.write(savepoint),
      onFailure: (error) =>
        options.log?.(
          `checkpoint failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    };
  }
  await loadConnectors(loaded.value.doc.nodes.map((n) => n.type));
  let job: AnyJob;
  try {
    job = parallel
      ? new ParallelJob(loaded.value, {
          baseDir: dirname(resolve(file)),
          ...(options.print ? { print: options.print } : {}),
          ...(jobOptions.checkpoints ? { checkpoints: jobOptions.checkpoints } : {}),
          ...(jobOptions.restore ? { restore: jobOptions.restore } : {}),
        })
      : new Job(loaded.value, jobOptions);
  } catch (error) {
    return { ok: false, problems: [problemOf(error)] };
  }
  options.onStart?.(job);
  const result = await job.run();
  if (store && job.savepoint && result.status === 'stopped') {
    options.log?.(`stopped at checkpoint ${job.savepoint.id}: run the same command to resume`);
  }
  // A completed run leaves nothing to resume: the same command starts afresh.
  if (store && result.status === 'finished') {
    store.clear();
    earlier?.clear();
  }
  if (options.deadLettersFile) {
    await writeFile(
      options.deadLettersFile,
      job.deadLetters.map((d) => JSON.stringify(d) + '\n').join(''),
    );
  }
  return { ok: true, job, result };
}

/** The newest checkpoint under `dir` of another version of the pipeline named `name`. */
function latestOfEarlierVersion(
  dir: string,
  name: string,
  fingerprint: string,
): { store: CheckpointStore; checkpoint: Checkpoint } | null {
  let best: { store: CheckpointStore; checkpoint: Checkpoint } | null = null;
  let folders: string[];
  try {
    folders = readdirSync(dir);
  } catch {
    return null;
  }
  for (const folder of folders) {
    if (folder === fingerprint) continue;
    const store = new CheckpointStore(join(dir, folder));
    const checkpoint = store.latest();
    if (checkpoint?.name !== name) continue;
    if (!best || checkpoint.takenAt > best.checkpoint.takenAt) best = { store, checkpoint };
  }
  return best;
}
