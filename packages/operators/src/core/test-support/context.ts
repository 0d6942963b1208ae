/** A fake OperatorContext that records what an operator emits, for operator tests. */

import { noConnection } from '../net.js';
import type { Key, OperatorContext, OperatorCounters, Rec } from '../runtime.js';

export interface Emitted {
  record: Rec;
  ts: number;
  key: Key;
}

export interface DeadLetterSent {
  record: unknown;
  reason: string;
  /** The event time the operator gave, undefined when it gave none. */
  ts: number | undefined;
}

export interface TestContext {
  ctx: OperatorContext;
  /** Records emitted on each port, by port name. */
  ports: Map<string, Emitted[]>;
  out: Emitted[];
  late: Emitted[];
  deadLetters: DeadLetterSent[];
  counters: OperatorCounters;
}

export function createTestContext(keyFields: readonly string[] | null = null): TestContext {
  const ports = new Map<string, Emitted[]>([
    ['out', []],
    ['late', []],
  ]);
  const portEmitter = (name: string) => {
    let sent = ports.get(name);
    if (sent === undefined) {
      sent = [];
      ports.set(name, sent);
    }
    const list = sent;
    return (record: Rec, ts: number, key: Key) => {
      list.push({ record, ts, key });
    };
  };
  const deadLetters: DeadLetterSent[] = [];
  const counters: OperatorCounters = { lateRecords: 0, dropped: 0 };
  const ctx: OperatorContext = {
    nodeId: 'w',
    keyFields,
    emit: portEmitter('out'),
    port: portEmitter,
    isConnected: () => true,
    deadLetter(record, reason, ts) {
      deadLetters.push({ record, reason, ts });
    },
    counters,
    io: {
      readLines() {
        throw new Error('no io in window tests');
      },
      openWriter() {
        throw new Error('no io in window tests');
      },
      print() {
        throw new Error('no io in window tests');
      },
    },
    now: () => 0,
    sleep: () => Promise.resolve(),
    connection: noConnection(),
    stopping: () => false,
    checkpoints: false,
  };
  return {
    ctx,
    ports,
    out: ports.get('out')!,
    late: ports.get('late')!,
    deadLetters,
    counters,
  };
}
