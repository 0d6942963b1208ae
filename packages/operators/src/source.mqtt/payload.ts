import { parseJsonLine, type LineResult } from '../core/parse.js';

/**
 * The largest payload read as a record: 1 MiB. A larger one is a dead letter (the broker may
 * allow far more; a record that size would hold up every operator after it).
 */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Characters of a bad payload kept in its dead letter. */
export const MAX_KEPT_PAYLOAD = 1000;

// In Node and browsers alike; the package's types name no platform, so it is declared here.
declare const TextDecoder: new (
  label: 'utf-8',
  options: { fatal: boolean; ignoreBOM: boolean },
) => { decode(input: Uint8Array): string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A message's payload as a record (a JSON object, as a JSON Lines line), or why not. */
export function decodePayload(payload: Uint8Array): LineResult & { text?: string } {
  if (payload.length === 0) return { ok: false, reason: 'empty payload' };
  if (payload.length > MAX_PAYLOAD_BYTES)
    return {
      ok: false,
      reason: `payload of ${payload.length} bytes is over the limit of ${MAX_PAYLOAD_BYTES} (1 MiB, MAX_PAYLOAD_BYTES)`,
    };
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'payload is not UTF-8 text' };
  }
  const result = parseJsonLine(text);
  return result.ok ? result : { ...result, text };
}

/** What a dead letter keeps of a bad message: its topic and the start of its text. */
export function keptMessage(topic: string, payload: Uint8Array, text: string | undefined) {
  return {
    topic,
    payload: text === undefined ? `(${payload.length} bytes)` : text.slice(0, MAX_KEPT_PAYLOAD),
  };
}
