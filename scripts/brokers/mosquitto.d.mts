// Types of mosquitto.mjs for the engine's TypeScript tests.

/** Installs mosquitto with apt when missing; null when it is there, else the problem. */
export function ensureMosquitto(): string | null;

export interface MosquittoOptions {
  /** A free port when absent. */
  port?: number;
  /** Receives each line mosquitto prints. */
  log?: (line: string) => void;
  timeoutMs?: number;
}

export interface MosquittoBroker {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** Resolves when the current process ends, however it ends (a new one after restart()). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Stops it and starts it again on the same port. */
  restart(): Promise<void>;
}

export function startMosquitto(options?: MosquittoOptions): Promise<MosquittoBroker>;
