import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Problem, Result } from '@rivulet/shared-types';
import { relativeTo } from '../paths.js';
import { validatePipeline, type ValidPipeline } from '../validate.js';

/** Pipeline files larger than this are refused before parsing. */
export const MAX_PIPELINE_BYTES = 10 * 1024 * 1024;

/** Reads, parses and validates a pipeline file; paths are resolved against its folder. */
export async function loadPipelineFile(file: string): Promise<Result<ValidPipeline>> {
  const path = resolve(file);
  const fail = (message: string): { ok: false; problems: Problem[] } => ({
    ok: false,
    problems: [{ message }],
  });
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_PIPELINE_BYTES)
      return fail(`${file} is larger than ${MAX_PIPELINE_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return validatePipeline(doc, { checkPath: relativeTo(dirname(path)) });
}
