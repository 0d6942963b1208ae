import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap, RecordQueue } from './heap.js';

describe('MinHeap', () => {
  it('pops in (key, id) order, whatever the pushes, pops and replaceTops', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), key: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
      fc.record({ kind: fc.constant('replace' as const), key: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new MinHeap(2);
        const model: { key: number; id: number }[] = [];
        const byOrder = (a: { key: number; id: number }, b: { key: number; id: number }) =>
          a.key - b.key || a.id - b.id;
        let nextId = 0;
        for (const o of ops) {
          model.sort(byOrder);
          if (o.kind === 'push') {
            heap.push(o.key, nextId);
            model.push({ key: o.key, id: nextId++ });
          } else if (model.length > 0) {
            expect(heap.topKey()).toBe(model[0]!.key);
            expect(heap.topId()).toBe(model[0]!.id);
            if (o.kind === 'pop') {
              expect(heap.pop()).toBe(model.shift()!.id);
            } else {
              heap.replaceTop(o.key, nextId);
              model[0] = { key: o.key, id: nextId++ };
            }
          }
          expect(heap.size).toBe(model.length);
        }
      }),
    );
  });

  it('reports an empty heap as Infinity', () => {
    expect(new MinHeap().topKey()).toBe(Infinity);
  });
});

describe('RecordQueue', () => {
  it('releases records by key', () => {
    const queue = new RecordQueue<string>();
    for (const [key, value] of [
      [5, 'e'],
      [1, 'a'],
      [3, 'c'],
      [2, 'b'],
      [4, 'd'],
    ] as const) {
      queue.push(key, value);
    }
    const out: string[] = [];
    while (queue.size > 0) out.push(queue.pop());
    expect(out.join('')).toBe('abcde');
  });
});
