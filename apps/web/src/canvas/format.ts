import type { NodeTelemetry } from '@rivulet/shared-types';

/** Compact figures for node cards and edge labels: 950, 1.2k, 3.4M. */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e3) return `${trim(n / 1e3)}k`;
  return a >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}

const trim = (x: number): string =>
  (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, '');

/** Latency in µs as a readable duration: 850µs, 12ms, 1.4s. */
export function latency(us: number | null): string {
  if (us === null) return '–';
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1e6) return `${trim(us / 1000)}ms`;
  return `${trim(us / 1e6)}s`;
}

type Connection = NonNullable<NodeTelemetry['connection']>;

/** What a connector's card shows of its connection, in words. */
export interface ConnectionView {
  status: Connection['status'];
  /** The pill: connected, connecting…, reconnecting…. */
  label: string;
  /** The pill's tooltip: what the status means, and the last error. */
  title: string;
  /** The last error in plain words, shown under the pill while not connected; else null. */
  problem: string | null;
  /** A Kafka source's total lag ("lag 1,234"), or null when its lag is not known. */
  lag: string | null;
  /** The lag per partition, one line each, for the lag's tooltip. */
  lagTitle: string | null;
  /** The lag is the last known one: the connection is down, nothing updates it. */
  lagStale: boolean;
}

/** Partitions listed in the lag's tooltip at most (a topic can have hundreds). */
export const LAG_TOOLTIP_PARTITIONS = 12;

const MEANING: Record<Connection['status'], [label: string, title: string]> = {
  connecting: ['connecting…', 'Connecting to the broker'],
  connected: ['connected', 'Connected to the broker'],
  reconnecting: ['reconnecting…', 'Not connected: retrying; the run goes on meanwhile'],
};

export function connectionView(c: Connection): ConnectionView {
  const [label, meaning] = MEANING[c.status];
  const problem = c.status !== 'connected' && c.error ? c.error : null;
  const stale = c.status === 'reconnecting';
  return {
    status: c.status,
    label,
    title: problem ? `${meaning}\n${problem}` : meaning,
    problem,
    lag: c.lagTotal === null ? null : `lag ${whole(c.lagTotal)}`,
    lagTitle:
      c.lag && (stale ? `Last known, before the connection was lost\n` : '') + lagLines(c.lag),
    lagStale: stale,
  };
}

const whole = (n: number): string => Math.round(n).toLocaleString('en');

function lagLines(lag: Record<string, number>): string {
  const partitions = Object.keys(lag).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const lines = partitions
    .slice(0, LAG_TOOLTIP_PARTITIONS)
    .map((p) => `partition ${p}: ${whole(lag[p]!)}`);
  if (partitions.length === 0) return 'No partitions assigned yet';
  const more = partitions.length - LAG_TOOLTIP_PARTITIONS;
  if (more > 0) lines.push(`… and ${more} more partition${more === 1 ? '' : 's'}`);
  return ['Records behind the end of each partition', ...lines].join('\n');
}
