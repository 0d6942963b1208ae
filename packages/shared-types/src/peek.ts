import { z } from 'zod';
import { Id } from './api.js';

/** Records kept per peeked edge: the last ones that passed, newest first. */
export const PEEK_CAPACITY = 50;
/** Sampling stays on this long after each ask, then turns itself off. */
export const PEEK_HOLD_MS = 30_000;

/** `GET /api/runs/:id/peek?node=<id>&port=<out>`: which edge (a node's output port). */
export const PeekQuery = z.strictObject({
  node: z.string().min(1).max(200),
  port: z.string().min(1).max(100).default('out'),
});
export type PeekQuery = z.infer<typeof PeekQuery>;

/** One record seen on the edge. */
export const PeekRecord = z.object({
  /** Its position among the records seen since sampling turned on, from 1. */
  seq: z.number().int().positive(),
  /** Its event time in ms. */
  eventTime: z.number(),
  /** The record, or a cut preview of its JSON text when it is large (as sink samples). */
  record: z.unknown(),
});
export type PeekRecord = z.infer<typeof PeekRecord>;

/** The last records that passed on a node's output port, newest first. */
export const PeekResponse = z.object({
  runId: Id,
  nodeId: z.string(),
  port: z.string(),
  /** Wall clock of the answer. */
  t: z.number(),
  /** When sampling turned on (the first ask, or the first after it had lapsed). */
  since: z.number(),
  /** Records that passed since then (`seq` of the newest). */
  total: z.number().int().nonnegative(),
  /** Records a second over the last few seconds. */
  ratePerSecond: z.number().nonnegative(),
  records: z.array(PeekRecord).max(PEEK_CAPACITY),
});
export type PeekResponse = z.infer<typeof PeekResponse>;
