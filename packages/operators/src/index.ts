export * from './core/define.js';
export * from './core/runtime.js';
export * from './core/net.js';
export {
  isDeeperThan,
  MAX_RECORD_DEPTH,
  MAX_WINDOWS_PER_RECORD,
  windowsPerRecord,
} from './core/limits.js';
export * from './expr/index.js';
export { MAX_BUFFERED_PER_KEY, MAX_JOINED_PER_RECORD } from './join.interval/index.js';
export { keyOf } from './core/keys.js';
export {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
} from './pattern/index.js';
export { createRegistry, operators, registry, type Registry } from './registry.js';
// The generators' hidden truth, for the engine's scenario evaluations.
export {
  clickstreamTruth,
  conversationIntent,
  conversationsTruth,
  FRAUD_TYPES,
  openStream,
  SCENARIO_FIELDS,
  SCENARIO_TRUTH_FIELDS,
  sensorsTruth,
  transactionsTruth,
} from './source.generator/index.js';
export type {
  ClickEvent,
  ClickstreamTruth,
  ConversationMessage,
  ConversationsTruth,
  FraudType,
  SensorEvent,
  SensorsTruth,
  TransactionEvent,
  TransactionsTruth,
} from './source.generator/index.js';
export { GeneratorParams } from './source.generator/index.js';
export { MAX_SESSIONS_PER_KEY } from './window/index.js';
export { SinkDashboardParams } from './sink.dashboard/index.js';
export type { SourceKafkaParams } from './source.kafka/params.js';
export type { SinkKafkaParams } from './sink.kafka/params.js';
export * from './core/schema-flow.js';
