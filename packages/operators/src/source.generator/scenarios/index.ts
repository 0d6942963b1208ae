import type { GeneratorParams, ScenarioName } from '../params.js';
import { clickstream, CLICKSTREAM_FIELDS } from './clickstream.js';
import { CONVERSATION_FIELDS, CONVERSATION_TRUTH_FIELDS, conversations } from './conversations.js';
import { NEXMARK_FIELDS, nexmark } from './nexmark.js';
import { SENSOR_FIELDS, SENSOR_TRUTH_FIELDS, sensors } from './sensors.js';
import { TRANSACTION_FIELDS, transactions } from './transactions.js';
import type { Clock, ScenarioStream } from './types.js';

export interface Scenario {
  /** Out-of-orderness when the params do not set it: sensors report a little late. */
  defaultMaxOutOfOrderness: number;
  /** Reads its own options from the params and ignores the other scenarios' ones. */
  create(params: GeneratorParams, seed: number, clock: Clock): ScenarioStream;
}

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  clickstream: { defaultMaxOutOfOrderness: 0, create: clickstream },
  transactions: { defaultMaxOutOfOrderness: 0, create: transactions },
  sensors: { defaultMaxOutOfOrderness: 2000, create: sensors },
  conversations: { defaultMaxOutOfOrderness: 0, create: conversations },
  nexmark: { defaultMaxOutOfOrderness: 0, create: nexmark },
};

/** The fields every record of a scenario has, in order (the web offers them for autocomplete). */
export const SCENARIO_FIELDS: Record<ScenarioName, readonly string[]> = {
  clickstream: CLICKSTREAM_FIELDS,
  transactions: TRANSACTION_FIELDS,
  sensors: SENSOR_FIELDS,
  conversations: CONVERSATION_FIELDS,
  nexmark: NEXMARK_FIELDS,
};

/**
 * The fields of a scenario's records that carry hidden truth (labels, outcomes the world knows
 * and a real system would not): evaluations read them, pipelines must not (tested on every
 * template of the gallery, except a dashboard titled as the ground truth).
 */
export const SCENARIO_TRUTH_FIELDS: Record<ScenarioName, readonly string[]> = {
  clickstream: [],
  transactions: ['isFraud', 'fraudType'],
  sensors: SENSOR_TRUTH_FIELDS,
  conversations: CONVERSATION_TRUTH_FIELDS,
  nexmark: [],
};

export { clickstream, clickstreamTruth } from './clickstream.js';
export type { ClickEvent, ClickstreamOptions, ClickstreamTruth } from './clickstream.js';
export { FRAUD_TYPES, transactions, transactionsTruth } from './transactions.js';
export type {
  FraudType,
  TransactionEvent,
  TransactionsOptions,
  TransactionsTruth,
} from './transactions.js';
export { sensors, sensorsTruth } from './sensors.js';
export type { SensorEvent, SensorsOptions, SensorsTruth } from './sensors.js';
export {
  CHANNELS,
  conversationIntent,
  conversations,
  conversationsTruth,
  ESCALATION_REASONS,
  INTENTS,
} from './conversations.js';
export type {
  Channel,
  ConversationMessage,
  ConversationsOptions,
  ConversationsTruth,
  EscalationReason,
  Intent,
  Tier,
} from './conversations.js';
export { NEXMARK_FIELDS, nexmark } from './nexmark.js';
export type { NexmarkEvent, NexmarkKind } from './nexmark.js';
export type { Clock, ScenarioStream, TimedRecord } from './types.js';
