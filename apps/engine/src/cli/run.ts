import { writeFile } from 'node:fs/promises';
import type { Problem } from '@rivulet/shared-types';
import { nodeIO } from '../io.js';
import { Job, problemOf, type JobResult } from '../job.js';
import { loadPipelineFile } from './load.js';

export type RunOutcome =
  { ok: false; problems: Problem[] } | { ok: true; job: Job; result: JobResult };

export interface RunFileOptions {
  /** Called once the job exists, to wire Ctrl-C. */
  onStart?: (job: Job) => void;
  print?: (line: string) => void;
  deadLettersFile?: string;
}

/** Validates and runs a pipeline file to its end (or until the job is stopped). */
export async function runPipelineFile(
  file: string,
  options: RunFileOptions = {},
): Promise<RunOutcome> {
  const loaded = await loadPipelineFile(file);
  if (!loaded.ok) return loaded;
  let job: Job;
  try {
    job = new Job(loaded.value, { io: nodeIO(options.print) });
  } catch (error) {
    return { ok: false, problems: [problemOf(error)] };
  }
  options.onStart?.(job);
  const result = await job.run();
  if (options.deadLettersFile) {
    await writeFile(
      options.deadLettersFile,
      job.deadLetters.map((d) => JSON.stringify(d) + '\n').join(''),
    );
  }
  return { ok: true, job, result };
}
