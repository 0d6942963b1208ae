import { expect } from 'vitest';
import { metricAt } from '../format.js';
import type { Goal, MetricValue, Report } from '../types.js';

/** Shared by the scenario tests: the goal named, and that it holds (with the report on failure). */
export function expectGoal(report: Report, name: string): Goal {
  const found = report.goals.find((g) => g.name === name);
  expect(found, `goal "${name}"`).toBeDefined();
  expect(found!.ok, `${name}: ${found!.value} (goal ${found!.op} ${found!.target})`).toBe(true);
  return found!;
}

/** The metric at a dotted path (`baselines.popular.hitAt10`); fails the test when absent. */
export function metric(report: Report, path: string): MetricValue {
  const value = metricAt(report.metrics, path);
  expect(value, `metric "${path}"`).toBeDefined();
  return value!;
}

/**
 * Wall-clock latency on a shared test machine: one descheduling of the process shows as a
 * spike, and with 20 to 40 alerts per rule the p99 is the largest. The tests hold the median
 * to the goal and the p99 to a looser bound; `rivulet scenario … --evaluate` prints the p99
 * against the goal itself.
 */
export const LATENCY_P99_TEST_BOUND_MS = 250;
