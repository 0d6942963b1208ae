import { describe, expect, it } from 'vitest';
import {
  aboveOnce,
  byTruck,
  episodesOf,
  firstWarnings,
  fixedDedupe,
  judgeExcursions,
  judgeLate,
  legsOf,
  type Reading,
} from './measure.js';

const MIN = 60_000;

/** Readings of one truck every 10 s from `start`, with these excesses and labels. */
function truck(vehicleId: string, excess: number[], labelled: boolean[], start = 0): Reading[] {
  return excess.map((excessC, i) => ({
    vehicleId,
    legId: `${vehicleId}/1`,
    status: 'driving',
    ts: start + i * 10_000,
    excessC,
    doorOpen: false,
    speedKmh: 80,
    remainingKm: 10,
    scheduledDeparture: 0,
    scheduledArrival: 60 * MIN,
    excursion: labelled[i]!,
  }));
}

describe('excursion judging', () => {
  // Two failures with one normal reading between them: two episodes.
  const excess = [0, 3, 4, 5, 6, 0.5, 3, 4, 5, 0];
  const labels = [false, true, true, true, true, false, true, true, true, false];
  const trucks = byTruck(truck('t1', excess, labels));
  const { episodes, episodeOf } = episodesOf(trucks);

  it('makes a second failure after a normal reading a second episode', () => {
    expect(episodes.map((e) => [e.start, e.end])).toEqual([
      [10_000, 40_000],
      [60_000, 80_000],
    ]);
  });

  it('counts the first alert of an episode as right, repeats and stray alerts as noise', () => {
    const m = judgeExcursions(
      [
        { vehicleId: 't1', readingTs: 30_000 },
        { vehicleId: 't1', readingTs: 40_000 }, // repeat on the first episode
        { vehicleId: 't1', readingTs: 90_000 }, // no episode
      ],
      episodes,
      episodeOf,
      Infinity,
    );
    expect(m).toMatchObject({ precision: 0.333, recall: 0.5, repeats: 1, falseAlarms: 1 });
    expect(m.detectionDelayP50Sec).toBe(20);
  });

  it('leaves out of recall the episodes begun too late to be judged', () => {
    const m = judgeExcursions([], episodes, episodeOf, 50_000);
    expect(m.episodes).toBe(1);
  });

  it('baselines: each crossing alerts; a fixed dedupe swallows the second failure', () => {
    expect(aboveOnce(trucks).map((a) => a.readingTs)).toEqual([10_000, 60_000]);
    expect(fixedDedupe(trucks).map((a) => a.readingTs)).toEqual([30_000]);
  });
});

describe('late judging at arrival', () => {
  const reading = (legId: string, status: string, ts: number, remainingKm: number): Reading => ({
    vehicleId: legId.split('/')[0]!,
    legId,
    status,
    ts,
    excessC: 0,
    doorOpen: false,
    speedKmh: 60,
    remainingKm,
    scheduledDeparture: 0,
    scheduledArrival: 30 * MIN,
    excursion: false,
  });
  const readings = [
    reading('a/1', 'driving', 10 * MIN, 30),
    reading('a/1', 'arrived', 50 * MIN, 0), // 20 min late
    reading('b/1', 'driving', 10 * MIN, 20),
    reading('b/1', 'arrived', 40 * MIN, 0), // 10 min late: on time
    reading('c/1', 'driving', 20 * MIN, 5), // still on the road
  ];
  const legs = legsOf(readings, 15 * MIN);

  it('judges the legs that arrived, late when over 15 min behind', () => {
    expect([...legs.values()].map((l) => [l.legId, l.late])).toEqual([
      ['a/1', true],
      ['b/1', false],
    ]);
  });

  it('counts a warning for its leg only before the arrival; lead time to the arrival', () => {
    const m = judgeLate(
      [
        { legId: 'a/1', readingTs: 10 * MIN },
        { legId: 'b/1', readingTs: 45 * MIN }, // after b arrived: not a warning for it
        { legId: 'c/1', readingTs: 20 * MIN }, // pending
      ],
      legs,
    );
    expect(m).toMatchObject({
      precision: 1,
      recall: 1,
      warnedLegs: 1,
      pendingWarnings: 1,
      leadTimeP50Sec: 40 * 60,
      recallAhead10Min: 1,
    });
  });

  it('baseline warnings: the first report of each leg meeting the rule, never the arrival', () => {
    const first = firstWarnings(readings, (r) => r.remainingKm >= 0);
    expect(first).toEqual([
      { legId: 'a/1', readingTs: 10 * MIN },
      { legId: 'b/1', readingTs: 10 * MIN },
      { legId: 'c/1', readingTs: 20 * MIN },
    ]);
    expect(judgeLate(first, legs)).toMatchObject({ precision: 0.5, recall: 1 });
  });
});
