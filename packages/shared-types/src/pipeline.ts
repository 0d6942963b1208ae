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
export const PipelineDocument = z.looseObject({
  version: z.literal(1),
  name: z.string(),
  nodes: z.array(PipelineNode),
  edges: z.array(PipelineEdge),
});

export type Position = z.infer<typeof Position>;
export type PipelineNode = z.infer<typeof PipelineNode>;
export type PipelineEdge = z.infer<typeof PipelineEdge>;
export type PipelineDocument = z.infer<typeof PipelineDocument>;

export const DEFAULT_SOURCE_HANDLE = 'out';
export const DEFAULT_TARGET_HANDLE = 'in';
