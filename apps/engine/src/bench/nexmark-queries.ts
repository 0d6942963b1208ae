/** The Nexmark queries of examples/nexmark, loaded with their input and output paths replaced. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same relative path from src/bench and dist/bench.
export const NEXMARK_EXAMPLES = fileURLToPath(
  new URL('../../../../examples/nexmark/', import.meta.url),
);

/** The queries there, in the order the bench runs them. */
export const NEXMARK_QUERIES = [
  'q0',
  'q1',
  'q2',
  'q3',
  'q5',
  'q7',
  'q8',
  'q11',
  'q13',
  'q14',
  'q15',
  'q16',
  'q17',
] as const;
export type NexmarkQuery = (typeof NEXMARK_QUERIES)[number];

interface Doc {
  nodes: { id: string; type: string; params: Record<string, unknown> }[];
}

/** The query's pipeline document reading `input` and writing its sink.file to `output`. */
export function nexmarkPipeline(query: string, input: string, output: string): Doc {
  const doc = JSON.parse(readFileSync(`${NEXMARK_EXAMPLES}${query}.json`, 'utf8')) as Doc;
  for (const node of doc.nodes) {
    if (node.type === 'source.file') node.params.path = input;
    if (node.type === 'sink.file') node.params.path = output;
    // A lookup table stays the example's own (q13's side input).
    if (node.type === 'join.lookup')
      node.params.path = resolve(NEXMARK_EXAMPLES, node.params.path as string);
  }
  return doc;
}
