import { describe, expect, it } from 'vitest';
import type { SensorEvent, SensorsOptions } from './sensors.js';
import { sensors, sensorsTruth } from './sensors.js';

const clock = { startTime: Date.UTC(2026, 0, 1), meanGapMs: 1 };
const options: SensorsOptions = { vehicles: 50, routes: 10 };

function events(n: number, opts = options, at = clock): SensorEvent[] {
  const stream = sensors(opts, 1, at);
  return Array.from({ length: n }, () => stream.next() as SensorEvent);
}

describe('sensors', () => {
  // 200,000 events at 10 per second: 5.5 hours of event time, 5 s between a truck's reports.
  const sample = events(200_000, options, { ...clock, meanGapMs: 100 });
  const truth = sensorsTruth(options, 1);
  const vehicles = new Map(truth.vehicles.map((v) => [v.vehicleId, v]));

  it('gives every event the documented fields, on the map of western Europe', () => {
    const problems: string[] = [];
    const keys = 'vehicleId,routeId,lat,lon,speedKmh,temperatureC,excursion,delaySec,eta,ts';
    let last = -Infinity;
    for (const e of sample) {
      const ok =
        Object.keys(e).join() === keys &&
        vehicles.get(e.vehicleId)?.routeId === e.routeId &&
        e.lat > 45 &&
        e.lat < 54 &&
        e.lon > 2 &&
        e.lon < 14 &&
        e.speedKmh >= 0 &&
        e.speedKmh <= 110 &&
        typeof e.excursion === 'boolean' &&
        Number.isInteger(e.delaySec) &&
        Number.isInteger(e.eta) &&
        e.eta >= e.ts &&
        Number.isInteger(e.ts) &&
        e.ts >= last;
      if (!ok) problems.push(JSON.stringify(e));
      last = e.ts;
    }
    expect(problems.slice(0, 3)).toEqual([]);
    expect(new Set(sample.map((e) => e.routeId)).size).toBe(10);
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

  it('keeps temperatures near the set point, except during labelled excursions', () => {
    expect(events(100_000).some((e) => e.excursion)).toBe(true); // even 100 s at 1000/s
    const excursions = sample.filter((e) => e.excursion);
    expect(excursions.length).toBeGreaterThan(0);
    const normal = sample.filter((e) => !e.excursion);
    const off = normal.filter(
      (e) => Math.abs(e.temperatureC - vehicles.get(e.vehicleId)!.setpointC) > 3,
    ).length;
    expect(off / normal.length).toBeLessThan(0.01);
    // Excursions warm up towards set point + 10 °C.
    const warm = excursions.filter(
      (e) => e.temperatureC - vehicles.get(e.vehicleId)!.setpointC > 2,
    ).length;
    expect(warm / excursions.length).toBeGreaterThan(0.3);
  });

  it('lets the late trucks (hidden) drift behind schedule', () => {
    const delay = (late: boolean) => {
      const list = sample.filter((e) => vehicles.get(e.vehicleId)!.late === late);
      return list.reduce((a, e) => a + e.delaySec, 0) / list.length;
    };
    expect(truth.vehicles.some((v) => v.late)).toBe(true);
    expect(delay(true)).toBeGreaterThan(delay(false) + 300);
  });

  it('rebuilds the same hidden truth from the seed', () => {
    expect(sensorsTruth(options, 9)).toEqual(sensorsTruth(options, 9));
    expect(truth.routes.every((r) => r.cities.length >= 2 && r.lengthKm > 50)).toBe(true);
  });
});
