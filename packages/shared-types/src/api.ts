import { z } from 'zod';
import { PipelineDocument } from './pipeline.js';
import { Problem } from './problems.js';

/** Every error the API answers: a message and, for invalid input, the list of problems. */
export const ApiError = z.object({
  message: z.string(),
  problems: z.array(Problem).default([]),
});
export type ApiError = z.infer<typeof ApiError>;

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id is 1–64 letters, digits, - or _');

/** A saved pipeline: its current document and version. */
export const PipelineRecord = z.object({
  id: Id,
  name: z.string(),
  version: z.number().int().positive(),
  createdAt: z.number(),
  updatedAt: z.number(),
  document: PipelineDocument,
});
export type PipelineRecord = z.infer<typeof PipelineRecord>;

export const PipelineSummary = PipelineRecord.omit({ document: true }).extend({
  nodes: z.number().int(),
  lastRun: z.lazy(() => RunSummary).nullable(),
});
export type PipelineSummary = z.infer<typeof PipelineSummary>;

export const PipelineVersion = z.object({
  pipelineId: Id,
  version: z.number().int().positive(),
  createdAt: z.number(),
  document: PipelineDocument,
});
export type PipelineVersion = z.infer<typeof PipelineVersion>;

/** Body of create and update: a pipeline document (validated only when run or asked). */
export const SavePipelineBody = z.object({
  document: PipelineDocument,
  /**
   * Update only: the version the edit started from. When the saved version is newer, the save
   * is refused (409, SaveConflict) instead of silently replacing someone else's. Optional for
   * old clients, which always win.
   */
  baseVersion: z.number().int().positive().optional(),
});
export type SavePipelineBody = z.infer<typeof SavePipelineBody>;

/** The 409 of an update whose `baseVersion` is older than the saved version. */
export const SaveConflict = ApiError.extend({ latestVersion: z.number().int().positive() });
export type SaveConflict = z.infer<typeof SaveConflict>;

export const ValidateResponse = z.object({ valid: z.boolean(), problems: z.array(Problem) });
export type ValidateResponse = z.infer<typeof ValidateResponse>;

/**
 * `POST /api/export/flink-sql` with a pipeline document: the Flink SQL script that runs it on
 * Apache Flink, or null and every problem that prevents a faithful export (each naming its node
 * and field). A node named by no problem can be exported.
 */
export const ExportResponse = z.object({
  script: z.string().nullable(),
  problems: z.array(Problem),
});
export type ExportResponse = z.infer<typeof ExportResponse>;

/** recovering: resuming from its latest checkpoint after the server stopped. */
export const RunStatus = z.enum(['recovering', 'running', 'finished', 'stopped', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Percentiles of a latency histogram in µs; null while it is empty. */
export const LatencyUs = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});
export type LatencyUs = z.infer<typeof LatencyUs>;

export const NodeFinal = z.object({
  nodeId: z.string(),
  type: z.string(),
  recordsIn: z.number(),
  recordsOut: z.number(),
  deadLetters: z.number(),
  lateRecords: z.number(),
  /** Records the operator discarded on purpose (runs stored before it was counted: 0). */
  dropped: z.number().default(0),
  latencyUs: LatencyUs,
});
export type NodeFinal = z.infer<typeof NodeFinal>;

export const RunSummary = z.object({
  id: Id,
  pipelineId: Id,
  pipelineVersion: z.number().int(),
  status: RunStatus,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.object({ nodeId: z.string().optional(), message: z.string() }).nullable(),
  deadLetters: z.number(),
  /** Final metrics per node (null while running: read the telemetry). */
  metrics: z.array(NodeFinal).nullable(),
  /** Each time it resumed after the server stopped: the checkpoint restored, and when. */
  recoveries: z.array(z.object({ checkpoint: z.number().int(), at: z.number() })).default([]),
  /** Started from a savepoint: which, the stateful nodes that started empty, state dropped. */
  restored: z
    .object({
      savepointId: Id,
      emptyNodes: z.array(z.string()),
      droppedNodes: z.array(z.string()),
    })
    .nullable()
    .default(null),
  /** The savepoint its stop took (stop with savepoint), if any. */
  savepointId: Id.nullable().default(null),
});

