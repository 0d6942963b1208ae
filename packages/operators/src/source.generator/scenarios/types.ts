/** Where the scenario clock starts and how fast it runs: on average one event per `meanGapMs`. */
export interface Clock {
  startTime: number;
  meanGapMs: number;
}

/** A record a scenario produces: its event time in ms is its `ts` field. */
export interface TimedRecord {
  ts: number;
  [field: string]: unknown;
}

/**
 * An endless, deterministic sequence of records in event-time order (ts never decreases);
 * out-of-order arrival is added afterwards, by the runtime, for every scenario alike.
 */
export interface ScenarioStream {
  next(): TimedRecord;
}

/** Event-stream PRNG number: stream 0 builds a scenario's hidden world, this one drives events. */
export const EVENT_STREAM = 1;
export const WORLD_STREAM = 0;
