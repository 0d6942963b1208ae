/**
 * Checkpoints written before the event-time rework (numeric timer namespaces, one trigger for
 * window and topN, key values kept with the state) still restore: each fixture holds a stream,
 * the snapshot that code took at `cut` and everything it emitted after it (made by running the
 * operators of commit 41ff107 over the stream). A fresh operator of today restored from that
 * snapshot and fed the rest of the stream must emit the same, in the same order.
 */
import { describe, expect, it } from 'vitest';
import { dedupe } from '../dedupe/index.js';
import { topN } from '../topN/index.js';
import { window } from '../window/index.js';
import type { Key, OperatorRuntime, Rec } from './runtime.js';
import { createTestContext } from './test-support/context.js';
import snapshots from './test-support/snapshots-2026-12.json' with { type: 'json' };

interface Fixture {
  name: string;
  type: 'window' | 'topN' | 'dedupe';
  keyFields: string[];
  params: unknown;
  ooo: number;
  steps: { ts: number; record: Rec; key: Key }[];
  cut: number;
  snapshot: unknown;
  /** [port, record, ts, key] as the old code emitted them after the cut. */
  after: [string, Rec, number, Key][];
}

const fixtures = snapshots as unknown as Fixture[];

function create(f: Fixture, test: ReturnType<typeof createTestContext>): OperatorRuntime {
  switch (f.type) {
    case 'window':
      return window.create(window.params.parse(f.params), test.ctx) as OperatorRuntime;
    case 'topN':
      return topN.create(topN.params.parse(f.params), test.ctx) as OperatorRuntime;
    case 'dedupe':
      return dedupe.create(dedupe.params.parse(f.params), test.ctx) as OperatorRuntime;
  }
}

describe('snapshots of the code before the event-time rework', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s restores', (_name, f) => {
    const test = createTestContext(f.keyFields);
    const op = create(f, test);
    op.restore!(f.snapshot);
    let maxTs = -Infinity;
    let W = -Infinity;
    for (const s of f.steps.slice(0, f.cut)) maxTs = Math.max(maxTs, s.ts);
    W = maxTs - f.ooo - 1;
    for (const s of f.steps.slice(f.cut)) {
      op.onRecord(s.record, s.ts, s.key);
      if (s.ts > maxTs) maxTs = s.ts;
      const wm = maxTs - f.ooo - 1;
      if (wm > W) {
        W = wm;
        op.onWatermark!(W);
      }
    }
    op.onWatermark!(Infinity);
    const emitted: [string, Rec, number, Key][] = [];
    for (const [port, sent] of test.ports) {
      for (const e of sent) emitted.push([port, e.record, e.ts, e.key]);
    }
    const byPort = (list: [string, Rec, number, Key][], port: string) =>
      list.filter((e) => e[0] === port);
    expect(f.after.length).toBeGreaterThan(0);
    for (const port of new Set(f.after.map((e) => e[0]).concat(emitted.map((e) => e[0])))) {
      expect(JSON.parse(JSON.stringify(byPort(emitted, port)))).toEqual(byPort(f.after, port));
    }
    expect(test.deadLetters).toEqual([]);
  });
});
