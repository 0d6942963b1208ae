/**
 * Records shown outside the job (kept dead letters, sink samples) pass through here, so that a
 * record of megabytes, or nested deeper than JSON.stringify can go, costs a bounded preview and
 * never an exception or a copy of its whole text. The walk stops at MAX_PREVIEW_CHARS: a long
 * text is described by its length, never read, since reading a string that was built by
 * concatenation makes V8 flatten it into one block of its full size.
 */

/** Longest JSON text of a record kept as it is; a longer one is kept as a cut preview. */
export const MAX_PREVIEW_CHARS = 4096;
/** Deepest nesting shown. */
export const MAX_PREVIEW_DEPTH = 64;

export interface Preview {
  /** The record itself when small, else a JSON-like text of its beginning. */
  value: unknown;
  /** Characters it costs (its JSON text, or the preview's length). */
  size: number;
}

export function preview(record: unknown): Preview {
  const out: string[] = [];
  let used = 0;
  let cut = false;
  const put = (text: string): boolean => {
    if (used + text.length > MAX_PREVIEW_CHARS) {
      cut = true;
      return false;
    }
    out.push(text);
    used += text.length;
    return true;
  };
  const walk = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value === 'number' || typeof value === 'boolean')
      return put(typeof value === 'number' && !Number.isFinite(value) ? 'null' : String(value));
    if (typeof value === 'string') {
      // Length first: a long text is not read at all.
      if (used + value.length + 2 > MAX_PREVIEW_CHARS) {
        put(`"(text of ${value.length.toLocaleString('en')} characters)"`);
        cut = true;
        return false;
      }
      return put(JSON.stringify(value));
    }
    if (typeof value !== 'object') return put('null');
    if (depth >= MAX_PREVIEW_DEPTH) {
      cut = true;
      put('"(nested too deep)"');
      return false;
    }
    const list = Array.isArray(value);
    if (!put(list ? '[' : '{')) return false;
    let first = true;
    for (const key of list ? value.keys() : Object.keys(value)) {
      if (!first && !put(',')) return false;
      first = false;
      if (!list && !put(`${JSON.stringify(key)}:`)) return false;
      const child = (value as Record<string | number, unknown>)[key];
      if (!walk(child, depth + 1)) return false;
    }
    return put(list ? ']' : '}');
  };
  walk(record, 0);
  if (!cut) return { value: record, size: used };
  const value = `${out.join('')}… (cut)`;
  return { value, size: value.length };
}
