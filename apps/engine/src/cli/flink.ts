import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '@rivulet/shared-types';
import { exportFlinkSql } from '../export/flink/index.js';
import { partFileLines } from '../export/flink/parts.js';
import { ensureFlinkRunner, runFlinkScripts } from '../flink/runner.js';
import { loadPipelineFile } from './load.js';
import type { Io } from './io.js';

/**
 * `rivulet flink run <pipeline.json>`: exports the pipeline, runs the script on an embedded
 * Apache Flink (the runner is built once with Maven), and writes each `sink.file`'s records to
 * its path as Rivulet does (one JSON object per line), so the two engines' outputs compare.
 */
export async function flinkRunCommand(file: string, io: Io): Promise<number> {
  const loaded = await loadPipelineFile(file);
  const work = mkdtempSync(join(tmpdir(), 'rivulet-flink-'));
  try {
    const exported = loaded.ok ? await exportFlinkSql(loaded.value, { sinkDir: work }) : loaded;
    if (!exported.ok) {
      const n = exported.problems.length;
      io.err(`${file}: cannot be exported to Flink SQL: ${n} problem${n === 1 ? '' : 's'}`);
      for (const p of exported.problems) io.err(`  ${formatProblem(p)}`);
      return 2;
    }
    const script = join(work, 'job.sql');
    writeFileSync(script, exported.value);
    const problem = await ensureFlinkRunner({ log: io.err });
    if (problem !== null) {
      io.err(`cannot build the Flink runner: ${problem}`);
      return 1;
    }
    io.err('running on Apache Flink (embedded MiniCluster)…');
    const run = await runFlinkScripts([script], { log: io.err });
    const job = run.jobs[0];
    if (!run.ok || job === undefined || !job.ok) {
      io.err(
        `failed on Flink: ${job?.error ?? run.stderr.trim().split('\n').slice(-5).join('\n')}`,
      );
      return 1;
    }
    for (const node of loaded.ok ? loaded.value.nodes : []) {
      if (node.def.type !== 'sink.file') continue;
      const lines = partFileLines(join(work, node.id));
      const path = (node.params as { path: string }).path;
      writeFileSync(path, lines.map((line) => line + '\n').join(''));
      io.err(`${node.id}: ${lines.length} records → ${path}`);
    }
    const jvm = run.jvmStartMs === undefined ? '' : `JVM started in ${run.jvmStartMs} ms, `;
    io.err(`finished on Flink: ${jvm}job ${job.ms} ms, ${Math.round(run.totalMs)} ms in all`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
