import { NodeTelemetry, TelemetryMessage } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { validatePipeline } from '../validate.js';
import { connectionOf, RunTelemetry } from './telemetry.js';

function job(): Job {
  const valid = validatePipeline({
    version: 1,
    name: 'connection',
    nodes: [
      {
        id: 'src',
        type: 'source.generator',
        params: { scenario: 'clickstream', ratePerSec: 10, seed: 1, limit: 10 },
      },
      { id: 'out', type: 'sink.dashboard', params: { widget: 'table' } },
    ],
    edges: [{ id: 'e1', source: 'src', target: 'out' }],
  });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  return new Job(valid.value, { io: nodeIO() });
}

describe('RunTelemetry connection', () => {
  it('is null for nodes without a connection', () => {
    const message = new RunTelemetry('r1', job(), () => 1000).tick();
    expect(message.nodes.map((n) => n.connection)).toEqual([null, null]);
    expect(TelemetryMessage.parse(message)).toEqual(message);
  });

  it('copies a connector’s state each tick, with the total lag', () => {
    const j = job();
    let t = 1000;
    const telemetry = new RunTelemetry('r1', j, () => t);
    const state = j.metrics.get('src')!.connection;
    state.status = 'reconnecting';
    state.error = 'no broker at 127.0.0.1:9092';
    const first = telemetry.tick();
    expect(first.nodes[0]!.connection).toEqual({
      status: 'reconnecting',
      error: 'no broker at 127.0.0.1:9092',
      lag: null,
      lagTotal: null,
    });
    expect(first.nodes[1]!.connection).toBeNull();

    state.status = 'connected';
    state.error = null;
    state.lag = { '0': 1200, '1': 34, '2': 0 };
    t += 250;
    const second = telemetry.tick();
    expect(second.nodes[0]!.connection).toEqual({
      status: 'connected',
      error: null,
      lag: { '0': 1200, '1': 34, '2': 0 },
      lagTotal: 1234,
    });
    expect(TelemetryMessage.parse(second)).toEqual(second);

    // The client keeps writing into its state; a message already made does not change.
    state.lag['0'] = 5;
    state.status = 'reconnecting';
    expect(second.nodes[0]!.connection).toMatchObject({ status: 'connected', lagTotal: 1234 });
  });

  it('defaults to null in a message from an engine that does not send it', () => {
    const older: Partial<NodeTelemetry> = new RunTelemetry('r1', job(), () => 1000).tick()
      .nodes[0]!;
    delete older.connection;
    expect(NodeTelemetry.parse(older).connection).toBeNull();
  });

  it('sums no partitions to 0, and knows no lag as null', () => {
    expect(connectionOf({ status: 'connected', error: null, lag: {} })?.lagTotal).toBe(0);
    expect(connectionOf({ status: 'connecting', error: null, lag: null })?.lagTotal).toBeNull();
    expect(connectionOf({ status: null, error: null, lag: { '0': 3 } })).toBeNull();
  });
});

describe('RunTelemetry busy', () => {
  it('is the share of the last second spent in the node, from its busy time', () => {
    const j = job();
    let t = 1000;
    const telemetry = new RunTelemetry('r1', j, () => t);
    expect(telemetry.tick().nodes.map((n) => n.busy)).toEqual([0, 0]);
    const src = j.metrics.get('src')!;
    const out = j.metrics.get('out')!;
    t += 500;
    src.busyMs += 100;
    out.busyMs += 400;
    telemetry.tick();
    t += 500;
    src.busyMs += 100;
    out.busyMs += 400;
    // Over the last second: 200 ms and 800 ms.
    const message = telemetry.tick();
    expect(message.nodes[0]!.busy).toBeCloseTo(0.2);
    expect(message.nodes[1]!.busy).toBeCloseTo(0.8);
    expect(TelemetryMessage.parse(message)).toEqual(message);
    // An estimate over a short time can exceed the wall clock: a share is at most 1.
    t += 250;
    out.busyMs += 1000;
    expect(telemetry.tick().nodes[1]!.busy).toBe(1);
  });

  it('is absent from a message of an engine that does not send it', () => {
    const older: Partial<NodeTelemetry> = new RunTelemetry('r1', job(), () => 1000).tick()
      .nodes[0]!;
    delete older.busy;
    expect(NodeTelemetry.parse(older).busy).toBeUndefined();
  });

  it('measures where a run spends its time: a heavy map far busier than a cheap filter', async () => {
    // Each record is written out as JSON ten times by the map: far more work than the filter's.
    const heavy = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`j${i}`, `len(toString($)) + ${i}`]),
    );
    const valid = validatePipeline({
      version: 1,
      name: 'busy',
      nodes: [
        {
          id: 'gen',
          type: 'source.generator',
          params: { scenario: 'transactions', seed: 1, limit: 20_000 },
        },
        { id: 'heavy', type: 'map', params: { fields: heavy } },
        { id: 'cheap', type: 'filter', params: { expr: 'amount > 0' } },
        { id: 'out', type: 'sink.dashboard', params: { widget: 'table' } },
      ],
      edges: [
        { id: 'e1', source: 'gen', target: 'heavy' },
        { id: 'e2', source: 'heavy', target: 'cheap' },
        { id: 'e3', source: 'cheap', target: 'out' },
      ],
    });
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const j = new Job(valid.value, { io: nodeIO() });
    const started = performance.now();
    const result = await j.run();
    const elapsed = performance.now() - started;
    expect(result.status).toBe('finished');
    const busy = (id: string) => j.metrics.get(id)!.busyMs;
    for (const id of ['gen', 'heavy', 'cheap', 'out']) expect(busy(id)).toBeGreaterThan(0);
    expect(busy('heavy')).toBeGreaterThan(3 * busy('cheap'));
    expect(busy('heavy')).toBeGreaterThan(busy('gen'));
    // Estimates of the time spent: about what the run took (with a wide margin for noise).
    const total = ['gen', 'heavy', 'cheap', 'out'].reduce((sum, id) => sum + busy(id), 0);
    expect(total).toBeLessThan(2 * elapsed);
    expect(total).toBeGreaterThan(0.4 * elapsed);
    expect(busy('heavy')).toBeGreaterThan(0.3 * elapsed);
  }, 120_000);
});
