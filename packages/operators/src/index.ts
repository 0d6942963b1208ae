// Everything the browser may read (descriptions, expressions, field flow, params schemas)...
export * from './descriptions.js';
// ...and what runs: the operators with their runtimes, and the engine's interfaces to them.
export * from './core/define.js';
export * from './core/runtime.js';
export * from './core/net.js';
export { keyOf } from './core/keys.js';
export { keyMaker } from './keyBy/index.js';
export { PaneCombiner } from './window/index.js';
export { operators, registry } from './registry.js';
// The generators' hidden truth, for the engine's scenario evaluations.
export {
  clickstreamTruth,
  conversationIntent,
  conversationsTruth,
  FRAUD_TYPES,
  openStream,
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
