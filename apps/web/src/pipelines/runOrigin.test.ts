import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@rivulet/shared-types';
import { originOf, recoveryText, restoredLines, runNote } from './runOrigin';

const at = (h: number, m: number) => new Date(2025, 0, 15, h, m, 30).getTime();
const fresh = { recoveries: [], restored: null, savepointId: null };

describe('runNote', () => {
  it('says nothing of a run that started fresh and never resumed', () => {
    expect(runNote(fresh)).toBeNull();
  });

  it('names the checkpoint and the time of the last recovery', () => {
    expect(recoveryText({ checkpoint: 7, at: at(14, 2) })).toBe(
      'resumed from checkpoint 7 at 14:02',
    );
    const note = runNote({
      ...fresh,
      recoveries: [
        { checkpoint: 3, at: at(13, 50) },
        { checkpoint: 7, at: at(14, 2) },
      ],
    });
    expect(note?.text).toBe('resumed from checkpoint 7 at 14:02 (2 times)');
    expect(note?.detail).toBe(
      'resumed from checkpoint 3 at 13:50\nresumed from checkpoint 7 at 14:02',
    );
  });

  it('names the savepoint a run started from, cut short when long', () => {
    const savepointId = '1c9d4c2e-7a51-4f4e-9a57-2b8de0f3a6b1';
    const restored = { savepointId, emptyNodes: [], droppedNodes: [] };
    expect(runNote({ ...fresh, restored })).toEqual({
      text: 'from savepoint 1c9d4c2e…',
      detail: 'started from savepoint 1c9d4c2e…',
    });
  });

  it('puts a savepoint its stop took first, and tells the whole story in the detail', () => {
    const note = runNote({
      recoveries: [{ checkpoint: 2, at: at(9, 5) }],
      restored: { savepointId: 'sp1', emptyNodes: [], droppedNodes: [] },
      savepointId: 'sp2',
    });
    expect(note?.text).toBe('savepoint sp2 taken');
    expect(note?.detail.split('\n')).toEqual([
      'started from savepoint sp1',
      'resumed from checkpoint 2 at 09:05',
      'stopped with savepoint sp2',
    ]);
  });
});

describe('restoredLines', () => {
  it('lists nodes that started empty and state that was dropped, each node once', () => {
    expect(
      restoredLines({
        savepointId: 'sp1',
        emptyNodes: ['dedupe', 'w1'],
        droppedNodes: ['w1', 'gone'],
      }),
    ).toEqual([
      'started from savepoint sp1',
      '“dedupe” started empty: the savepoint has no state for it',
      'saved state of “w1”, “gone” dropped: it no longer fit',
    ]);
  });

  it('says only where it started from when all state fit', () => {
    expect(restoredLines({ savepointId: 'sp1', emptyNodes: [], droppedNodes: [] })).toEqual([
      'started from savepoint sp1',
    ]);
  });
});

describe('originOf', () => {
  it('reads the fields an older engine leaves out as none', () => {
    const old = { id: 'r1', status: 'stopped' } as unknown as RunSummary;
    expect(originOf(old)).toEqual(fresh);
    const run = {
      ...old,
      recoveries: [{ checkpoint: 1, at: 5 }],
      restored: null,
      savepointId: 'sp9',
    } as RunSummary;
    expect(originOf(run)).toEqual({
      recoveries: [{ checkpoint: 1, at: 5 }],
      restored: null,
      savepointId: 'sp9',
    });
  });
});
