import type { OperatorDefinition } from './core/define.js';
import { dedupe } from './dedupe/index.js';
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

export interface Registry {
  readonly all: readonly OperatorDefinition[];
  get(type: string): OperatorDefinition | undefined;
}

/** Builds a registry; a type registered twice is a bug and throws at start. */
export function createRegistry(definitions: readonly OperatorDefinition[]): Registry {
  const byType = new Map<string, OperatorDefinition>();
  for (const def of definitions) {
    if (byType.has(def.type)) throw new Error(`operator type "${def.type}" is registered twice`);
    byType.set(def.type, def);
  }
  return { all: definitions, get: (type) => byType.get(type) };
}

/** Every operator, in palette order. The engine, the validator, the API and the canvas read this. */
export const operators: readonly OperatorDefinition[] = [
  sourceFile,
  generator,
  sourceKafka,
  sourceMqtt,
  filter,
  map,
  keyBy,
  window,
  topN,
  dedupe,
  union,
  joinInterval,
  joinLookup,
  pattern,
  sinkFile,
  sinkKafka,
  sinkMqtt,
  sinkConsole,
  sinkDashboard,
] as OperatorDefinition[];

export const registry = createRegistry(operators);
