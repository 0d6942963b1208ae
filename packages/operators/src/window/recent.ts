/** Slots remembered, a power of two: more than the windows a record joins, usually. */
const RECENT = 16;

/**
 * The slots of a window's state found lately, by `(start / slide) mod RECENT`: a record finds
 * its windows here without hashing their starts (numbers past 2^31, which a Map boxes on every
 * lookup). Shared by the slots of accumulator objects (state.ts) and of numbers (flat.ts).
 */
export class RecentSlots<S extends { readonly start: number }> {
  private readonly slots = new Array<S | undefined>(RECENT).fill(undefined);

  constructor(private readonly slide: number) {}

  /** The slot starting at `start` in `all`, if it has one. */
  find(all: ReadonlyMap<number, S>, start: number): S | undefined {
    const at = (start / this.slide) & (RECENT - 1);
    const seen = this.slots[at];
    if (seen !== undefined && seen.start === start) return seen;
    const slot = all.get(start);
    if (slot !== undefined) this.slots[at] = slot;
    return slot;
  }

  remember(slot: S): void {
    this.slots[(slot.start / this.slide) & (RECENT - 1)] = slot;
  }

  forget(slot: S): void {
    const at = (slot.start / this.slide) & (RECENT - 1);
    if (this.slots[at] === slot) this.slots[at] = undefined;
  }

  clear(): void {
    this.slots.fill(undefined);
  }
}
