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

interface DefinitionBase<P extends z.ZodType> {
  type: string;
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

export interface SourceDefinition<P extends z.ZodType = z.ZodType> extends DefinitionBase<P> {
  kind: 'source';
  /**
   * Whether a run in parallel may split this source among readers (`ctx.split`): null when it
   * can with these params, else why not. Absent: it cannot.
   */
  splittable?(params: z.output<P>): string | null;
  create(params: z.output<P>, ctx: OperatorContext): SourceRuntime;
}

export interface TransformDefinition<P extends z.ZodType = z.ZodType> extends DefinitionBase<P> {
  kind: 'transform' | 'sink';
  create(params: z.output<P>, ctx: OperatorContext): OperatorRuntime;
}

export type OperatorDefinition<P extends z.ZodType = z.ZodType> =
  SourceDefinition<P> | TransformDefinition<P>;

/** The one shape of an operator: description, ports, params and runtime side by side. */
export function defineOperator<P extends z.ZodType>(def: SourceDefinition<P>): SourceDefinition<P>;
export function defineOperator<P extends z.ZodType>(
  def: TransformDefinition<P>,
): TransformDefinition<P>;
export function defineOperator(def: OperatorDefinition): OperatorDefinition {
  return def;
}
