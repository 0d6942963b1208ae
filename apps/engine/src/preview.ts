/**
 * Records shown outside the job (kept dead letters, sink samples) pass through here, so that a
 * record of megabytes, or nested deeper than JSON.stringify can go, costs a bounded preview and
 * never an exception in the server.
 */

/** Longest JSON text of a record kept as it is; a longer one is kept as a cut preview. */
export const MAX_PREVIEW_CHARS = 4096;

export interface Preview {
  /** The record itself when small, else its JSON text cut to MAX_PREVIEW_CHARS. */
  value: unknown;
  /** Characters it costs (its JSON text, or the preview's length). */
  size: number;
}

export function preview(record: unknown): Preview {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch (error) {
    const why = error instanceof RangeError ? 'nested too deep to show' : 'cannot be shown as JSON';
    const value = `(record ${why})`;
    return { value, size: value.length };
  }
  if (text === undefined) return { value: null, size: 4 };
  if (text.length <= MAX_PREVIEW_CHARS) return { value: record, size: text.length };
  const value = `${text.slice(0, MAX_PREVIEW_CHARS)}… (${text.length.toLocaleString('en')} characters, cut)`;
  return { value, size: value.length };
}
