// Peeking at the records on an edge: the records a node emits on an output port, sampled only
// while someone asks. In the run's worker, `EdgePeeks` turns a port's tap on at the first ask
// and keeps the last PEEK_CAPACITY records in a ring; PEEK_HOLD_MS after the last ask it turns
// the tap off and lets the records go. On the main thread, `peekRoute` answers
// `GET /api/runs/:id/peek` by asking the run's worker.
import type { Rec } from '@rivulet/operators';
import {
  Id,
  PEEK_CAPACITY,
  PEEK_HOLD_MS,
  PeekQuery,
  type PeekRecord,
  type PeekResponse,
} from '@rivulet/shared-types';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Job, Tap } from '../job.js';
import { preview } from '../preview.js';
import { HttpError, notFound, parseOr400 } from './errors.js';
import type { RunManager } from './runs.js';
import type { Store } from './store.js';

/** Seconds of history the rate is taken over. */
const RATE_WINDOW_MS = 5_000;

/** The last records on one tapped port, as a ring written in place. */
class Ring {
  readonly records: (Rec | undefined)[] = new Array<Rec | undefined>(PEEK_CAPACITY);
  readonly times = new Float64Array(PEEK_CAPACITY);
  total = 0;
  /** (wall clock, total) at each ask, for the rate. */
  readonly points: { t: number; total: number }[] = [];
  timer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly since: number) {}

  readonly take = (record: Rec, ts: number): void => {
    const i = this.total % PEEK_CAPACITY;
    this.records[i] = record;
    this.times[i] = ts;
    this.total++;
  };

  /** The kept records, newest first, each cut as sink samples are (preview.ts). */
  newestFirst(): PeekRecord[] {
    const out: PeekRecord[] = [];
    const kept = Math.min(this.total, PEEK_CAPACITY);
    for (let k = 0; k < kept; k++) {
      const seq = this.total - k;
      const i = (seq - 1) % PEEK_CAPACITY;
      out.push({ seq, eventTime: this.times[i]!, record: preview(this.records[i]).value });
    }
    return out;
  }

  /** Records a second over the last RATE_WINDOW_MS of asks (0 at the first ask). */
  rate(t: number): number {
    const points = this.points;
    points.push({ t, total: this.total });
    while (points.length > 2 && points[1]!.t <= t - RATE_WINDOW_MS) points.shift();
    const first = points[0]!;
    return t > first.t ? ((this.total - first.total) * 1000) / (t - first.t) : 0;
  }
}

/** A job's peeked ports, in its worker. */
export class EdgePeeks {
  private readonly rings = new Map<string, { ring: Ring; tap: Tap }>();

  constructor(
    private readonly runId: string,
    private readonly job: Job,
    private readonly now: () => number = Date.now,
    private readonly holdMs: number = PEEK_HOLD_MS,
  ) {}

  /** The last records on a port, turning its sampling on (again) for holdMs; null: no such port. */
  ask(nodeId: string, port: string): PeekResponse | null {
    const key = `${nodeId}\u0000${port}`;
    let entry = this.rings.get(key);
    if (!entry) {
      const tap = this.job.tap(nodeId, port);
      if (!tap) return null;
      entry = { ring: new Ring(this.now()), tap };
      tap.take = entry.ring.take;
      tap.on = true;
      this.rings.set(key, entry);
    }
    const { ring, tap } = entry;
    if (ring.timer) clearTimeout(ring.timer);
    ring.timer = setTimeout(() => {
      tap.on = false;
      this.rings.delete(key);
    }, this.holdMs);
    ring.timer.unref?.();
    const t = this.now();
    return {
      runId: this.runId,
      nodeId,
      port,
      t,
      since: ring.since,
      total: ring.total,
      ratePerSecond: ring.rate(t),
      records: ring.newestFirst(),
    };
  }

  /** Ports being sampled now. */
  get size(): number {
    return this.rings.size;
  }

  close(): void {
    for (const { ring, tap } of this.rings.values()) {
      if (ring.timer) clearTimeout(ring.timer);
      tap.on = false;
    }
    this.rings.clear();
  }
}

const IdParam = z.strictObject({ id: Id });

/** `GET /api/runs/:id/peek?node=&port=`: asks the run's worker for the records on the port. */
export function peekRoute(runs: RunManager, store: Store): RequestHandler {
  return async (req, res) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const { node, port } = parseOr400(PeekQuery, req.query, 'query');
    const notRunning = () => {
      const run = store.getRun(id);
      if (!run) return notFound(`run "${id}"`);
      return new HttpError(409, `run "${id}" is not running (it is ${run.status})`);
    };
    const run = runs.active.get(id);
    if (!run) throw notRunning();
    const answer = await run.handle.peek(node, port);
    if (answer === 'gone') throw notRunning();
    if (answer === 'unknown')
      throw notFound(`an output port "${port}" of node "${node}" in run "${id}"`);
    if (answer === 'busy')
      throw new HttpError(503, `run "${id}" did not answer in time: it is busy, ask again`);
    res.json(answer);
  };
}
