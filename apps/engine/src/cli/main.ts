import { parseArgs } from 'node:util';
import { formatProblem, MIN_CHECKPOINT_INTERVAL_MS, parseDuration } from '@rivulet/shared-types';
import { SCENARIO_USAGE, scenarioCommand } from '../scenarios/cli.js';
import { exportCommand } from './export.js';
import { flinkRunCommand } from './flink.js';
import type { Io } from './io.js';
import { loadPipelineFile } from './load.js';
import { runPipelineFile } from './run.js';
import { deadLetterLines, summaryTable } from './summary.js';

const USAGE = `Usage:
  rivulet validate <pipeline.json>   print every problem; exit 0 when valid, 2 when not
  rivulet run <pipeline.json>        run it; print a per-node summary at the end
      --quiet                        no summary
      --dead-letters <file>          write every kept dead letter (JSON lines) to <file>
      --checkpoints <dir>            checkpoint into <dir>; run again after a crash to resume
      --checkpoint-interval <time>   how often (default: settings.checkpointInterval, else 1s;
                                     at least 100ms)
      --allow-non-restored-state     resume an edited pipeline even when some saved state no
                                     longer fits it (that state is dropped)
  rivulet export <pipeline.json> --target flink-sql
                                     the pipeline as a Flink SQL script, or every problem that
                                     prevents a faithful export (exit 2)
      -o, --output <job.sql>         write the script there (default: standard output)
      --sink-dir <dir>               each sink.file writes into <dir>/<node id>/
  rivulet flink run <pipeline.json>  export it and run the script on an embedded Apache Flink
                                     (built once with Maven); each sink.file gets Flink's records
${SCENARIO_USAGE}
  rivulet help`;

export type { Io } from './io.js';

const stdio: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

/** The rivulet command; returns the exit code (spec §7). */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        quiet: { type: 'boolean' },
        'dead-letters': { type: 'string' },
        checkpoints: { type: 'string' },
        'checkpoint-interval': { type: 'string' },
        'allow-non-restored-state': { type: 'boolean' },
        evaluate: { type: 'boolean' },
        seed: { type: 'string' },
        events: { type: 'string' },
        write: { type: 'string' },
        json: { type: 'boolean' },
        'fraud-rate': { type: 'string' },
        target: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'sink-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, file, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help' || command === undefined) {
    io.out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (command === 'scenario' && rest.length === 0) {
    const { evaluate, seed, events, write, json } = parsed.values;
    const fraudRate = parsed.values['fraud-rate'];
    return scenarioCommand(
      { name: file, evaluate, seed, events, write, json, fraudRate },
      io.out,
      io.err,
    );
  }
  if (command === 'export' && file !== undefined && rest.length === 0) {
    const { target, output } = parsed.values;
    return exportCommand({ file, target, output, sinkDir: parsed.values['sink-dir'] }, io);
  }
  if (command === 'flink' && file === 'run' && rest.length === 1) {
    return flinkRunCommand(rest[0]!, io);
  }
  if ((command !== 'validate' && command !== 'run') || file === undefined || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }

  if (command === 'validate') {
    const loaded = await loadPipelineFile(file);
    if (!loaded.ok) {
      io.err(
        `${file}: ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}`,
      );
      for (const p of loaded.problems) io.err(`  ${formatProblem(p)}`);
      return 2;
    }
    io.out(
      `${file}: valid (${loaded.value.nodes.length} nodes, ${loaded.value.edges.length} edges)`,
    );
    return 0;
  }

  let checkpoints: { dir: string; everyMs?: number; allowNonRestoredState: boolean } | undefined;
  if (
    (parsed.values['checkpoint-interval'] !== undefined ||
      parsed.values['allow-non-restored-state']) &&
    !parsed.values.checkpoints
  ) {
    io.err('--checkpoint-interval and --allow-non-restored-state need --checkpoints <dir>');
    return 2;
  }
  if (parsed.values.checkpoints) {
    const text = parsed.values['checkpoint-interval'];
    const everyMs =
      text === undefined
        ? undefined
        : parseDuration(/^[0-9]{1,9}$/.test(text) ? Number(text) : text);
    if (everyMs === null || (everyMs !== undefined && everyMs < MIN_CHECKPOINT_INTERVAL_MS)) {
      io.err(`--checkpoint-interval: "${text}" is not a duration of at least 100ms`);
      return 2;
    }
    checkpoints = {
      dir: parsed.values.checkpoints,
      ...(everyMs !== undefined ? { everyMs } : {}),
      allowNonRestoredState: parsed.values['allow-non-restored-state'] ?? false,
    };
  }

  let interrupted = 0;
  let stopJob: (() => void) | null = null;
  const onSignal = () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    io.err('stopping… (Ctrl-C again to quit at once)');
    stopJob?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await runPipelineFile(file, {
      // With checkpoints, Ctrl-C stops with a savepoint (Flink's stop-with-savepoint): the
      // next run of the same command resumes exactly where this one stopped.
      onStart: (job) => (stopJob = () => job.stop({ savepoint: checkpoints !== undefined })),
      print: (line) => io.out(line),
      ...(parsed.values['dead-letters'] ? { deadLettersFile: parsed.values['dead-letters'] } : {}),
      ...(checkpoints ? { checkpoints } : {}),
      log: (line) => io.err(line),
    });
    if (!outcome.ok) {
      io.err(
        `${file}: ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'}`,
      );
      for (const p of outcome.problems) io.err(`  ${formatProblem(p)}`);
      return 2;
    }
    const { result, job } = outcome;
    if (!parsed.values.quiet) {
      io.err(summaryTable(result));
      const seconds = (result.elapsedMs / 1000).toFixed(2);
      io.err(`${result.status} in ${seconds}s; dead letters: ${result.deadLetters}`);
      if (result.deadLetters > 0)
        for (const line of deadLetterLines(job.deadLetters, result.deadLetters)) io.err(line);
    }
    if (result.status === 'failed') {
      io.err(`failed: ${result.error?.message ?? 'unknown error'}`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
