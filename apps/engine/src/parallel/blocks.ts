// The blocks of one source, shared by the workers of a run in parallel and its coordinator: who
// reads which block, and where a checkpoint's barrier stands (parallel/checkpoint.ts).

/** Set in the next-block word while a barrier stands. */
const BARRIER = 1 << 30;
const NEXT = 0;
const AT = 1;
const ID = 2;

/**
 * Three Int32 words: the next block no worker has claimed (with BARRIER set while a checkpoint's
 * barrier stands), the barrier's block, and its checkpoint's id. A barrier is raised at the
 * first unclaimed block in one atomic step, so each block is either before it (claimed earlier)
 * or at or after it, whichever worker reads it.
 */
export class SourceBlocks {
  private readonly words: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
  }

  /** Shared memory for a source whose blocks before `next` are already read (a restore). */
  static memory(next = 0): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    new Int32Array(buffer)[NEXT] = next;
    return buffer;
  }

  /**
   * Claims `block` for this worker: true for the first worker to reach it. Every worker goes
   * through the blocks in order, so a block is claimed when it is the next one unclaimed.
   */
  claim(block: number): boolean {
    const words = this.words;
    for (;;) {
      const next = Atomics.load(words, NEXT);
      if ((next & ~BARRIER) !== block) return false;
      // Fails only if another worker claimed it, or a barrier was raised, in between.
      if (Atomics.compareExchange(words, NEXT, next, next + 1) === next) return true;
    }
  }

  /** Raises checkpoint `id`'s barrier at the first unclaimed block; returns that block. */
  raise(id: number): number {
    const words = this.words;
    for (;;) {
      const next = Atomics.load(words, NEXT);
      Atomics.store(words, AT, next);
      Atomics.store(words, ID, id);
      if (Atomics.compareExchange(words, NEXT, next, next | BARRIER) === next) return next;
    }
  }

  lower(): void {
    const words = this.words;
    for (;;) {
      const next = Atomics.load(words, NEXT);
      if (Atomics.compareExchange(words, NEXT, next, next & ~BARRIER) === next) return;
    }
  }

  /** The id of the checkpoint whose barrier stands at or before `block`, else 0. */
  barrierBefore(block: number): number {
    const words = this.words;
    if ((Atomics.load(words, NEXT) & BARRIER) === 0) return 0;
    return block >= Atomics.load(words, AT) ? Atomics.load(words, ID) : 0;
  }
}
