// Runs Flink SQL scripts on real Apache Flink (2.3, an embedded MiniCluster) in one JVM: the
// Java side is runners/flink (dev.rivulet.flink.RunScripts), built once with Maven by
// scripts/flink/runner.mjs. That script, plain Node, also knows the command line, so that
// `npm test` can build the runner before anything is compiled; this module loads it and owns
// the process: its report lines, its time limit, its end.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface FlinkJobResult {
  script: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface FlinkRun {
  ok: boolean;
  jvmStartMs?: number;
  totalMs: number;
  jobs: FlinkJobResult[];
  stderr: string;
}

interface RunnerScript {
  ensureFlinkRunner(options?: { log?: (line: string) => void }): Promise<string | null>;
  flinkRunnerCommand(scripts: readonly string[], options: { tmpDir: string }): [string, string[]];
}

// The same relative path from src/flink and dist/flink.
const RUNNER_SCRIPT = new URL('../../../../scripts/flink/runner.mjs', import.meta.url);
let runnerScript: Promise<RunnerScript> | undefined;
const loadRunnerScript = () =>
  (runnerScript ??= import(RUNNER_SCRIPT.href) as Promise<RunnerScript>);

/** The end of the JVM's standard error kept for FlinkRun.stderr. */
const STDERR_LIMIT = 64 * 1024;
/** The JVM's java.io.tmpdir, one per run: `rivulet-flink-<our pid>-<random>`. */
const TMP_PREFIX = 'rivulet-flink-';

/** Builds the runner once (cached); resolves to null when ready, else to the problem. */
export async function ensureFlinkRunner(
  options: { log?: (line: string) => void } = {},
): Promise<string | null> {
  try {
    return await (await loadRunnerScript()).ensureFlinkRunner(options);
  } catch (error) {
    return `cannot build the Flink runner: ${(error as Error).message}`;
  }
}

// Every JVM started here, by pid (each leads its own process group): killed when this process
// exits. setpriv's parent-death signal covers the deaths no 'exit' handler sees.
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) kill(pid);
});

function kill(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs the scripts in one JVM, in order; never throws for a failing script (see jobs[i].error).
 * Builds the runner first when needed (not counted in timeoutMs, which limits the JVM). `log`
 * receives the build's lines and the JVM's standard error, line by line.
 */
export async function runFlinkScripts(
  scripts: string[],
  options: { log?: (line: string) => void; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FlinkRun> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const notRun = (why: string): FlinkRun => ({
    ok: false,
    totalMs: elapsed(),
    jobs: scripts.map((script) => ({ script, ok: false, ms: 0, error: why })),
    stderr: '',
  });
  if (options.signal?.aborted) return notRun('not run: aborted');
  const problem = await ensureFlinkRunner(options.log ? { log: options.log } : {});
  if (problem) return { ...notRun(`not run: ${problem}`), stderr: problem };
  if (scripts.length === 0) return { ok: true, totalMs: elapsed(), jobs: [], stderr: '' };
  const { flinkRunnerCommand } = await loadRunnerScript();
  removeStaleTmpDirs();
  const tmpDir = mkdtempSync(join(tmpdir(), `${TMP_PREFIX}${process.pid}-`));
  try {
    const [command, args] = flinkRunnerCommand(scripts, { tmpDir });
    const run = await runJvm(command, args, scripts, options);
    return { ...run, totalMs: elapsed() };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/**
 * The temporary folders of runs whose process is gone (killed before it could remove them):
 * about 50 MB each, the planner's jar and the MiniCluster's files.
 */
function removeStaleTmpDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const pid = Number(name.slice(TMP_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runJvm(
  command: string,
  args: string[],
  scripts: string[],
  options: { log?: (line: string) => void; timeoutMs?: number; signal?: AbortSignal },
): Promise<Omit<FlinkRun, 'totalMs'>> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    const jobs: FlinkJobResult[] = [];
    let jvmStartMs: number | undefined;
    let stderr = '';
    let lastReport = performance.now();
    let stopped: string | null = null; // why we killed it
    let spawnError: string | null = null;

    const stop = (why: string) => {
      if (stopped !== null || pid === undefined) return;
      stopped = why;
      kill(pid);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop(`timed out after ${options.timeoutMs} ms`), options.timeoutMs);
    const onAbort = () => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    createInterface({ input: child.stdout }).on('line', (line) => {
      const report = parseReport(line);
      if (report === null) return;
      if ('jvmStartMs' in report) jvmStartMs = report.jvmStartMs;
      else if (jobs.length < scripts.length) {
        const { ok, ms, error } = report;
        jobs.push({ script: scripts[jobs.length]!, ok, ms, ...(error !== undefined && { error }) });
        lastReport = performance.now();
      }
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += line + '\n';
      if (stderr.length > 2 * STDERR_LIMIT) stderr = stderr.slice(-STDERR_LIMIT);
      options.log?.(line);
    });
    child.once('error', (error) => {
      spawnError = `could not start java: ${error.message}`;
    });
    child.once('close', (code, signal) => {
      if (pid !== undefined) running.delete(pid);
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stderr = stderr.slice(-STDERR_LIMIT);
      const why =
        stopped ??
        spawnError ??
        `the Flink runner ended (${signal ?? `exit code ${code}`}) before it finished` +
          lastLine(stderr);
      const reported = jobs.length;
      for (let i = reported; i < scripts.length; i++) {
        const ms = i === reported ? Math.round(performance.now() - lastReport) : 0;
        jobs.push({
          script: scripts[i]!,
          ok: false,
          ms,
          error: i === reported ? why : `not run: ${why}`,
        });
      }
      const ok = code === 0 && reported === scripts.length && jobs.every((job) => job.ok);
      resolve({ ok, ...(jvmStartMs !== undefined && { jvmStartMs }), jobs, stderr });
    });
  });
}

type Report = { jvmStartMs: number } | { ok: boolean; ms: number; error?: string };

/** A report line of RunScripts, or null for anything else. */
function parseReport(line: string): Report | null {
  if (!line.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.jvmStartMs === 'number') return { jvmStartMs: v.jvmStartMs };
  if (typeof v.ok !== 'boolean' || typeof v.ms !== 'number') return null;
  return typeof v.error === 'string'
    ? { ok: v.ok, ms: v.ms, error: v.error }
    : { ok: v.ok, ms: v.ms };
}

function lastLine(text: string): string {
  const line = text.trimEnd().split('\n').pop();
  return line ? `: ${line}` : '';
}
