import { mkdirSync, realpathSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Server as SocketServer } from 'socket.io';
import { confinedTo, redactPaths } from '../paths.js';
import { createApp } from './app.js';
import { createGuard, isLoopback, parseAllowedHosts } from './guard.js';
import { writeTemplateDataFiles } from '../scenarios/index.js';
import { templates } from './templates/index.js';
import { RunManager } from './runs.js';
import { attachSockets } from './sockets.js';
import { Store } from './store.js';

export interface ServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 5170; 0 for any free one). */
  port?: number;
  dataDir?: string;
  token?: string;
  /**
   * Host names (`name` or `name:port`) accepted in Host and Origin beside 127.0.0.1, localhost
   * and [::1] on the server's port and HOST itself (RIVULET_ALLOWED_HOSTS).
   */
  allowedHosts?: readonly string[];
  webDist?: string;
  /** Heap of each run's worker in MB (default 512). */
  runHeapMb?: number;
  /** A run whose worker answers nothing for this long is terminated (default 10 s). */
  watchdogMs?: number;
  /** Resume runs the last server left running from their checkpoints (default true; RIVULET_RECOVER=0). */
  recover?: boolean;
  /** Save the demo pipeline when there is none (default true). */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  http: HttpServer;
  io: SocketServer;
  store: Store;
  runs: RunManager;
  dataDir: string;
  close(): Promise<void>;
}

/** Checks the options a server may start with; a message when it must not start. */
export function refuseToStart(options: ServerOptions): string | null {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.token) {
    return `refusing to listen on ${host} without a token: set RIVULET_TOKEN, or listen on 127.0.0.1`;
  }
  if (options.token !== undefined && options.token.length < 16)
    return 'RIVULET_TOKEN must be at least 16 characters';
  try {
    parseAllowedHosts((options.allowedHosts ?? []).join(','));
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

/** Starts the engine's HTTP and socket.io server. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const refusal = refuseToStart(options);
  if (refusal) throw new Error(refusal);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line) => console.log(line));
  const given = resolve(options.dataDir ?? 'data');
  mkdirSync(join(given, 'files'), { recursive: true });
  // Its real path: every path the server builds, and so every message, begins with it.
  const dataDir = realpathSync(given);
  const filesDir = join(dataDir, 'files');
  const redact = (message: string) => redactPaths(message, dataDir);
  // The templates' lookup tables (card profiles, fleet…), written once, never overwritten.
  writeTemplateDataFiles(filesDir);
  const store = new Store(join(dataDir, 'rivulet.db'));
  if ((options.demo ?? true) && store.listPipelines().length === 0)
    store.createPipeline(templates[0]!.document);

  const checkPath = confinedTo(filesDir);
  const runs = new RunManager(store, {
    filesDir,
    checkPath,
    // sink.console in the server: the log (each worker prints at most 20 lines a second).
    print: log,
    redact,
    ...(options.runHeapMb ? { heapMb: options.runHeapMb } : {}),
    ...(options.watchdogMs ? { watchdogMs: options.watchdogMs } : {}),
    checkpointsDir: join(dataDir, 'checkpoints'),
    savepointsDir: join(dataDir, 'savepoints'),
  });
  // Runs the last server left running resume from their latest checkpoint (or stop).
  const { resumed, stopped } = await runs.recoverInterrupted(options.recover ?? true);
  if (resumed + stopped > 0)
    log(`rivulet: runs left running by the last start: ${resumed} resumed, ${stopped} stopped`);
  const http = createServer();
  http.requestTimeout = 30_000;
  http.headersTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 5170, host, () => resolveListen());
  }).catch(async (error: unknown) => {
    await runs.close();
    store.close();
    throw error;
  });
  const address = http.address() as AddressInfo;
  // The allowlist needs the real port (PORT=0 picks one), so the handlers are attached now that
  // it is known: no request can have been read yet (this runs before the next I/O poll).
  const guard = createGuard({
    port: address.port,
    host,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  const app = createApp({
    store,
    runs,
    checkPath,
    guard,
    redact,
    ...(options.webDist ? { webDist: options.webDist } : {}),
  });
  http.on('request', app);
  // After the app: socket.io wraps the request listeners present when it attaches.
  const sockets = attachSockets(http, runs, store, guard);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    http,
    io: sockets,
    store,
    runs,
    dataDir,
    async close() {
      await runs.close();
      await new Promise<void>((done) => sockets.close(() => done()));
      store.close();
    },
  };
}
