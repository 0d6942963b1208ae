import type { Problem } from '@rivulet/shared-types';
import { createContext, useContext, type ComponentType } from 'react';
import { problemsAt } from '../graph/problems';
import type { JsonSchema } from '../graph/schema';

/** What every field editor receives. */
export interface FieldProps {
  schema: JsonSchema;
  path: (string | number)[];
  value: unknown;
  required: boolean;
  /** Shown as the label; absent inside a row, where the column says it. */
  label?: string;
  /** Rows lay their fields out tightly, without help text. */
  compact?: boolean;
}

/** What every field of one node's form needs: where to write, its problems, autocomplete. */
export interface FormContextValue {
  nodeId: string;
  problems: readonly Problem[];
  /** Warnings (a param reads a field the node does not receive): shown, never blocking. */
  warnings: readonly Problem[];
  /** Field names for expression autocomplete (computed when asked: it walks the graph). */
  fieldNames: () => string[];
  set(path: (string | number)[], value: unknown): void;
  /**
   * The one dispatch from a schema to its editor (fields/Field), handed down by the form: the
   * fields that hold fields (object, list of objects, record) render their children with it
   * instead of importing the dispatch that imports them.
   */
  Field: ComponentType<FieldProps>;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error('a field is rendered outside a SchemaForm');
  return ctx;
}

export function useFieldProblems(path: (string | number)[]): Problem[] {
  return problemsAt(useForm().problems, path);
}

/** "maxOutOfOrderness" → "Max out of orderness". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function useFieldWarnings(path: (string | number)[]): Problem[] {
  return problemsAt(useForm().warnings, path);
}

export const testId = (path: (string | number)[]): string => `field-${path.join('.')}`;
