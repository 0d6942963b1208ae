// The blocks of one source, shared by the workers of a run in parallel and its coordinator: who
// reads which block, and where a checkpoint's barrier stands (parallel/checkpoint.ts).

/** Set in the next-block word while a barrier stands. */
const BARRIER = 1 << 30;
const NEXT = 0;
const AT = 1;
const ID = 2;
/**
 * Where the last RING blocks claimed start (a file's byte offset), by block modulo RING: the
 * block's number plus one (0 while being written), and the offset's low and high 32 bits.
 */
const RING = 64;
const IDS = 3;
const LOW = IDS + RING;
const HIGH = LOW + RING;
const WORDS = HIGH + RING;
const LOW_BITS = 2 ** 32;

/**
 * Int32 words: the next block no worker has claimed (with BARRIER set while a checkpoint's
 * barrier stands), the barrier's block, and its checkpoint's id. A barrier is raised at the
 * first unclaimed block in one atomic step, so each block is either before it (claimed earlier)
 * or at or after it, whichever worker reads it. Then where the last blocks claimed start, so
 * that a reader goes straight to the last of them instead of reading through the others' blocks.
 */
export class SourceBlocks {
  private readonly words: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
  }

  /** Shared memory for a source whose blocks before `next` are already read (a restore). */
  static memory(next = 0): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
    new Int32Array(buffer)[NEXT] = next;
    return buffer;
  }

  /**
   * Claims `block` for this worker: true for the first worker to reach it. Every worker goes
   * through the blocks in order, so a block is claimed when it is the next one unclaimed. `at`,
   * where the block starts (when known), is kept for the others (`lastClaimed`).
   */
  claim(block: number, at = -1): boolean {
    const words = this.words;
    for (;;) {
      const next = Atomics.load(words, NEXT);
      if ((next & ~BARRIER) !== block) return false;
      // Fails only if another worker claimed it, or a barrier was raised, in between.
      if (Atomics.compareExchange(words, NEXT, next, next + 1) === next) {
        if (at >= 0) {
          const slot = block % RING;
          Atomics.store(words, IDS + slot, 0);
          Atomics.store(words, LOW + slot, (at % LOW_BITS) | 0);
          Atomics.store(words, HIGH + slot, Math.floor(at / LOW_BITS));
          Atomics.store(words, IDS + slot, block + 1);
        }
        return true;
      }
    }
  }

  /**
   * The last block claimed whose start is known, if it is `from` or later: a reader that has
   * claimed nothing from `from` on can go there (every block in between is claimed by others).
   */
  lastClaimed(from: number): { block: number; at: number } | null {
    const words = this.words;
    const next = Atomics.load(words, NEXT) & ~BARRIER;
    for (let block = next - 1; block >= from && block >= next - RING; block--) {
      const slot = block % RING;
      if (Atomics.load(words, IDS + slot) !== block + 1) continue;
      const low = Atomics.load(words, LOW + slot) >>> 0;
      const high = Atomics.load(words, HIGH + slot);
      // Still this block's (not being overwritten by one RING blocks later).
      if (Atomics.load(words, IDS + slot) === block + 1)
        return { block, at: high * LOW_BITS + low };
    }
    return null;
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
