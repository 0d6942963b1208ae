import type { Problem } from '@rivulet/shared-types';
import { createContext, useContext } from 'react';
import { problemsAt } from '../graph/problems';

/** What every field of one node's form needs: where to write, its problems, autocomplete. */
export interface FormContextValue {
  nodeId: string;
  problems: readonly Problem[];
  /** Warnings (a param reads a field the node does not receive): shown, never blocking. */
  warnings: readonly Problem[];
  /** Field names for expression autocomplete (computed when asked: it walks the graph). */
  fieldNames: () => string[];
  set(path: (string | number)[], value: unknown): void;
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
