/**
 * `@rivulet/operators/descriptions`: what the canvas needs and nothing that runs an operator.
 * The operators' descriptions (params schemas, ports, labels, docs, categories), the field
 * flow, the expression language's parser and checker, and the generator's scenario fields, but
 * no operator state, sink, connector or generator. The package's main entry re-exports all of
 * it beside the runtimes.
 */
export {
  createRegistry,
  descriptionRegistry,
  descriptions,
  type OperatorType,
  type Registry,
} from './descriptions-list.js';
export type {
  Category,
  OperatorDescription,
  OperatorDocs,
  PortSpec,
  SourceDescription,
  TransformDescription,
} from './core/define.js';
export {
  isDeeperThan,
  MAX_RECORD_DEPTH,
  MAX_WINDOWS_PER_RECORD,
  windowsPerRecord,
} from './core/limits.js';
export * from './expr/index.js';
export * from './core/schema-flow.js';
export {
  SCENARIO_FIELDS,
  SCENARIO_NAMES,
  SCENARIO_TRUTH_FIELDS,
} from './source.generator/scenarios/definitions.js';

// Each operator's params schema (and the caps its docs name), by the name its folder gives it.
export { DedupeParams } from './dedupe/params.js';
export { FilterParams } from './filter/definition.js';
export {
  IntervalJoinParams,
  MAX_BUFFERED_PER_KEY,
  MAX_JOINED_PER_RECORD,
} from './join.interval/params.js';
export { LookupJoinParams } from './join.lookup/params.js';
export { KeyByParams } from './keyBy/definition.js';
export { MapParams } from './map/definition.js';
export {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
  PatternParams,
} from './pattern/params.js';
export { SinkConsoleParams } from './sink.console/definition.js';
export { SinkDashboardParams } from './sink.dashboard/definition.js';
export { SinkFileParams } from './sink.file/definition.js';
export { SinkKafkaParams } from './sink.kafka/params.js';
export { SinkMqttParams } from './sink.mqtt/params.js';
export { SourceFileParams } from './source.file/params.js';
export { GeneratorParams } from './source.generator/params.js';
export { SourceKafkaParams } from './source.kafka/params.js';
export { SourceMqttParams } from './source.mqtt/params.js';
export { TopNParams } from './topN/params.js';
export { UnionParams } from './union/definition.js';
export { MAX_SESSIONS_PER_KEY, WindowParams } from './window/params.js';
