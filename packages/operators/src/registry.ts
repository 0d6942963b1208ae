import type { OperatorDefinition, OperatorDescription } from './core/define.js';
import { dedupe } from './dedupe/index.js';
import { createRegistry, descriptions, type OperatorType } from './descriptions-list.js';
import { filter } from './filter/index.js';
import { joinInterval } from './join.interval/index.js';
import { joinLookup } from './join.lookup/index.js';
import { keyBy } from './keyBy/index.js';
import { map } from './map/index.js';
import { pattern } from './pattern/index.js';
import { sinkConsole } from './sink.console/index.js';
import { sinkDashboard } from './sink.dashboard/index.js';
import { sinkFile } from './sink.file/index.js';
import { sinkKafka } from './sink.kafka/index.js';
import { sinkMqtt } from './sink.mqtt/index.js';
import { sourceFile } from './source.file/index.js';
import { sourceKafka } from './source.kafka/index.js';
import { sourceMqtt } from './source.mqtt/index.js';
import { generator } from './source.generator/index.js';
import { topN } from './topN/index.js';
import { union } from './union/index.js';
import { window } from './window/index.js';

export { createRegistry, type Registry } from './descriptions-list.js';

/**
 * Each described operator's runtime, by type. Not a second list: which operators there are and
 * their order come from `descriptions.ts`, and the compiler refuses this table when a described
 * type is missing or an undescribed one is added.
 */
const runtimes: { readonly [T in OperatorType]: OperatorDefinition } = {
  'source.file': sourceFile,
  'source.generator': generator,
  'source.kafka': sourceKafka,
  'source.mqtt': sourceMqtt,
  filter,
  map,
  keyBy,
  window,
  topN,
  dedupe,
  union,
  'join.interval': joinInterval,
  'join.lookup': joinLookup,
  pattern,
  'sink.file': sinkFile,
  'sink.kafka': sinkKafka,
  'sink.mqtt': sinkMqtt,
  'sink.console': sinkConsole,
  'sink.dashboard': sinkDashboard,
};

/** The description with its runtime: one built by spreading that description, or a bug. */
function withRuntime(description: OperatorDescription): OperatorDefinition {
  const def = runtimes[description.type as OperatorType] as OperatorDefinition | undefined;
  const fields = Object.keys(description) as (keyof OperatorDescription)[];
  if (def === undefined || fields.some((field) => def[field] !== description[field]))
    throw new Error(
      `operator type "${description.type}": its runtime is not built from its description`,
    );
  return def;
}

/** Every operator, in palette order. The engine, the validator and the API read this. */
export const operators: readonly OperatorDefinition[] = descriptions.map(withRuntime);

export const registry = createRegistry(operators);
