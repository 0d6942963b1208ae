import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { createGeneratorRuntime } from './runtime.js';

export const generator = defineOperator({
  ...description,
  create(params, ctx) {
    return createGeneratorRuntime(params, ctx);
  },
});

export { GeneratorParams } from './params.js';
export { openStream } from './runtime.js';
export {
  clickstreamTruth,
  conversationIntent,
  conversationsTruth,
  ESCALATION_REASONS,
  FRAUD_TYPES,
  INTENTS,
  SCENARIO_FIELDS,
  SCENARIO_TRUTH_FIELDS,
  sensorsTruth,
  transactionsTruth,
} from './scenarios/index.js';
export type {
  ClickEvent,
  ClickstreamTruth,
  ConversationMessage,
  ConversationsTruth,
  EscalationReason,
  FraudType,
  Intent,
  SensorEvent,
  SensorsTruth,
  TransactionEvent,
  TransactionsTruth,
} from './scenarios/index.js';
