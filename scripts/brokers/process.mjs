// What the broker scripts share: free ports, a server process that never outlives us, and its
// last log lines for error messages. Node's own modules only (it runs before any install).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** A port free on 127.0.0.1 now (the OS picks it; a race with other programs is possible). */
/**
 * Runs a command to its end; resolves to null when it succeeded, else to why not and the end of
 * its output (Maven's, for one).
 */
export function runToEnd(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const text = () => Buffer.concat(output).toString('utf8').trim().slice(-4000);
    child.once('error', (error) => resolve(error.message));
    child.once('close', (code, signal) => {
      if (code === 0) resolve(null);
      else
        resolve(
          `${signal ? `killed by ${signal}` : `exit code ${code}`}${text() ? `:\n${text()}` : ''}`,
        );
    });
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The full path of a program on PATH (or in /usr/sbin, where Debian puts daemons), or null. */
export function which(program) {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

// Every server started here, by pid (each leads its own process group). When this process
// exits, for whatever reason Node still sees, they are killed at once: a broker never outlives
// the test run or the script that started it. stop() is the clean way; this is the last resort.
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

// On Linux, setpriv asks the kernel to kill the server when its parent dies, which covers the
// deaths no 'exit' handler sees (SIGKILL, a crash, an unhandled signal).
const SETPRIV = process.platform === 'linux' ? which('setpriv') : null;

/**
 * Starts a server process in its own process group, its output read line by line.
 * `ready(line)` says when a line means it is ready; without it, `probe()` is polled.
 * Resolves to the running process once ready; rejects with the last lines of its output when it
 * exits first or is not ready after `timeoutMs`.
 */
export function startServer({ name, command, args, cwd, onLine, ready, probe, timeoutMs }) {
  const [cmd, argv] = SETPRIV
    ? [SETPRIV, ['--pdeathsig', 'KILL', command, ...args]]
    : [command, args];
  const child = spawn(cmd, argv, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  let isReady = false;
  let settle = () => {};
  const done = new Promise((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  const failed = (why) => {
    const lines = tail.length > 0 ? `; its last lines:\n${tail.join('\n')}` : '';
    settle(new Error(`${name} ${why}${lines}`));
  };
  const read = (stream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        onLine?.(line);
        if (!isReady && ready?.(line)) {
          isReady = true;
          settle();
        }
      }
    });
  };
  read(child.stdout);
  read(child.stderr);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child.pid);
      resolve({ code, signal });
      if (!isReady) failed(`exited before it was ready (${signal ?? `exit code ${code}`})`);
    });
    child.once('error', (error) => {
      running.delete(child.pid);
      resolve({ code: null, signal: null });
      failed(`could not start: ${error.message}`);
    });
  });
  if (child.pid !== undefined) running.add(child.pid);

  // setImmediate: should this loop have been blocked (a synchronous build in the same process),
  // the output that arrived meanwhile is read before the time is declared up.
  const timer = setTimeout(
    () => setImmediate(() => failed(`was not ready after ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  let polling = null;
  if (probe) {
    polling = setInterval(async () => {
      if (!isReady && (await probe())) {
        isReady = true;
        settle();
      }
    }, 50);
  }
  const server = {
    pid: child.pid,
    /** Resolves to { code, signal } once the process is gone, however it ended. */
    exited,
    /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once the process is gone. */
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const signal = (s) => {
        try {
          process.kill(-child.pid, s);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const kill = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
  return done.then(
    () => {
      clearTimeout(timer);
      if (polling) clearInterval(polling);
      return server;
    },
    async (error) => {
      clearTimeout(timer);
      if (polling) clearInterval(polling);
      await server.stop(2_000);
      throw error;
    },
  );
}
