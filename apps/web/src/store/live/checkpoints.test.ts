import type { CheckpointTelemetry } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { nextCheckpoints } from './checkpoints';

const figures = (completed: number, failed = 0): CheckpointTelemetry => ({
  completed,
  failed,
  last:
    completed === 0 ? null : { id: completed, at: 1000 * completed, durationMs: 12, bytes: 2048 },
});

describe('nextCheckpoints', () => {
  it('takes the latest message’s figures', () => {
    const first = nextCheckpoints(null, figures(1));
    expect(first).toEqual(figures(1));
    const second = nextCheckpoints(first, figures(2, 1));
    expect(second).toEqual(figures(2, 1));
  });

  it('keeps the same object while nothing changed, so the panel does not redraw', () => {
    const first = nextCheckpoints(null, figures(3));
    expect(nextCheckpoints(first, figures(3))).toBe(first);
    const none = nextCheckpoints(null, figures(0));
    expect(nextCheckpoints(none, figures(0))).toBe(none);
  });

  it('sees a failure, or a new last checkpoint with the same count, as a change', () => {
    const first = nextCheckpoints(null, figures(3));
    expect(nextCheckpoints(first, figures(3, 1))).toEqual(figures(3, 1));
    const moved = { ...figures(3), last: { id: 3, at: 3000, durationMs: 12, bytes: 4096 } };
    expect(nextCheckpoints(first, moved)).toBe(moved);
    expect(nextCheckpoints(figures(0), figures(1))).toEqual(figures(1));
  });

  it('is null when the run takes no checkpoints, or the engine sends no figures', () => {
    expect(nextCheckpoints(null, null)).toBeNull();
    expect(nextCheckpoints(figures(2), null)).toBeNull();
    expect(nextCheckpoints(figures(2), undefined)).toBeNull();
  });
});
