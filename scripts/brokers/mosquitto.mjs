// A real MQTT broker (Debian's mosquitto) for development and tests, with a configuration of
// ours: loopback only, anonymous clients, nothing kept on disk, its log on standard output.
// Node's own modules only (scripts/ensure-install.mjs uses it before anything is installed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, freePort, startServer, which } from './process.mjs';

/**
 * Installs Debian's `mosquitto` package when the program is missing (apt-get as root, else
 * through `sudo -n`), printing each step, as ensureChromium does. Returns null when mosquitto is
 * there, else the reason it is not, so that the caller fails instead of skipping.
 */
export function ensureMosquitto() {
  if (which('mosquitto')) return null;
  const steps = [
    ['apt-get', ['update']],
    ['apt-get', ['install', '-y', '--no-install-recommends', 'mosquitto']],
  ];
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0;
  for (const [command, args] of steps) {
    const [cmd, argv] = sudo ? ['sudo', ['-n', command, ...args]] : [command, args];
    console.log(`rivulet: mosquitto is missing; running: ${cmd} ${argv.join(' ')}`);
    const run = spawnSync(cmd, argv, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.error || run.status !== 0) {
      const why = run.error ? run.error.message : `exit code ${run.status}`;
      return `\`${cmd} ${argv.join(' ')}\` failed (${why}); install Debian's mosquitto package by hand`;
    }
  }
  const installed = which('mosquitto');
  if (!installed) return 'apt-get installed mosquitto but the program is still missing';
  console.log(`rivulet: installed ${installed}`);
  return null;
}

/**
 * Starts mosquitto on 127.0.0.1:port (a free port when not given) and resolves once it accepts
 * connections. `log` receives each line it prints. restart() keeps the port.
 */
export async function startMosquitto({ port, log, timeoutMs = 30_000 } = {}) {
  const program = which('mosquitto');
  if (!program) throw new Error('cannot start mosquitto: not installed (see ensureMosquitto)');
  port ??= await freePort();
  const launch = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivulet-mosquitto-'));
    const config = join(dir, 'mosquitto.conf');
    writeFileSync(
      config,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence false',
        'log_dest stdout',
        // Started as root, mosquitto switches to the user "mosquitto", and that change of user
        // makes the kernel forget to kill it when its parent dies (setpriv --pdeathsig, see
        // process.mjs): staying root keeps that guarantee. It listens on loopback only.
        ...(process.getuid?.() === 0 ? ['user root'] : []),
        'log_type error',
        'log_type warning',
        '',
      ].join('\n'),
    );
    try {
      const server = await startServer({
        name: `mosquitto on 127.0.0.1:${port}`,
        command: program,
        args: ['-c', config],
        cwd: dir,
        onLine: log,
        probe: () => accepts(port),
        timeoutMs,
      });
      void server.exited.then(() => rmSync(dir, { recursive: true, force: true }));
      return server;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  };

  let server = await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    get pid() {
      return server.pid;
    },
    /** Resolves to { code, signal } when the current process ends, however it ends. */
    get exited() {
      return server.exited;
    },
    /** SIGTERM, SIGKILL after a grace period; resolves once the process is gone. */
    stop: (graceMs = 5_000) => server.stop(graceMs),
    async restart() {
      await server.stop(5_000);
      server = await launch();
    },
  };
}
