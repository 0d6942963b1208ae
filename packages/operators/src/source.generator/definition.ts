import { describeOperator } from '../core/define.js';
import { GeneratorParams } from './params.js';

export const description = describeOperator({
  kind: 'source',
  type: 'source.generator',
  category: 'source',
  title: 'Generator',
  summary:
    'Simulated clicks, card payments with fraud, truck sensors or support chats, from a seed.',
  inputs: [],
  outputs: [
    {
      name: 'out',
      description: 'Simulated events, each with its event time in `ts` (ms)',
    },
  ],
  params: GeneratorParams,
  splittable: (params) =>
    params.ratePerSec === undefined ? null : 'a paced generator (ratePerSec) is read by one reader',
  docs: {
    description:
      'Generates a deterministic stream from a seed: the same seed and params give the same events. ' +
      '`clickstream`: user sessions of views, carts and purchases over Zipf-popular items, biased by ' +
      "each user's hidden favourite categories and items, by hidden items related to the one just viewed and by " +
      'trending items drawn anew every 15 min (fields type, userId, sessionId, itemId, category, price). ' +
      '`transactions`: card payments with labelled fraud patterns (isFraud, fraudType: card_testing, velocity, ' +
      'impossible_travel, night_amount, account_takeover, the last starting with a credential_change event) and legitimate ' +
      'look-alikes of each (card checks, days out, fares posted late, big night purchases, password resets); its simulated ' +
      'clock runs 240 times faster than event time (a day is 6 minutes: hour of day is hour(ts * 240)). ' +
      '`sensors`: cold-chain trucks doing legs between drops on routes between European cities (legId, status ' +
      'driving/arrived/atStop, lat, lon, speedKmh, temperatureC with labelled excursions, doorOpen, remainingKm, ' +
      'scheduledDeparture, scheduledArrival), arriving up to `maxOutOfOrderness` (default 2s) out of order. ' +
      '`conversations`: customer and agent messages (conversationId, messageNo, from, channel, customerId, tier, ' +
      'agentId, text, sentiment, waitSec) whose text hints at a hidden intent (billing, delivery, technical, ' +
      'cancellation), 30 % of topical customer messages worded from held-out paraphrases (phrasing: heldOut, else bank), ' +
      'labelled needsEscalation with escalationReason from the hidden outcome: complained, abandoned, churned (a gold ' +
      'customer asking to cancel who leaves), driven by hidden satisfaction, not by thresholds. ' +
      'Event time is simulated: it starts at `startTime` and advances one event per 1/ratePerSec s on average. ' +
      'With `ratePerSec` the events are paced in wall-clock time and event time follows the clock; without it ' +
      'they come as fast as possible from 2026-01-01T00:00:00Z at 1000 events per second of event time. ' +
      'Options of other scenarios than the chosen one are ignored. With `limit` the source is bounded.',
    example: { scenario: 'transactions', seed: 42, ratePerSec: 200, fraudRate: 0.02 },
  },
});
