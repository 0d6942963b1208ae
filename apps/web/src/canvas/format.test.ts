import { describe, expect, it } from 'vitest';
import { compact, connectionView, LAG_TOOLTIP_PARTITIONS, latency } from './format';

describe('compact and latency', () => {
  it('shorten figures for a card', () => {
    expect(compact(950)).toBe('950');
    expect(compact(1234)).toBe('1.2k');
    expect(compact(3_400_000)).toBe('3.4M');
    expect(compact(2.54)).toBe('2.5');
    expect(latency(null)).toBe('–');
    expect(latency(850)).toBe('850µs');
    expect(latency(12_000)).toBe('12ms');
    expect(latency(1_400_000)).toBe('1.4s');
  });
});

describe('connectionView', () => {
  const connection = (
    over: Partial<Parameters<typeof connectionView>[0]> = {},
  ): Parameters<typeof connectionView>[0] => ({
    status: 'connected',
    error: null,
    lag: null,
    lagTotal: null,
    ...over,
  });

  it('names each status, with an ellipsis while it waits', () => {
    expect(connectionView(connection()).label).toBe('connected');
    expect(connectionView(connection({ status: 'connecting' })).label).toBe('connecting…');
    expect(connectionView(connection({ status: 'reconnecting' })).label).toBe('reconnecting…');
  });

  it('shows the last error in plain words while not connected, and in the tooltip', () => {
    const view = connectionView(
      connection({ status: 'reconnecting', error: 'no broker at 127.0.0.1:9092' }),
    );
    expect(view.problem).toBe('no broker at 127.0.0.1:9092');
    expect(view.title).toBe(
      'Not connected: retrying; the run goes on meanwhile\nno broker at 127.0.0.1:9092',
    );
    expect(connectionView(connection({ status: 'reconnecting' })).problem).toBeNull();
  });

  it('does not show an old error once connected', () => {
    const view = connectionView(connection({ error: 'no broker at 127.0.0.1:9092' }));
    expect(view.problem).toBeNull();
    expect(view.title).toBe('Connected to the broker');
  });

  it('gives a Kafka source’s total lag, and each partition’s in number order in the tooltip', () => {
    const view = connectionView(
      connection({ lag: { '10': 4, '2': 30, '0': 1200 }, lagTotal: 1234 }),
    );
    expect(view.lag).toBe('lag 1,234');
    expect(view.lagTitle).toBe(
      'Records behind the end of each partition\npartition 0: 1,200\npartition 2: 30\npartition 10: 4',
    );
  });

  it('says the lag is the last known while reconnecting', () => {
    const view = connectionView(
      connection({ status: 'reconnecting', lag: { '0': 7 }, lagTotal: 7 }),
    );
    expect(view.lag).toBe('lag 7');
    expect(view.lagStale).toBe(true);
    expect(view.lagTitle).toBe(
      'Last known, before the connection was lost\nRecords behind the end of each partition\npartition 0: 7',
    );
    expect(connectionView(connection({ lag: { '0': 7 }, lagTotal: 7 })).lagStale).toBe(false);
  });

  it('shows no lag where it is not known, and says when no partition is assigned', () => {
    expect(connectionView(connection()).lag).toBeNull();
    expect(connectionView(connection()).lagTitle).toBeNull();
    const none = connectionView(connection({ lag: {}, lagTotal: 0 }));
    expect(none.lag).toBe('lag 0');
    expect(none.lagTitle).toBe('No partitions assigned yet');
  });

  it('lists a bounded number of partitions in the tooltip', () => {
    const lag: Record<string, number> = {};
    for (let p = 0; p < 100; p++) lag[String(p)] = 1;
    const lines = connectionView(connection({ lag, lagTotal: 100 })).lagTitle!.split('\n');
    expect(lines).toHaveLength(LAG_TOOLTIP_PARTITIONS + 2);
    expect(lines.at(-1)).toBe(`… and ${100 - LAG_TOOLTIP_PARTITIONS} more partitions`);
  });
});
