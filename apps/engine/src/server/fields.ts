/**
 * POST /api/fields: the fields each node of a document receives and emits, and warnings about
 * params that read a field their node does not receive (packages/operators core/schema-flow).
 * File sources and lookup tables are sampled here, from their first lines in the data directory.
 */
import { open } from 'node:fs/promises';
import { csvHeaderFields, deriveFields, fieldWarnings, type Fields } from '@rivulet/operators';
import { PipelineDocument, type FieldsResponse, type Problem } from '@rivulet/shared-types';
import type { RequestHandler } from 'express';
import { sampleLines } from '../export/flink/sample.js';
import { MAX_GRAPH_ITEMS, type PathCheck } from '../validate.js';
import { parseOr400 } from './errors.js';

/** Bytes read at most from the start of each file: its first lines are enough to name fields. */
export const SAMPLE_BYTES = 64 * 1024;
/** Lines sampled at most. */
export const SAMPLE_LINES = 100;

/** The first whole lines of a file (a line cut by the byte limit is left out). */
async function firstLines(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SAMPLE_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const lines = text.split(/\r?\n/);
    if (bytesRead === SAMPLE_BYTES) lines.pop();
    return lines.slice(0, SAMPLE_LINES);
  } finally {
    await file.close();
  }
}

/** The fields of a JSON-lines or CSV file inside the data directory; null when it cannot be read. */
async function sampleFile(checkPath: PathCheck, path: unknown, format: unknown): Promise<Fields> {
  if (typeof path !== 'string' || path === '') return null;
  const checked = checkPath(path);
  if (!checked.ok) return null;
  try {
    const lines = await firstLines(checked.path);
    if (format === 'csv') return lines.length > 0 ? csvHeaderFields(lines[0]!) : null;
    const sampled = await sampleLines(lines);
    return sampled.fields.size > 0 ? [...sampled.fields.keys()] : null;
  } catch {
    return null; // absent or unreadable: the validator and the run say so
  }
}

/** Nodes that read a file of their own: file sources and lookup joins. */
const READS_A_FILE = new Set(['source.file', 'join.lookup']);

export function fieldsHandler(checkPath: PathCheck): RequestHandler {
  return async (req, res) => {
    const doc = parseOr400(PipelineDocument, req.body, 'body');
    // Larger graphs are refused by the validator; nothing is derived for them (the walk recurses).
    if (doc.nodes.length + doc.edges.length > MAX_GRAPH_ITEMS) {
      res.json({ nodes: {}, warnings: [] } satisfies FieldsResponse);
      return;
    }
    const sampled = new Map<string, Fields>();
    const byFile = new Map<string, Fields>();
    for (const node of doc.nodes) {
      if (!READS_A_FILE.has(node.type)) continue;
      const file = JSON.stringify([node.params.path, node.params.format]);
      if (!byFile.has(file)) {
        byFile.set(file, await sampleFile(checkPath, node.params.path, node.params.format));
      }
      sampled.set(node.id, byFile.get(file)!);
    }
    const fields = deriveFields(doc, (id) => sampled.get(id) ?? null);
    const body: FieldsResponse = {
      nodes: Object.fromEntries(
        [...fields].map(([id, f]) => [
          id,
          { inputs: f.inputs && [...f.inputs], outputs: f.outputs && [...f.outputs] },
        ]),
      ),
      warnings: [...fieldWarnings(doc, fields), ...studioWarnings(doc)],
    };
    res.json(body);
  };
}

/** What a document asks that the studio's runs do not do, though `rivulet run` does. */
function studioWarnings(doc: PipelineDocument): Problem[] {
  const parallelism = (doc.settings as { parallelism?: unknown } | undefined)?.parallelism;
  return typeof parallelism === 'number' && parallelism > 1
    ? [
        {
          message: `settings.parallelism ${parallelism}: runs started here use one thread; the command line (rivulet run) runs the pipeline in ${parallelism} worker threads`,
        },
      ]
    : [];
}
