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
