// Pipelines the tests start from, created over REST. The gallery's templates are not copied
// here: tests take them from the server (GET /api/templates), which reads apps/engine/templates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '@rivulet/shared-types';
import { engine } from '../engine';

/** Live card payments, large ones counted per card every 2 seconds, shown in a table. */
export function livePayments(name = 'e2e live payments', ratePerSec = 200): PipelineDocument {
  return {
    version: 1,
    name,
    nodes: [
      {
        id: 'payments',
        type: 'source.generator',
        params: { scenario: 'transactions', ratePerSec, seed: 3 },
        position: { x: 0, y: 100 },
      },
      {
        id: 'large',
        type: 'filter',
        params: { expr: 'amount > 20' },
        position: { x: 280, y: 100 },
      },
      { id: 'byCard', type: 'keyBy', params: { fields: ['cardId'] }, position: { x: 560, y: 100 } },
      {
        id: 'perWindow',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '2s',
          aggregations: [
            { fn: 'count', as: 'payments' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
        position: { x: 840, y: 100 },
      },
      {
        id: 'table',
        type: 'sink.dashboard',
        params: { title: 'Payments per card', widget: 'table' },
        position: { x: 1120, y: 100 },
      },
    ],
    edges: [
      { id: 'e1', source: 'payments', target: 'large' },
      { id: 'e2', source: 'large', target: 'byCard' },
      { id: 'e3', source: 'byCard', target: 'perWindow' },
      { id: 'e4', source: 'perWindow', target: 'table' },
    ],
  };
}

/** The live payments, checkpointed every half second (the server's default is 10 s). */
export function checkpointedPayments(name = 'e2e checkpointed payments'): PipelineDocument {
  return { ...livePayments(name), settings: { checkpointInterval: '500ms' } };
}

/**
 * A large pipeline for the benchmark: `chains` chains of generator → (filter | map)… → sink,
 * `length` nodes each, laid out in a grid (one chain a row).
 */
export function gridPipeline(chains = 20, length = 10, ratePerSec = 5): PipelineDocument {
  const nodes: PipelineDocument['nodes'] = [];
  const edges: PipelineDocument['edges'] = [];
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < length; i++) {
      const id = `c${c}n${i}`;
      const position = { x: i * 240, y: c * 140 };
      if (i === 0)
        nodes.push({
          id,
          type: 'source.generator',
          params: { scenario: 'transactions', ratePerSec, seed: c + 1 },
          position,
        });
      else if (i === length - 1)
        nodes.push({
          id,
          type: 'sink.dashboard',
          params: { title: `chain ${c}`, widget: 'table' },
          position,
        });
      else if (i % 2 === 1)
        nodes.push({ id, type: 'filter', params: { expr: `amount > ${i}` }, position });
      else
        nodes.push({
          id,
          type: 'map',
          params: { fields: { [`f${i}`]: `amount * ${i}` } },
          position,
        });
      if (i > 0) edges.push({ id: `e${c}_${i}`, source: `c${c}n${i - 1}`, target: id });
    }
  }
  return { version: 1, name: `bench: ${chains * length} nodes`, nodes, edges };
}

/**
 * A file source over a CSV whose header never ends, into a table: the run fails on its first
 * read. Writes the file (`file`, in the server's files/) first.
 */
export function brokenCsv(name: string, file: string): PipelineDocument {
  const files = join(engine().dataDir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, file), '"unterminated,header\n1,2\n');
  return {
    version: 1,
    name,
    nodes: [
      {
        id: 'rows',
        type: 'source.file',
        params: { path: file, format: 'csv' },
        position: { x: 0, y: 0 },
      },
      { id: 'out', type: 'sink.dashboard', params: {}, position: { x: 320, y: 0 } },
    ],
    edges: [{ source: 'rows', target: 'out' }],
  };
}
