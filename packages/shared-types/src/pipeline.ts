import { z } from 'zod';

/** Canvas position; only the canvas reads it. */
export const Position = z.object({ x: z.number(), y: z.number() });

/**
 * A node of the pipeline (spec §1). `params` is checked against the operator's own schema by
 * the validator; here it is only an object. Other fields (React Flow's `data`, `measured`…) are
 * the canvas's and are ignored by the engine.
 */
export const PipelineNode = z.looseObject({
  id: z.string().meta({ description: 'Unique, non-empty node id' }),
  type: z.string().meta({ description: 'An operator type from the catalogue' }),
  params: z.record(z.string(), z.unknown()).default({}),
  position: Position.optional(),
});

/** An edge, in React Flow's own field names (spec §1). */
export const PipelineEdge = z.looseObject({
  id: z.string().optional(),
  source: z.string(),
  target: z.string(),
  sourceHandle: z.string().nullish().meta({ description: 'Output port, default "out"' }),
  targetHandle: z.string().nullish().meta({ description: 'Input port, default "in"' }),
});

/** The pipeline document, version 1. Unknown top-level fields are kept and ignored. */
/** Settings of the whole pipeline, as written (durations are parsed when it is validated). */
export const PipelineSettings = z.looseObject({
  checkpointInterval: z.union([z.number(), z.string()]).optional().meta({
    description:
      'How often a run takes a checkpoint (state and positions, for recovery after a crash), e.g. "10s"; 0 turns checkpoints off. Default on the server: 10s',
    format: 'duration',
  }),
  parallelism: z.number().optional().meta({
    description:
      'Worker threads that run the pipeline (1 to 16): keyed operators are split by key across them, sources by blocks of records; results equal those of parallelism 1. Default 1',
  }),
});

/** Worker threads a pipeline may ask for (settings.parallelism). */
export const MAX_PARALLELISM = 16;

export const PipelineDocument = z.looseObject({
  version: z.literal(1),
  name: z.string(),
  nodes: z.array(PipelineNode),
  edges: z.array(PipelineEdge),
  settings: PipelineSettings.optional(),
});

export type Position = z.infer<typeof Position>;
export type PipelineNode = z.infer<typeof PipelineNode>;
export type PipelineEdge = z.infer<typeof PipelineEdge>;
export type PipelineDocument = z.infer<typeof PipelineDocument>;
export type PipelineSettings = z.infer<typeof PipelineSettings>;

/** Checkpoints no more often than this: more often costs more than it saves. */
export const MIN_CHECKPOINT_INTERVAL_MS = 100;

export const DEFAULT_SOURCE_HANDLE = 'out';
export const DEFAULT_TARGET_HANDLE = 'in';
