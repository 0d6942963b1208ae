import type { PipelineTemplate } from '@rivulet/shared-types';

/** One measured figure of an evaluation: a value with its unit, or null when undefined. */
export interface Figure {
  name: string;
  value: number | null;
  unit?: string;
}

/** A goal: a figure held to a bound. `ok` is false when the figure is null. */
export interface Goal {
  name: string;
  value: number | null;
  op: '>=' | '<=' | '<';
  target: number;
  ok: boolean;
  unit?: string;
}

export interface Report {
  scenario: string;
  seed: number;
  events: number;
  /** How the run was driven (paced or not) and what the figures mean. */
  notes: string[];
  figures: Figure[];
  goals: Goal[];
}

export interface EvaluateOptions {
  seed: number;
  events: number;
}

/** A demo with ground truth: the live template and a bounded, measured run of the same graph. */
export interface Scenario {
  name: string;
  title: string;
  template: PipelineTemplate;
  defaults: EvaluateOptions;
  /** Files the template's pipeline reads (paths relative to the pipeline), for a seed. */
  dataFiles(seed: number): DataFile[];
  evaluate(options: EvaluateOptions): Promise<Report>;
}

export interface DataFile {
  path: string;
  lines: string[];
}

export function goal(
  name: string,
  value: number | null,
  op: Goal['op'],
  target: number,
  unit?: string,
): Goal {
  const ok =
    value !== null &&
    (op === '>=' ? value >= target : op === '<=' ? value <= target : value < target);
  return { name, value, op, target, ok, ...(unit ? { unit } : {}) };
}
