import { z } from 'zod';
import { Duration } from '@rivulet/shared-types';

/** 2026-01-01T00:00:00Z: the scenario clock's start when unpaced and no startTime is given. */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1);

const StartTime = z.union([z.number().int(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isSafeInteger(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${String(value)}" is not a time: use ms since the epoch or an ISO-8601 text such as "2026-01-01T00:00:00Z"`,
    });
    return z.NEVER;
  }
  return ms;
});

/** Form metadata: the option shows (and is kept) only with this scenario (a count names it first in its description). */
const onlyFor = (scenario: string) => ({ showWhen: { scenario: [scenario] } });

const count = (min: number, max: number, fallback: number, description: string) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(fallback)
    .meta({ description, ...onlyFor(description.slice(0, description.indexOf(':'))) });

/**
 * Params of source.generator. Scenario options are flat and all present with their defaults;
 * the options of the scenarios not chosen are accepted and ignored, so switching scenario on
 * the canvas never makes a pipeline invalid.
 */
export const GeneratorParams = z.strictObject({
  scenario: z
    .enum(['clickstream', 'transactions', 'sensors', 'conversations', 'nexmark'])
    .default('clickstream')
    .meta({
      description:
        "What to simulate: shop clickstream sessions, card transactions with labelled fraud, cold-chain truck sensors, customer-service conversations with labelled escalations, or the Nexmark benchmark's people, auctions and bids",
    }),
  seed: z
    .number()
    .int()
    .default(1)
    .meta({ description: 'Random seed: the same seed and params give the same events' }),
  limit: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Stop after this many events (bounded source). Absent: unbounded' }),
  ratePerSec: z.number().positive().max(1_000_000).optional().meta({
    description:
      'Events per second, paced in wall-clock time (event time then follows the clock). Absent: as fast as possible, 1000 events per second of event time',
  }),
  startTime: StartTime.optional().meta({
    description:
      'Event time of the first event: ms since the epoch or an ISO-8601 text. Default: the wall clock at start when paced, else 2026-01-01T00:00:00Z',
  }),
  backlog: Duration.optional().meta({
    description:
      'Paced and without startTime: event time starts this long before the wall clock and that stretch is replayed at once, then it follows the clock, so that windows close and dashboards fill within seconds of the start. Default: 0',
  }),
  maxOutOfOrderness: Duration.optional().meta({
    description:
      'Events arrive up to this much behind the latest event time (some of them are held back at random). Default: 0, sensors "2s"',
  }),
  clockWatermark: Duration.optional().meta({
    description:
      'Paced only: while no event is due, the watermark follows the wall clock, checked this often (e.g. "20ms"), up to the clock\'s event time minus maxOutOfOrderness, so a rule that fires when the watermark passes an event does not wait for the next one. Never makes an event late. Flink: a watermark generator that follows processing time. Default: off (the watermark moves with events)',
  }),
  users: count(1, 1_000_000, 1000, 'clickstream: number of users'),
  items: count(1, 1_000_000, 500, 'clickstream: number of items (Zipf popularity)'),
  categories: count(1, 10_000, 20, 'clickstream: number of item categories'),
  cards: count(1, 5_000_000, 5000, 'transactions: number of cards'),
  merchants: count(1, 1_000_000, 300, 'transactions: number of merchants'),
  fraudRate: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.002)
    .meta({
      description:
        'transactions: share of events that belong to a fraud pattern (real card data: 0.1–0.2 %)',
      ...onlyFor('transactions'),
    }),
  vehicles: count(1, 100_000, 50, 'sensors: number of trucks'),
  routes: count(1, 10_000, 10, 'sensors: number of routes between cities'),
  customers: count(1, 1_000_000, 2000, 'conversations: number of customers (about 6% gold)'),
  agents: count(1, 10_000, 12, 'conversations: number of agents answering'),
  escalationRate: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.1)
    .meta({
      description:
        'conversations: share of conversations that turn sour (an angry customer or a wait over 10 minutes); gold customers threatening to cancel and the odd natural case come on top',
      ...onlyFor('conversations'),
    }),
});

export type GeneratorParams = z.output<typeof GeneratorParams>;
export type ScenarioName = GeneratorParams['scenario'];
