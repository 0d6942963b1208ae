import type { PipelineTemplate } from '@rivulet/shared-types';

/**
 * An evaluation's figures as one JSON object, named plainly (`precision`, `latencyP99Ms`,
 * `baselines: { popular: { hitAt10 } }`): `--json` prints it, the text report flattens it to
 * dotted paths. A key ending in `Ms` is in milliseconds, in `Sec` in seconds.
 */
export type MetricValue = number | string | boolean | null | MetricValue[] | Metrics;
export interface Metrics {
  [key: string]: MetricValue;
}

/** A goal: a figure held to a bound. `ok` is false when the figure is null. */
export interface Goal {
  name: string;
  value: number | null;
  op: '>=' | '>' | '<=' | '<';
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
  metrics: Metrics;
  goals: Goal[];
}

export interface EvaluateOptions {
  seed: number;
  events: number;
  /** Fraud only: share of payments that are fraud (`--fraud-rate`). */
  fraudRate?: number;
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
    (op === '>='
      ? value >= target
      : op === '>'
        ? value > target
        : op === '<='
          ? value <= target
          : value < target);
  return { name, value, op, target, ok, ...(unit ? { unit } : {}) };
}
