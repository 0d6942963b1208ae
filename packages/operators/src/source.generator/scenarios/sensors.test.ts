import { describe, expect, it } from 'vitest';
import type { SensorEvent, SensorsOptions } from './sensors.js';
import { SCENARIO_FIELDS, SCENARIO_TRUTH_FIELDS } from './definitions.js';
import { PLAN_KMH, sensors, sensorsTruth } from './sensors.js';

const SENSOR_FIELDS = SCENARIO_FIELDS.sensors;
const SENSOR_TRUTH_FIELDS = SCENARIO_TRUTH_FIELDS.sensors;

const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 1 };
const options: SensorsOptions = { vehicles: 50, routes: 10 };
const LATE_MS = 15 * 60_000;

function events(n: number, opts = options, at = clock, seed = 1): SensorEvent[] {
  const stream = sensors(opts, seed, at);
  return Array.from({ length: n }, () => stream.next() as SensorEvent);
}

describe('sensors', () => {
  // 200,000 events at 10 per second: 5.5 hours of event time, 5 s between a truck's reports.
  const sample = events(200_000, options, { ...clock, meanGapMs: 100 });
  const truth = sensorsTruth(options, 1);
  const vehicles = new Map(truth.vehicles.map((v) => [v.vehicleId, v]));
  const excess = (e: SensorEvent) => e.temperatureC - vehicles.get(e.vehicleId)!.setpointC;
  const arrivals = sample.filter((e) => e.status === 'arrived');

  it('gives every event the documented fields, on the map of western Europe', () => {
    const problems: string[] = [];
    let last = -Infinity;
    for (const e of sample) {
      const ok =
        Object.keys(e).join() === SENSOR_FIELDS.join() &&
        vehicles.get(e.vehicleId)?.routeId === e.routeId &&
        e.legId.startsWith(`${e.vehicleId}/`) &&
        ['driving', 'arrived', 'atStop'].includes(e.status) &&
        e.lat > 45 &&
        e.lat < 54 &&
        e.lon > 2 &&
        e.lon < 14 &&
        e.speedKmh >= 0 &&
        e.speedKmh <= 110 &&
        (e.status === 'driving') === e.speedKmh > 0 &&
        (e.status !== 'driving' || !e.doorOpen) &&
        typeof e.excursion === 'boolean' &&
        e.remainingKm >= 0 &&
        (e.status === 'arrived') === (e.remainingKm === 0) &&
        Number.isInteger(e.scheduledDeparture) &&
        e.scheduledArrival > e.scheduledDeparture &&
        Number.isInteger(e.ts) &&
        e.ts >= last;
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
    }
    expect(problems.slice(0, 3)).toEqual([]);
    expect(new Set(sample.map((e) => e.routeId)).size).toBe(10);
    expect(SENSOR_TRUTH_FIELDS).toEqual(['excursion']);
  });

  it('moves trucks plausibly: successive positions fit their speed', () => {
    const last = new Map<string, SensorEvent>();
    let checked = 0;
    for (const e of sample) {
      const before = last.get(e.vehicleId);
      if (before === undefined) last.set(e.vehicleId, e);
      else if (e.ts - before.ts >= 60_000) {
        const dLat = (e.lat - before.lat) * 111;
        const dLon = (e.lon - before.lon) * 111 * Math.cos((e.lat * Math.PI) / 180);
        const km = Math.hypot(dLat, dLon);
        // At most 110 km/h, with room for polyline corners and rounding.
        expect(km / ((e.ts - before.ts) / 3_600_000)).toBeLessThan(160);
        checked++;
        last.set(e.vehicleId, e);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('arrives once per leg, in order, on a timetable some legs miss by over 15 minutes', () => {
    const legs = new Set(arrivals.map((e) => e.legId));
    expect(legs.size).toBe(arrivals.length);
    expect(arrivals.length).toBeGreaterThan(200);
    // After its arrival, a leg is never reported again: the next reports belong to the next leg.
    const arrivedAt = new Map(arrivals.map((e) => [e.legId, e.ts]));
    expect(sample.filter((e) => e.ts > (arrivedAt.get(e.legId) ?? Infinity))).toEqual([]);
    const lateness = arrivals.map((e) => e.ts - e.scheduledArrival);
    const late = lateness.filter((ms) => ms > LATE_MS).length / lateness.length;
    expect(late).toBeGreaterThan(0.08);
    expect(late).toBeLessThan(0.3);
    // Most legs arrive within a few minutes of their slot, some early.
    expect(lateness.filter((ms) => ms < 0).length / lateness.length).toBeGreaterThan(0.3);
  });

  it('makes lateness hard to call before arrival: legs behind the timetable that recover', () => {
    // Behind the timetable by over 10 minutes at some report, at the planning speed.
    const behind = new Set(
      sample
        .filter(
          (e) =>
            e.status !== 'arrived' &&
            Math.max(e.ts, e.scheduledDeparture) +
              (e.remainingKm / PLAN_KMH) * 3_600_000 -
              e.scheduledArrival >
              10 * 60_000,
        )
        .map((e) => e.legId),
    );
    const onTime = arrivals.filter((e) => e.ts - e.scheduledArrival <= LATE_MS);
    const recovered = onTime.filter((e) => behind.has(e.legId)).length;
    expect(recovered).toBeGreaterThan(20);
    // Jams: trucks crawl under 30 km/h on the road for minutes at a time.
    const crawling = sample.filter((e) => e.status === 'driving' && e.speedKmh < 30).length;
    expect(crawling / sample.length).toBeGreaterThan(0.02);
  });

  it('keeps temperatures near the set point, except during excursions and with the doors open', () => {
    expect(events(100_000).some((e) => e.excursion)).toBe(true); // even 100 s at 1000/s
    const excursions = sample.filter((e) => e.excursion);
    expect(excursions.length).toBeGreaterThan(0);
    const normal = sample.filter((e) => !e.excursion && !e.doorOpen);
    const off = normal.filter((e) => Math.abs(excess(e)) > 3).length;
    expect(off / normal.length).toBeLessThan(0.01);
    // Excursions warm up towards set point + 10 °C.
    const warm = excursions.filter((e) => excess(e) > 2).length;
    expect(warm / excursions.length).toBeGreaterThan(0.3);
    // Look-alikes: open doors warm the air above set point + 2 °C with the cooling working.
    const doors = sample.filter((e) => e.doorOpen && !e.excursion);
    expect(doors.filter((e) => excess(e) > 2).length / doors.length).toBeGreaterThan(0.1);
    expect(doors.every((e) => excess(e) < 5)).toBe(true);
  });

  it('lets a cooling unit fail again soon after it recovered: a second episode', () => {
    const episodes = new Map<string, { start: number; end: number }[]>();
    const inside = new Map<string, boolean>();
    for (const e of sample) {
      const list = episodes.get(e.vehicleId) ?? [];
      episodes.set(e.vehicleId, list);
      if (e.excursion && !inside.get(e.vehicleId)) list.push({ start: e.ts, end: e.ts });
      if (e.excursion) list[list.length - 1]!.end = e.ts;
      inside.set(e.vehicleId, e.excursion);
    }
    let all = 0;
    let soon = 0;
    for (const list of episodes.values()) {
      all += list.length;
      for (let i = 1; i < list.length; i++)
        if (list[i]!.start - list[i - 1]!.end < 10 * 60_000) soon++;
    }
    expect(all).toBeGreaterThan(500);
    expect(soon / all).toBeGreaterThan(0.15);
  });

  it('is deterministic from the seed', () => {
    expect(sensorsTruth(options, 9)).toEqual(sensorsTruth(options, 9));
    expect(events(2000, options, clock, 9)).toEqual(events(2000, options, clock, 9));
    expect(events(2000, options, clock, 9)).not.toEqual(events(2000, options, clock, 8));
    expect(truth.routes.every((r) => r.cities.length >= 2 && r.lengthKm > 30)).toBe(true);
    expect(truth.routes.every((r) => r.stopsKm.length >= 2)).toBe(true);
  });
});
