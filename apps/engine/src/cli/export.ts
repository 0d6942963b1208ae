import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatProblem } from '@rivulet/shared-types';
import { exportFlinkSql } from '../export/flink/index.js';
import { loadPipelineFile } from './load.js';
import type { Io } from './io.js';

export const EXPORT_TARGETS = ['flink-sql'] as const;

export interface ExportArgs {
  file: string;
  target: string | undefined;
  output: string | undefined;
  sinkDir: string | undefined;
}

/**
 * `rivulet export <pipeline.json> --target flink-sql [-o job.sql] [--sink-dir DIR]`: the script
 * on standard output (or in the file), exit 0; or every problem that prevents a faithful export,
 * exit 2, and nothing written.
 */
export async function exportCommand(args: ExportArgs, io: Io): Promise<number> {
  if (args.target !== 'flink-sql') {
    io.err(
      `--target: ${args.target === undefined ? 'missing' : `"${args.target}" is not a target`} (targets: ${EXPORT_TARGETS.join(', ')})`,
    );
    return 2;
  }
  const loaded = await loadPipelineFile(args.file);
  const exported = loaded.ok
    ? await exportFlinkSql(loaded.value, {
        ...(args.sinkDir !== undefined ? { sinkDir: resolve(args.sinkDir) } : {}),
      })
    : loaded;
  if (!exported.ok) {
    const n = exported.problems.length;
    io.err(`${args.file}: cannot be exported to Flink SQL: ${n} problem${n === 1 ? '' : 's'}`);
    for (const p of exported.problems) io.err(`  ${formatProblem(p)}`);
    return 2;
  }
  if (args.output === undefined) io.out(exported.value.trimEnd());
  else {
    await writeFile(args.output, exported.value);
    io.err(`${args.file}: Flink SQL written to ${args.output}`);
  }
  return 0;
}
