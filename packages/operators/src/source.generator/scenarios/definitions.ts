import { GeneratorScenario } from '@rivulet/shared-types';
import type { ScenarioName } from '../params.js';

/*
 * What the generator's scenarios are, without what makes them: the names and the fields of their
 * records, and nothing that builds a world (no city list, no phrase bank, no random numbers). The
 * canvas reads these for autocomplete and field checks before a run; tested against the records
 * the scenarios make (fields.test.ts), so the lists cannot drift from the generators.
 */

/** The fields of every record of each scenario, in order (tested): the canvas offers them before a run. */
export const SCENARIO_FIELDS: Record<ScenarioName, readonly string[]> = {
  clickstream: ['type', 'userId', 'sessionId', 'itemId', 'category', 'price', 'ts'],
  transactions: [
    'type',
    'txId',
    'cardId',
    'merchantId',
    'merchantCategory',
    'country',
    'amount',
    'currency',
    'channel',
    'isFraud',
    'fraudType',
    'ts',
  ],
  sensors: [
    'vehicleId',
    'routeId',
    'legId',
    'status',
    'lat',
    'lon',
    'speedKmh',
    'temperatureC',
    'doorOpen',
    'remainingKm',
    'scheduledDeparture',
    'scheduledArrival',
    'excursion',
    'ts',
  ],
  conversations: [
    'conversationId',
    'messageNo',
    'from',
    'channel',
    'customerId',
    'tier',
    'agentId',
    'text',
    'sentiment',
    'waitSec',
    'needsEscalation',
    'escalationReason',
    'phrasing',
    'ts',
  ],
  nexmark: [
    'kind',
    'id',
    'name',
    'emailAddress',
    'creditCard',
    'city',
    'state',
    'itemName',
    'description',
    'initialBid',
    'reserve',
    'expires',
    'seller',
    'category',
    'auction',
    'bidder',
    'price',
    'channel',
    'url',
    'ts',
  ],
};

/**
 * The fields of a scenario's records that carry hidden truth (labels, outcomes the world knows
 * and a real system would not): evaluations read them, pipelines must not (tested on every
 * template of the gallery, except a dashboard titled as the ground truth).
 */
export const SCENARIO_TRUTH_FIELDS: Record<ScenarioName, readonly string[]> = {
  clickstream: [],
  transactions: ['isFraud', 'fraudType'],
  sensors: ['excursion'],
  conversations: ['needsEscalation', 'escalationReason', 'phrasing'],
  nexmark: [],
};

/** The scenarios, as the document's schema names them (GeneratorScenario of shared-types). */
export const SCENARIO_NAMES: readonly ScenarioName[] = GeneratorScenario.options;
