import type { GeneratorParams, ScenarioName } from '../params.js';
import { clickstream } from './clickstream.js';
import { conversations } from './conversations.js';
import { nexmark } from './nexmark.js';
import { sensors } from './sensors.js';
import { transactions } from './transactions.js';
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

// Names and field lists apart from the generators that make them, so that the browser can read
// them without the worlds (definitions.ts).
export { SCENARIO_FIELDS, SCENARIO_NAMES, SCENARIO_TRUTH_FIELDS } from './definitions.js';

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
export { nexmark } from './nexmark.js';
export type { NexmarkEvent, NexmarkKind } from './nexmark.js';
export type { Clock, ScenarioStream, TimedRecord } from './types.js';
