/**
 * Every operator without its runtime: params, ports, labels, docs, category. The one list of
 * operators: the runtime registry (`registry.ts`) adds each one's `create` to it, and the
 * browser imports this entry alone (`@rivulet/operators/descriptions`), so that it loads no
 * operator state, sink, connector or generator code. Nothing here imports a runtime: each
 * operator's `definition.ts` holds its description, its `index.ts` the runtime.
 */
import type { OperatorDefinition, OperatorDescription } from './core/define.js';
import { description as dedupe } from './dedupe/definition.js';
import { description as filter } from './filter/definition.js';
import { description as joinInterval } from './join.interval/definition.js';
import { description as joinLookup } from './join.lookup/definition.js';
import { description as keyBy } from './keyBy/definition.js';
import { description as map } from './map/definition.js';
import { description as pattern } from './pattern/definition.js';
import { description as sinkConsole } from './sink.console/definition.js';
import { description as sinkDashboard } from './sink.dashboard/definition.js';
import { description as sinkFile } from './sink.file/definition.js';
import { description as sinkKafka } from './sink.kafka/definition.js';
import { description as sinkMqtt } from './sink.mqtt/definition.js';
import { description as sourceFile } from './source.file/definition.js';
import { description as generator } from './source.generator/definition.js';
import { description as sourceKafka } from './source.kafka/definition.js';
import { description as sourceMqtt } from './source.mqtt/definition.js';
import { description as topN } from './topN/definition.js';
import { description as union } from './union/definition.js';
import { description as window } from './window/definition.js';

/** In palette order. */
const described = [
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
] as const;

/** The type of every operator there is. */
export type OperatorType = (typeof described)[number]['type'];

/** Every operator's description, in palette order. The canvas, the forms and the field flow read this. */
export const descriptions: readonly OperatorDescription[] = described;

export interface Registry<D extends OperatorDescription = OperatorDefinition> {
  readonly all: readonly D[];
  get(type: string): D | undefined;
}

/** Builds a registry; a type registered twice is a bug and throws at start. */
export function createRegistry<D extends OperatorDescription>(
  definitions: readonly D[],
): Registry<D> {
  const byType = new Map<string, D>();
  for (const def of definitions) {
    if (byType.has(def.type)) throw new Error(`operator type "${def.type}" is registered twice`);
    byType.set(def.type, def);
  }
  return { all: definitions, get: (type) => byType.get(type) };
}

/** The descriptions by type. */
export const descriptionRegistry: Registry<OperatorDescription> = createRegistry(descriptions);
