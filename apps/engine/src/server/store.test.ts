import { join } from 'node:path';
import type { PipelineDocument } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/files.js';
import { Store } from './store.js';

const doc = (name: string): PipelineDocument => ({ version: 1, name, nodes: [], edges: [] });

const open: Store[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function store(file = join(tempDir(), 'rivulet.db')): Store {
  const s = new Store(file);
  open.push(s);
  return s;
}

const finished = {
  status: 'finished' as const,
  finishedAt: 20,
  error: null,
  metrics: [],
  deadLetters: 1,
  kept: [{ nodeId: 'parse', reason: 'not JSON', record: { line: 3 }, at: 15, eventTime: 12 }],
};

describe('Store', () => {
  it('keeps versions, runs and dead letters, and finds them again after a reopen', () => {
    const file = join(tempDir(), 'rivulet.db');
    const first = store(file);
    const p = first.createPipeline(doc('one'), 1);
    expect(first.updatePipeline(p.id, doc('two'), 2)?.version).toBe(2);
    expect(first.updatePipeline('missing', doc('x'))).toBeNull();
    first.createRun({ id: 'r1', pipelineId: p.id, pipelineVersion: 2, startedAt: 10 });
    first.finishRun('r1', finished);
    first.close();
    open.splice(open.indexOf(first), 1);

    const again = store(file);
    expect(again.getPipeline(p.id)).toMatchObject({ name: 'two', version: 2, createdAt: 1 });
    expect(again.listVersions(p.id)?.map((v) => v.version)).toEqual([2, 1]);
    expect(again.getRun('r1')).toMatchObject({ status: 'finished', startedAt: 10, deadLetters: 1 });
    expect(again.deadLetters('r1', 0, 10)).toEqual({ kept: 1, items: finished.kept });
    expect(again.listPipelines()[0]).toMatchObject({ name: 'two', nodes: 0 });
  });

  it('writes a run and its dead letters all or nothing', () => {
    const s = store();
    const p = s.createPipeline(doc('p'));
    s.createRun({ id: 'r1', pipelineId: p.id, pipelineVersion: 1, startedAt: 10 });
    // A BigInt cannot be serialised: the dead letter fails after the run's row was updated.
    const bad = { ...finished, kept: [{ ...finished.kept[0]!, record: 1n }] };
    expect(() => s.finishRun('r1', bad)).toThrow(TypeError);
    expect(s.getRun('r1')).toMatchObject({ status: 'running', finishedAt: null });
    expect(s.deadLetters('r1', 0, 10).kept).toBe(0);
    // …and the connection is not left inside the failed transaction.
    s.finishRun('r1', finished);
    expect(s.getRun('r1')?.status).toBe('finished');
  });

  it('deletes a pipeline with its versions, runs and dead letters (foreign keys are on)', () => {
    const s = store();
    const p = s.createPipeline(doc('p'));
    s.createRun({ id: 'r1', pipelineId: p.id, pipelineVersion: 1, startedAt: 10 });
    s.finishRun('r1', finished);
    expect(s.deletePipeline(p.id)).toBe(true);
    expect(s.deletePipeline(p.id)).toBe(false);
    expect(s.getVersion(p.id, 1)).toBeNull();
    expect(s.getRun('r1')).toBeNull();
    expect(s.deadLetters('r1', 0, 10).kept).toBe(0);
  });

  it('finds the runs a stopped server left running, and stops or recovers them', () => {
    const s = store();
    const p = s.createPipeline(doc('p'));
    s.createRun({ id: 'r1', pipelineId: p.id, pipelineVersion: 1, startedAt: 10 });
    s.createRun({ id: 'r2', pipelineId: p.id, pipelineVersion: 1, startedAt: 20 });
    expect(s.interruptedRuns().map((r) => r.id)).toEqual(['r1', 'r2']);
    s.closeInterruptedRun('r1', 30);
    expect(s.getRun('r1')).toMatchObject({ status: 'stopped', finishedAt: 30 });
    s.recoverRun('r2', { checkpoint: 4, at: 35 });
    expect(s.getRun('r2')).toMatchObject({
      status: 'recovering',
      recoveries: [{ checkpoint: 4, at: 35 }],
    });
    s.setRunStatus('r2', 'running');
    expect(s.interruptedRuns().map((r) => r.id)).toEqual(['r2']);
  });
});