/** A savepoint: a run's state kept when it stopped, to start any version of its pipeline from. */
export const SavepointSummary = z.object({
  id: Id,
  pipelineId: Id,
  pipelineVersion: z.number().int(),
  runId: Id,
  createdAt: z.number(),
  bytes: z.number(),
});
export type SavepointSummary = z.infer<typeof SavepointSummary>;

/** Body of POST /api/runs/:id/stop (optional). */
export const StopRunBody = z.strictObject({ savepoint: z.boolean().default(false) });

/** Body of POST /api/pipelines/:id/runs (optional). */
export const StartRunBody = z.strictObject({
  fromSavepoint: Id.optional(),
  allowNonRestoredState: z.boolean().default(false),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const DeadLetterEntry = z.object({
  nodeId: z.string(),
  reason: z.string(),
  /** The record, or a cut preview of its JSON text when it is large. */
  record: z.unknown(),
  /** Wall clock when it was refused. */
  at: z.number(),
  /** The record's event time when the operator knew it (null: a line that did not parse). */
  eventTime: z.number().nullable(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntry>;

export const DeadLetterPage = z.object({
  total: z.number().int(),
  kept: z.number().int(),
  offset: z.number().int(),
  items: z.array(DeadLetterEntry),
});
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

/**
 * A whole number read from a URL (a path segment or a query param): plain decimal digits only,
 * at most nine, then the range. `0x1`, `1e2`, ` 12`, `+3`, `1.0` and `-1` are refused rather
 * than coerced, so one number has one spelling.
 */
export const UrlInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, 'expected a whole number in plain digits (0-9)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const PageQuery = z.strictObject({
  offset: UrlInt(0, 1_000_000).default(0),
  limit: UrlInt(1, 500).default(50),
});

/** One operator of the catalogue, with its params as JSON Schema for the canvas forms. */
export const CatalogueEntry = z.object({
  type: z.string(),
  category: z.string(),
  title: z.string(),
  summary: z.string(),
  description: z.string(),
  example: z.record(z.string(), z.unknown()),
  inputs: z.array(
    z.object({ name: z.string(), description: z.string(), multiple: z.boolean().optional() }),
  ),
  outputs: z.array(z.object({ name: z.string(), description: z.string() })),
  paramsSchema: z.record(z.string(), z.unknown()),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

/**
 * The generator's scenarios, as source.generator's `scenario` param names them (a test of the
 * operators' registry keeps the two lists equal).
 */
export const GeneratorScenario = z.enum([
  'clickstream',
  'transactions',
  'sensors',
  'conversations',
  'nexmark',
]);
export type GeneratorScenario = z.infer<typeof GeneratorScenario>;

/** A ready-to-run pipeline of the gallery, built on one of the generator's scenarios. */
export const PipelineTemplate = z.object({
  /** Stable id: `template-<slug>` in the gallery. */
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  scenario: GeneratorScenario,
  document: PipelineDocument,
});
export type PipelineTemplate = z.infer<typeof PipelineTemplate>;

/** The fields one node receives (all inputs together) and emits; `null`: not known. */
export const NodeFieldsEntry = z.object({
  inputs: z.array(z.string()).nullable(),
  outputs: z.array(z.string()).nullable(),
});
export type NodeFieldsEntry = z.infer<typeof NodeFieldsEntry>;

/**
 * POST /api/fields: the fields each node of the document receives and emits (files sampled on
 * the server), and warnings about params that read a field their node does not receive.
 */
export const FieldsResponse = z.object({
  nodes: z.record(z.string(), NodeFieldsEntry),
  warnings: z.array(Problem),
});
export type FieldsResponse = z.infer<typeof FieldsResponse>;
