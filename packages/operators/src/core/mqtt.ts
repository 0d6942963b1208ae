/**
 * What source.mqtt and sink.mqtt share: the broker URL, topic rules (MQTT 3.1.1 §4.7), QoS and
 * the client id of a persistent session. Plain functions, so that the canvas checks a topic as
 * the engine does.
 */

import { z } from 'zod';

const BROKER_URL =
  /^(mqtts?|wss?):\/\/(?:[^@/?#]*@)?(\[[0-9A-Fa-f:.]+\]|[^:/?#[\]@]+)(?::(\d+))?(?:[/?#].*)?$/;

/** Why `url` is not a broker address, or null. */
export function mqttUrlProblem(url: string): string | null {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined)
    return `"${url}" is not a URL: use mqtt://host:port (or mqtts://, ws://, wss://)`;
  if (!/^(mqtts?|wss?)$/.test(scheme))
    return `"${scheme}:" is not a broker scheme: use mqtt://, mqtts://, ws:// or wss://`;
  const match = BROKER_URL.exec(url);
  if (match === null) return `"${url}" names no host: use ${scheme}://host:port`;
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `port ${port} is not between 1 and 65535`;
  return null;
}

/** Bytes of a topic at most (its length is a 16-bit number in the protocol). */
export const MAX_TOPIC_BYTES = 65_535;

/** Bytes of a text in UTF-8 (a lone surrogate counts 3, as its replacement character). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function common(topic: string): string | null {
  if (topic === '') return 'is empty';
  if (topic.includes('\u0000')) return 'holds a NUL character, which MQTT forbids';
  if (utf8Length(topic) > MAX_TOPIC_BYTES) return `is longer than ${MAX_TOPIC_BYTES} bytes`;
  return null;
}

/**
 * Why `filter` is not a topic filter to subscribe to, or null: `+` must fill a whole level
 * (`a/+/c`), `#` must be the whole last level (`a/#`, `#`).
 */
export function topicFilterProblem(filter: string): string | null {
  const problem = common(filter);
  if (problem !== null) return problem;
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return `"${filter}": "#" must be the whole last level (as in "a/#" or "#")`;
    if (level.includes('+') && level !== '+')
      return `"${filter}": "+" must be a whole level (as in "a/+/c")`;
  }
  return null;
}

/** Why `topic` is not a topic to publish to, or null: no wildcards, not a `$` topic. */
export function topicNameProblem(topic: string): string | null {
  const problem = common(topic);
  if (problem !== null) return problem;
  if (topic.includes('+') || topic.includes('#'))
    return `"${topic}": a topic to publish to has no wildcards ("+" or "#")`;
  if (topic.startsWith('$'))
    return `"${topic}": topics starting with "$" are the broker's own ($SYS)`;
  return null;
}

/** A zod string checked by `problem`, whose message lands on the field. */
export const checkedString = (problem: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  });

export const MqttUrl = checkedString(mqttUrlProblem)
  .default('mqtt://127.0.0.1:1883')
  .meta({ description: 'The broker: mqtt://host:port, mqtts://, ws:// or wss://' });

export const MqttQos = z.literal([0, 1]).default(1).meta({
  description:
    '0: at most once (no acknowledgement); 1: at least once (the broker acknowledges each message)',
});

/** Client ids: what names the client in the broker's logs and keys its persistent session. */
export const MqttClientId = z.string().min(1).max(128).optional().meta({
  description:
    'Client id at the broker, which keys its persistent session; default: derived from the pipeline name, the node id, URL and topic. Two runs with the same id take the connection from each other: give each pipeline its own',
});

/** FNV-1a of a text, as 8 hex digits: a short stable name for a default client id. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The default client id of a node: stable across runs (so that a persistent session finds its
 * queued messages again), readable in the broker's logs, and different per pipeline, role, URL
 * and topic (two runs with one id would take the connection from each other).
 */
export function defaultClientId(
  where: { nodeId: string; pipelineName?: string },
  role: 'sub' | 'pub',
  url: string,
  topic: string,
): string {
  const name = where.nodeId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 32);
  const hash = shortHash([where.pipelineName ?? '', where.nodeId, url, topic].join('\u0000'));
  return `rivulet-${name}-${role}-${hash}`;
}
