// `npm start` ends here: the engine and the built web app on one port.
import { fileURLToPath } from 'node:url';
import { refuseToStart, startServer, type ServerOptions } from './server.js';

const options: ServerOptions = {
  host: process.env.HOST ?? '127.0.0.1',
  port: process.env.PORT ? port('PORT') : 5170,
  dataDir: process.env.RIVULET_DATA_DIR ?? 'data',
  webDist: fileURLToPath(new URL('../../../web/dist/', import.meta.url)),
  ...(process.env.RIVULET_TOKEN ? { token: process.env.RIVULET_TOKEN } : {}),
  // Checked by refuseToStart: comma-separated `name` or `name:port`.
  ...(process.env.RIVULET_ALLOWED_HOSTS
    ? { allowedHosts: process.env.RIVULET_ALLOWED_HOSTS.split(',') }
    : {}),
  ...(process.env.RIVULET_RUN_HEAP_MB ? { runHeapMb: positive('RIVULET_RUN_HEAP_MB') } : {}),
  ...(process.env.RIVULET_WATCHDOG_MS ? { watchdogMs: positive('RIVULET_WATCHDOG_MS') } : {}),
  recover: process.env.RIVULET_RECOVER !== '0',
};

/** A setting that must be a whole number above zero, or the server does not start. */
function positive(name: string): number {
  const text = process.env[name] ?? '';
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) === 0) {
    console.error(`rivulet: ${name} must be a whole number above 0 (got "${text}")`);
    process.exit(1);
  }
  return Number(text);
}

/** A port number, or the server does not start. */
function port(name: string): number {
  const text = process.env[name] ?? '';
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    console.error(`rivulet: ${name} must be a port number, 0 to 65535 (got "${text}")`);
    process.exit(1);
  }
  return Number(text);
}

const refusal = refuseToStart(options);
if (refusal) {
  console.error(`rivulet: ${refusal}`);
  process.exit(1);
}

// A bug that escapes a run's own error handling is logged, not fatal to the other runs.
process.on('uncaughtException', (error) => console.error('rivulet: uncaught error', error));
process.on('unhandledRejection', (error) => console.error('rivulet: unhandled rejection', error));

try {
  const server = await startServer(options);
  console.log(`Rivulet is running at ${server.url} (data in ${server.dataDir})`);
  const shutdown = () => {
    console.log('rivulet: stopping runs and closing…');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    `rivulet: cannot start: ${code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT)` : (error as Error).message}`,
  );
  process.exit(1);
}
