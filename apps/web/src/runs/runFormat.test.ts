import type { NodeFinal, TelemetryMessage } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { figuresOf, formatDuration, runDuration } from './runFormat';

describe('formatDuration', () => {
  it('says seconds, minutes and hours the way a person reads them', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12 min 5 s');
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('measures a running run until now', () => {
    const run = { startedAt: 1000, finishedAt: null } as Parameters<typeof runDuration>[0];
    expect(runDuration(run, 61_000)).toBe(60_000);
    expect(runDuration({ ...run, finishedAt: 31_000 }, 99_999)).toBe(30_000);
  });
});

describe('figuresOf', () => {
  const final = {
    nodeId: 'src',
    type: 'source.generator',
    recordsIn: 0,
    recordsOut: 10,
    deadLetters: 1,
    lateRecords: 2,
    dropped: 0,
    latencyUs: { p50: null, p95: null, p99: null, max: null },
  } satisfies NodeFinal;

  it('prefers the final metrics, else the latest telemetry, else nothing', () => {
    const latest = { nodes: [{ ...final, recordsOut: 7 }] } as unknown as TelemetryMessage;
    expect(figuresOf([final], latest)).toEqual([
      { nodeId: 'src', recordsIn: 0, recordsOut: 10, deadLetters: 1, lateRecords: 2 },
    ]);
    expect(figuresOf(null, latest)[0]!.recordsOut).toBe(7);
    expect(figuresOf(null, undefined)).toEqual([]);
  });
});
