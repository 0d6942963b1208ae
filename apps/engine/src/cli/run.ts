import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '@rivulet/shared-types';
import { pipelineFingerprint } from '../checkpoint/checkpoint.js';
import { CheckpointStore } from '../checkpoint/store.js';
import { nodeIO } from '../io.js';
import { Job, problemOf, type JobOptions, type JobResult } from '../job.js';
import { loadPipelineFile } from './load.js';

export type RunOutcome =
  { ok: false; problems: Problem[] } | { ok: true; job: Job; result: JobResult };

export interface RunFileOptions {
  /** Called once the job exists, to wire Ctrl-C. */
  onStart?: (job: Job) => void;
  print?: (line: string) => void;
  deadLettersFile?: string;
  /** Checkpoints go to a folder of this pipeline's own under `dir`; a run resumes from them. */
  checkpoints?: { dir: string; everyMs: number };
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
  const jobOptions: JobOptions = { io: nodeIO(options.print) };
  let store: CheckpointStore | null = null;
  if (options.checkpoints) {
    const fingerprint = pipelineFingerprint(loaded.value.doc);
    store = new CheckpointStore(join(options.checkpoints.dir, fingerprint));
    const latest = store.latest();
    if (latest && latest.pipeline === fingerprint) {
      jobOptions.restore = latest;
      options.log?.(`resumed from checkpoint ${latest.id}`);
    }
    const writer = store;
    jobOptions.checkpoints = {
      everyMs: options.checkpoints.everyMs,
      fingerprint,
      onCheckpoint: (checkpoint) => writer.write(checkpoint),
      onFailure: (error) =>
        options.log?.(
          `checkpoint failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    };
  }
  let job: Job;
  try {
    job = new Job(loaded.value, jobOptions);
  } catch (error) {
    return { ok: false, problems: [problemOf(error)] };
  }
  options.onStart?.(job);
  const result = await job.run();
  // A completed run leaves nothing to resume: the same command starts afresh.
  if (store && result.status === 'finished') store.clear();
  if (options.deadLettersFile) {
    await writeFile(
      options.deadLettersFile,
      job.deadLetters.map((d) => JSON.stringify(d) + '\n').join(''),
    );
  }
  return { ok: true, job, result };
}
