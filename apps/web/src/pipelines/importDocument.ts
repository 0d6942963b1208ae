import type { PipelineDocument } from '@rivulet/shared-types';

export type ImportResult =
  { ok: true; document: PipelineDocument } | { ok: false; message: string };

/**
 * Reads an exported pipeline file. Only the shape is checked here (the engine validates the
 * operators and their params when the pipeline is run); an export of a whole record
 * (`{ document }`) is accepted too.
 */
export function parsePipelineFile(text: string, fileName = 'the file'): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: `${fileName} is not JSON: export a pipeline from Rivulet and import that file.`,
    };
  }
  if (isObject(json) && isObject(json.document) && !('nodes' in json)) json = json.document;
  if (!isObject(json))
    return { ok: false, message: `${fileName} is not a pipeline: it must be a JSON object.` };
  if (json.version !== 1)
    return {
      ok: false,
      message: `${fileName}: "version" must be 1 (got ${JSON.stringify(json.version) ?? 'nothing'}).`,
    };
  if (!Array.isArray(json.nodes) || !Array.isArray(json.edges))
    return { ok: false, message: `${fileName}: a pipeline has "nodes" and "edges" lists.` };
  for (const [i, node] of json.nodes.entries()) {
    if (!isObject(node) || typeof node.id !== 'string' || typeof node.type !== 'string')
      return { ok: false, message: `${fileName}: nodes[${i}] needs a text "id" and "type".` };
    if (node.params !== undefined && !isObject(node.params))
      return {
        ok: false,
        message: `${fileName}: the params of node "${node.id}" must be an object.`,
      };
  }
  for (const [i, edge] of json.edges.entries()) {
    if (!isObject(edge) || typeof edge.source !== 'string' || typeof edge.target !== 'string')
      return { ok: false, message: `${fileName}: edges[${i}] needs a text "source" and "target".` };
  }
  const name =
    typeof json.name === 'string' && json.name.trim() !== ''
      ? json.name
      : fileName.replace(/\.json$/i, '') || 'Imported pipeline';
  return { ok: true, document: { ...(json as PipelineDocument), name } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The file name an export is saved as: the pipeline's name, made safe. */
export function exportFileName(name: string): string {
  const safe = name
    .trim()
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ');
  return `${safe || 'pipeline'}.json`;
}

export const EMPTY_PIPELINE_NAME = 'Untitled pipeline';

export function emptyDocument(name = EMPTY_PIPELINE_NAME): PipelineDocument {
  return { version: 1, name, nodes: [], edges: [] };
}
