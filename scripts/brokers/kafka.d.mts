// Types of kafka.mjs for the engine's TypeScript tests.

export const KAFKA_DIR: string;
export const LIB_DIR: string;

/** Fetches the broker's jars with Maven once; resolves to null when ready, else the problem. */
export function ensureKafkaJars(options?: { log?: (line: string) => void }): Promise<string | null>;

export interface KafkaOptions {
  /** The client port; a free one when absent. */
  port?: number;
  /** The KRaft controller's port; a free one when absent. */
  controllerPort?: number;
  /** The broker's folder: its configuration and its topics (formatted on the first start). */
  dataDir: string;
  /** Receives each line the broker prints. */
  log?: (line: string) => void;
  /** How long a start may take before it is given up (default 60 s). */
  timeoutMs?: number;
  /**
   * Whether this broker may write the class archive that makes later starts faster, when there
   * is none yet (default true). Writing it makes its first stop a few seconds longer.
   */
  writeClassArchive?: boolean;
}

export interface KafkaBroker {
  /** `127.0.0.1:<port>` */
  readonly bootstrap: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** The broker process's id (a new one after restart()). */
  readonly pid: number | undefined;
  /** Resolves when the current process ends, however it ends (a new one after restart()). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Stops it and starts it again on the same ports and data. */
  restart(): Promise<void>;
}

export function startKafka(options: KafkaOptions): Promise<KafkaBroker>;
