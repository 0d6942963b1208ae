/**
 * Watermarks per partition, as Flink's KafkaSource makes them: each partition trails its own
 * largest event time by the out-of-orderness, and the source's watermark is their minimum. A
 * partition with no record for `idleMs` of wall-clock time stops holding it back until its
 * next record (Flink's withIdleness); while every partition is idle the watermark stays.
 */
export class PartitionWatermarks {
  private readonly maxTs = new Map<number, number>();
  private readonly lastSeen = new Map<number, number>();
  private readonly idle = new Set<number>();
  /** The combined watermark: never goes back. */
  current = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly delayMs: number,
    private readonly idleMs: number | null,
  ) {}

  /** Partitions read from `now` on, with the largest time a checkpoint remembers of each. */
  assign(partitions: readonly number[], now: number, maxTs?: ReadonlyMap<number, number>): void {
    for (const p of partitions) {
      this.maxTs.set(p, maxTs?.get(p) ?? Number.NEGATIVE_INFINITY);
      this.lastSeen.set(p, now);
    }
  }

  largest(partition: number): number {
    return this.maxTs.get(partition) ?? Number.NEGATIVE_INFINITY;
  }

  /** A record of `partition` at `ts` was read at `now`: the watermark after it. */
  onRecord(partition: number, ts: number, now: number): number {
    this.lastSeen.set(partition, now);
    const wasIdle = this.idle.delete(partition);
    const before = this.maxTs.get(partition) ?? Number.NEGATIVE_INFINITY;
    if (ts > before) this.maxTs.set(partition, ts);
    // Only a rise of a partition's own watermark, or its return from idleness, can move the min.
    if (ts > before || wasIdle) this.recompute();
    return this.current;
  }

  /** Marks partitions idle whose last record is `idleMs` old; the watermark after that. */
  tick(now: number): number {
    if (this.idleMs === null) return this.current;
    let changed = false;
    for (const [p, seen] of this.lastSeen)
      if (!this.idle.has(p) && now - seen >= this.idleMs) {
        this.idle.add(p);
        changed = true;
      }
    if (changed) this.recompute();
    return this.current;
  }

  private recompute(): void {
    let min = Number.POSITIVE_INFINITY;
    for (const [p, ts] of this.maxTs) if (!this.idle.has(p) && ts < min) min = ts;
    // Every partition idle: the watermark stays where it is.
    if (min === Number.POSITIVE_INFINITY) return;
    const wm = min - this.delayMs - 1;
    if (wm > this.current) this.current = wm;
  }
}
