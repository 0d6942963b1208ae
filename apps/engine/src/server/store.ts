import { randomUUID } from 'node:crypto';
import Database from 'libsql';
import type {
  DeadLetterEntry,
  SavepointSummary,
  NodeFinal,
  PipelineDocument,
  PipelineRecord,
  PipelineSummary,
  PipelineVersion,
  RunStatus,
  RunSummary,
} from '@rivulet/shared-types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pipelines (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pipeline_versions (
  pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (pipeline_id, version)
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  pipeline_version INTEGER NOT NULL,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  error TEXT,
  dead_letters INTEGER NOT NULL DEFAULT 0,
  metrics TEXT,
  recoveries TEXT,
  restored TEXT,
  savepoint_id TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs(pipeline_id, started_at);
CREATE TABLE IF NOT EXISTS savepoints (
  id TEXT PRIMARY KEY,
  pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  pipeline_version INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  record TEXT NOT NULL,
  at INTEGER NOT NULL,
  event_time INTEGER,
  PRIMARY KEY (run_id, seq)
);
`;

interface RunRow {
  id: string;
  pipeline_id: string;
  pipeline_version: number;
  status: RunStatus;
  started_at: number;
  finished_at: number | null;
  error: string | null;
  dead_letters: number;
  metrics: string | null;
  recoveries: string | null;
  restored: string | null;
  savepoint_id: string | null;
}

interface SavepointRow {
  id: string;
  pipeline_id: string;
  pipeline_version: number;
  run_id: string;
  created_at: number;
  bytes: number;
}

const toSavepoint = (row: SavepointRow): SavepointSummary => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  pipelineVersion: row.pipeline_version,
  runId: row.run_id,
  createdAt: row.created_at,
  bytes: row.bytes,
});

interface PipelineRow {
  id: string;
  name: string;
  version: number;
  created_at: number;
  updated_at: number;
}

const toRun = (row: RunRow): RunSummary => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  pipelineVersion: row.pipeline_version,
  status: row.status,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  error: row.error === null ? null : (JSON.parse(row.error) as RunSummary['error']),
  deadLetters: row.dead_letters,
  metrics: row.metrics === null ? null : (JSON.parse(row.metrics) as NodeFinal[]),
  recoveries:
    row.recoveries === null ? [] : (JSON.parse(row.recoveries) as RunSummary['recoveries']),
  restored: row.restored === null ? null : (JSON.parse(row.restored) as RunSummary['restored']),
  savepointId: row.savepoint_id,
});

/** A save based on an older version than the saved one: someone else saved meanwhile. */
export class VersionConflict extends Error {
  constructor(
    readonly pipelineId: string,
    readonly baseVersion: number,
    readonly latestVersion: number,
  ) {
    super(
      `pipeline "${pipelineId}" was saved as v${latestVersion} since v${baseVersion} was opened: reload it, overwrite it or save a copy`,
    );
  }
}

/**
 * Pipelines, their versions and run history, in SQLite through libsql: better-sqlite3's
 * synchronous API, with its native binary shipped as an npm package (no compiler at install).
 */
export class Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    // better-sqlite3 waited up to 5 s for a lock by default; libsql does not wait unless told.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    // Databases from before dead letters kept their event time.
    const columns = this.db.prepare('PRAGMA table_info(dead_letters)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'event_time'))
      this.db.exec('ALTER TABLE dead_letters ADD COLUMN event_time INTEGER');
    const runColumns = this.db.prepare('PRAGMA table_info(runs)').all() as { name: string }[];
    for (const column of ['recoveries', 'restored', 'savepoint_id'])
      if (!runColumns.some((c) => c.name === column))
        this.db.exec(`ALTER TABLE runs ADD COLUMN ${column} TEXT`);
  }

  close(): void {
    this.db.close();
  }

  createPipeline(document: PipelineDocument, now = Date.now()): PipelineRecord {
    const id = randomUUID();
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO pipelines (id, name, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)',
        )
        .run(id, document.name, now, now);
      this.db
        .prepare(
          'INSERT INTO pipeline_versions (pipeline_id, version, created_at, document) VALUES (?, 1, ?, ?)',
        )
        .run(id, now, JSON.stringify(document));
    })();
    return { id, name: document.name, version: 1, createdAt: now, updatedAt: now, document };
  }

  /**
   * Saves a new version; null when the pipeline does not exist. With `baseVersion` (the version
   * the edit started from), a newer saved version throws VersionConflict and nothing is saved.
   */
  updatePipeline(
    id: string,
    document: PipelineDocument,
    now = Date.now(),
    baseVersion?: number,
  ): PipelineRecord | null {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM pipelines WHERE id = ?').get(id) as
        PipelineRow | undefined;
      if (!row) return null;
      if (baseVersion !== undefined && row.version > baseVersion)
        throw new VersionConflict(id, baseVersion, row.version);
      const version = row.version + 1;
      this.db
        .prepare('UPDATE pipelines SET name = ?, version = ?, updated_at = ? WHERE id = ?')
        .run(document.name, version, now, id);
      this.db
        .prepare(
          'INSERT INTO pipeline_versions (pipeline_id, version, created_at, document) VALUES (?, ?, ?, ?)',
        )
        .run(id, version, now, JSON.stringify(document));
      return {
        id,
        name: document.name,
        version,
        createdAt: row.created_at,
        updatedAt: now,
        document,
      };
    })();
  }

  getPipeline(id: string): PipelineRecord | null {
    const row = this.db.prepare('SELECT * FROM pipelines WHERE id = ?').get(id) as
      PipelineRow | undefined;
    if (!row) return null;
    const version = this.getVersion(id, row.version)!;
    return {
      id,
      name: row.name,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      document: version.document,
    };
  }

  listPipelines(): PipelineSummary[] {
    const rows = this.db
      .prepare('SELECT * FROM pipelines ORDER BY updated_at DESC')
      .all() as PipelineRow[];
    const last = this.db.prepare(
      'SELECT * FROM runs WHERE pipeline_id = ? ORDER BY started_at DESC LIMIT 1',
    );
    const doc = this.db.prepare(
      'SELECT document FROM pipeline_versions WHERE pipeline_id = ? AND version = ?',
    );
    return rows.map((row) => {
      const run = last.get(row.id) as RunRow | undefined;
      const d = JSON.parse(
        (doc.get(row.id, row.version) as { document: string }).document,
      ) as PipelineDocument;
      return {
        id: row.id,
        name: row.name,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        nodes: d.nodes.length,
        lastRun: run ? toRun(run) : null,
      };
    });
  }

  deletePipeline(id: string): boolean {
    return this.db.prepare('DELETE FROM pipelines WHERE id = ?').run(id).changes > 0;
  }

  listVersions(id: string): Omit<PipelineVersion, 'document'>[] | null {
    if (!this.db.prepare('SELECT 1 FROM pipelines WHERE id = ?').get(id)) return null;
    const rows = this.db
      .prepare(
        'SELECT version, created_at FROM pipeline_versions WHERE pipeline_id = ? ORDER BY version DESC',
      )
      .all(id) as { version: number; created_at: number }[];
    return rows.map((r) => ({ pipelineId: id, version: r.version, createdAt: r.created_at }));
  }

  getVersion(id: string, version: number): PipelineVersion | null {
    const row = this.db
      .prepare(
        'SELECT version, created_at, document FROM pipeline_versions WHERE pipeline_id = ? AND version = ?',
      )
      .get(id, version) as { version: number; created_at: number; document: string } | undefined;
    if (!row) return null;
    return {
      pipelineId: id,
      version: row.version,
      createdAt: row.created_at,
      document: JSON.parse(row.document) as PipelineDocument,
    };
  }

  createRun(run: {
    id: string;
    pipelineId: string;
    pipelineVersion: number;
    startedAt: number;
    restored?: RunSummary['restored'];
  }): void {
    this.db
      .prepare(
        "INSERT INTO runs (id, pipeline_id, pipeline_version, status, started_at, restored) VALUES (?, ?, ?, 'running', ?, ?)",
      )
      .run(
        run.id,
        run.pipelineId,
        run.pipelineVersion,
        run.startedAt,
        run.restored ? JSON.stringify(run.restored) : null,
      );
  }

  addSavepoint(savepoint: SavepointSummary): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO savepoints (id, pipeline_id, pipeline_version, run_id, created_at, bytes) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          savepoint.id,
          savepoint.pipelineId,
          savepoint.pipelineVersion,
          savepoint.runId,
          savepoint.createdAt,
          savepoint.bytes,
        );
      this.db
        .prepare('UPDATE runs SET savepoint_id = ? WHERE id = ?')
        .run(savepoint.id, savepoint.runId);
    })();
  }

  getSavepoint(id: string): SavepointSummary | null {
    const row = this.db.prepare('SELECT * FROM savepoints WHERE id = ?').get(id) as
      SavepointRow | undefined;
    return row ? toSavepoint(row) : null;
  }

  /** A pipeline's savepoints, newest first; null when there is no such pipeline. */
  listSavepoints(pipelineId: string): SavepointSummary[] | null {
    if (!this.getPipeline(pipelineId)) return null;
    const rows = this.db
      .prepare('SELECT * FROM savepoints WHERE pipeline_id = ? ORDER BY created_at DESC')
      .all(pipelineId) as SavepointRow[];
    return rows.map(toSavepoint);
  }

  deleteSavepoint(id: string): boolean {
    return this.db.prepare('DELETE FROM savepoints WHERE id = ?').run(id).changes > 0;
  }

  finishRun(
    id: string,
    end: {
      status: RunStatus;
      finishedAt: number;
      error: RunSummary['error'];
      metrics: NodeFinal[];
      deadLetters: number;
      kept: DeadLetterEntry[];
    },
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE runs SET status = ?, finished_at = ?, error = ?, metrics = ?, dead_letters = ? WHERE id = ?',
        )
        .run(
          end.status,
          end.finishedAt,
          end.error ? JSON.stringify(end.error) : null,
          JSON.stringify(end.metrics),
          end.deadLetters,
          id,
        );
      const insert = this.db.prepare(
        'INSERT INTO dead_letters (run_id, seq, node_id, reason, record, at, event_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      end.kept.forEach((d, seq) =>
        insert.run(
          id,
          seq,
          d.nodeId,
          d.reason,
          JSON.stringify(d.record) ?? 'null',
          d.at,
          d.eventTime ?? null,
        ),
      );
    })();
  }

  getRun(id: string): RunSummary | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  listRuns(pipelineId?: string, limit = 100): RunSummary[] {
    const rows = (
      pipelineId
        ? this.db
            .prepare('SELECT * FROM runs WHERE pipeline_id = ? ORDER BY started_at DESC LIMIT ?')
            .all(pipelineId, limit)
        : this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC LIMIT ?').all(limit)
    ) as RunRow[];
    return rows.map(toRun);
  }

  deadLetters(
    runId: string,
    offset: number,
    limit: number,
  ): { kept: number; items: DeadLetterEntry[] } {
    const kept = (
      this.db.prepare('SELECT COUNT(*) AS n FROM dead_letters WHERE run_id = ?').get(runId) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(
        'SELECT node_id, reason, record, at, event_time FROM dead_letters WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?',
      )
      .all(runId, limit, offset) as {
      node_id: string;
      reason: string;
      record: string;
      at: number;
      event_time: number | null;
    }[];
    return {
      kept,
      items: rows.map((r) => ({
        nodeId: r.node_id,
        reason: r.reason,
        record: JSON.parse(r.record) as unknown,
        at: r.at,
        eventTime: r.event_time,
      })),
    };
  }

  /** Runs left running (or recovering) by a server that stopped. */
  interruptedRuns(): RunSummary[] {
    const rows = this.db
      .prepare("SELECT * FROM runs WHERE status IN ('running', 'recovering') ORDER BY started_at")
      .all() as RunRow[];
    return rows.map(toRun);
  }

  /** A run left running by a server that stopped, which is not resumed: stopped now. */
  closeInterruptedRun(id: string, now = Date.now()): void {
    this.db
      .prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?')
      .run(
        'stopped',
        now,
        JSON.stringify({ message: 'the server stopped while this run was running' }),
        id,
      );
  }

  /** A run resumes from a checkpoint after the server stopped: recovering, and when and from what. */
  recoverRun(id: string, recovery: { checkpoint: number; at: number }): void {
    const run = this.getRun(id);
    if (!run) return;
    this.db
      .prepare("UPDATE runs SET status = 'recovering', recoveries = ? WHERE id = ?")
      .run(JSON.stringify([...run.recoveries, recovery]), id);
  }

  setRunStatus(id: string, status: RunStatus): void {
    this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, id);
  }
}
