import type { z } from 'zod';
import type { OperatorContext, OperatorRuntime, SourceRuntime } from './runtime.js';

export type Category = 'source' | 'transform' | 'keys-windows' | 'joins-patterns' | 'sink';

export interface PortSpec {
  name: string;
  description: string;
  /** An input port that accepts several edges (union). */
  multiple?: boolean;
}

export interface OperatorDocs {
  /** A paragraph for the help panel and the README. */
  description: string;
  /** Example params. */
  example: Record<string, unknown>;
}

interface DescriptionBase<P extends z.ZodType, T extends string> {
  type: T;
  category: Category;
  title: string;
  /** One line, shown in the palette. */
  summary: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** Strict zod schema of params; parsing gives the values `create` receives. */
  params: P;
  docs: OperatorDocs;
  /** Top-level params that are file paths: resolved and confined by the engine. */
  pathParams?: readonly string[];
}

/*
 * An operator without its runtime: what the canvas, the validator and the catalogue read. Its
 * folder's `definition.ts` holds it and imports no runtime code, so that the browser loads none
 * (`@rivulet/operators/descriptions`); its `index.ts` adds `create`. `type` stays a literal, so
 * that the registry can ask the compiler for one runtime per described type.
 */

export interface SourceDescription<
  P extends z.ZodType = z.ZodType,
  T extends string = string,
> extends DescriptionBase<P, T> {
  kind: 'source';
  /**
   * Whether a run in parallel may split this source among readers (`ctx.split`): null when it
   * can with these params, else why not. Absent: it cannot.
   */
  splittable?(params: z.output<P>): string | null;
  /**
   * How it is split: `blocks` (default), every reader going through the same stream and each
   * block read by the first to claim it; `partitions`, each reader reading its own share of the
   * source's partitions (`ctx.split.share`), with its own watermark.
   */
  splitBy?: 'blocks' | 'partitions';
}

export interface TransformDescription<
  P extends z.ZodType = z.ZodType,
  T extends string = string,
> extends DescriptionBase<P, T> {
  kind: 'transform' | 'sink';
}

export type OperatorDescription<P extends z.ZodType = z.ZodType> =
  SourceDescription<P> | TransformDescription<P>;

export interface SourceDefinition<P extends z.ZodType = z.ZodType> extends SourceDescription<P> {
  create(params: z.output<P>, ctx: OperatorContext): SourceRuntime;
}

export interface TransformDefinition<
  P extends z.ZodType = z.ZodType,
> extends TransformDescription<P> {
  create(params: z.output<P>, ctx: OperatorContext): OperatorRuntime;
}

export type OperatorDefinition<P extends z.ZodType = z.ZodType> =
  SourceDefinition<P> | TransformDefinition<P>;

/** An operator's description, checked against the shape and with its `type` kept literal. */
export function describeOperator<P extends z.ZodType, const T extends string>(
  description: SourceDescription<P, T>,
): SourceDescription<P, T>;
export function describeOperator<P extends z.ZodType, const T extends string>(
  description: TransformDescription<P, T>,
): TransformDescription<P, T>;
export function describeOperator(description: OperatorDescription): OperatorDescription {
  return description;
}

/**
 * The one shape of an operator: description, ports, params and runtime side by side (its
 * description spread from `definition.ts`, then `create`).
 */
export function defineOperator<P extends z.ZodType>(def: SourceDefinition<P>): SourceDefinition<P>;
export function defineOperator<P extends z.ZodType>(
  def: TransformDefinition<P>,
): TransformDefinition<P>;
export function defineOperator(def: OperatorDefinition): OperatorDefinition {
  return def;
}
