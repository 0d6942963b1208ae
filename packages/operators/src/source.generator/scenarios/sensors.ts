import { Rng } from '../rng.js';
import { haversineKm } from './geo.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM, WORLD_STREAM } from './types.js';

export interface SensorsOptions {
  vehicles: number;
  routes: number;
}

export interface SensorEvent extends TimedRecord {
  vehicleId: string;
  routeId: string;
  lat: number;
  lon: number;
  speedKmh: number;
  temperatureC: number;
  /** True while the truck's cooling has failed (the ground truth, not a threshold). */
  excursion: boolean;
  /** Behind schedule in seconds (negative: early). */
  delaySec: number;
  /** Estimated arrival at the end of the current leg, ms since the epoch. */
  eta: number;
  /** Measurement time, ms. */
  ts: number;
}

/** The fields of every SensorEvent, in order (tested): the canvas offers them before a run. */
export const SENSOR_FIELDS: readonly string[] = [
  'vehicleId',
  'routeId',
  'lat',
  'lon',
  'speedKmh',
  'temperatureC',
  'excursion',
  'delaySec',
  'eta',
  'ts',
];

const CITIES: readonly { name: string; lat: number; lon: number }[] = [
  { name: 'Amsterdam', lat: 52.37, lon: 4.9 },
  { name: 'Rotterdam', lat: 51.92, lon: 4.48 },
  { name: 'Antwerp', lat: 51.22, lon: 4.4 },
  { name: 'Brussels', lat: 50.85, lon: 4.35 },
  { name: 'Lille', lat: 50.63, lon: 3.06 },
  { name: 'Paris', lat: 48.86, lon: 2.35 },
  { name: 'Lyon', lat: 45.76, lon: 4.84 },
  { name: 'Strasbourg', lat: 48.57, lon: 7.75 },
  { name: 'Cologne', lat: 50.94, lon: 6.96 },
  { name: 'Frankfurt', lat: 50.11, lon: 8.68 },
  { name: 'Hamburg', lat: 53.55, lon: 9.99 },
  { name: 'Berlin', lat: 52.52, lon: 13.4 },
  { name: 'Munich', lat: 48.14, lon: 11.58 },
  { name: 'Zurich', lat: 47.38, lon: 8.54 },
  { name: 'Milan', lat: 45.46, lon: 9.19 },
];

const SPEED_SD = 8;
const SPEED_REVERT_PER_S = 1 / 120;
const TEMP_SD = 0.4;
const TEMP_REVERT_PER_S = 1 / 300;
/** A working unit pulls the temperature back faster than a failed one lets it drift. */
const COOL_DOWN_PER_S = 1 / 90;
const EXCURSION_END_C = 1.5;
/** A failed cooling unit pulls the temperature this far above its set point. */
const EXCURSION_RISE_C = 10;
/** Far more often than real reefers fail: so that a short demo run shows a few. */
const MEAN_BETWEEN_EXCURSIONS_S = 20 * 60;
const MEAN_EXCURSION_S = 6 * 60;
const SHARE_LATE = 0.25;

export interface Route {
  routeId: string;
  cities: string[];
  /** Waypoints [lat, lon], the cities and jittered points between them. */
  waypoints: [number, number][];
  /** Cumulative km at each waypoint. */
  km: number[];
  lengthKm: number;
}

export interface SensorsWorld {
  routes: Route[];
  vehicleIds: string[];
  vehicleRoute: Int32Array;
  cruiseKmh: Float64Array;
  setpointC: Float64Array;
  /** Seconds of delay gained per second driven (the late trucks' drift is well above 0). */
  delayDrift: Float64Array;
}

function buildRoute(rng: Rng, index: number): Route {
  const stops = 2 + rng.int(3);
  const order: number[] = [rng.int(CITIES.length)];
  while (order.length < stops) {
    const last = CITIES[order[order.length - 1]!]!;
    // The next city is one of the four nearest not yet on the route.
    const near = CITIES.map((c, i) => ({ i, d: haversineKm(last.lat, last.lon, c.lat, c.lon) }))
      .filter((c) => !order.includes(c.i))
      .sort((a, b) => a.d - b.d)
      .slice(0, 4);
    order.push(near[rng.int(near.length)]!.i);
  }
  const waypoints: [number, number][] = [];
  order.forEach((ci, k) => {
    const city = CITIES[ci]!;
    if (k > 0) {
      const prev = CITIES[order[k - 1]!]!;
      for (const f of [1 / 3, 2 / 3]) {
        const jitter = (rng.float() - 0.5) * 0.3;
        const lat = prev.lat + (city.lat - prev.lat) * f - (city.lon - prev.lon) * jitter;
        const lon = prev.lon + (city.lon - prev.lon) * f + (city.lat - prev.lat) * jitter;
        waypoints.push([lat, lon]);
      }
    }
    waypoints.push([city.lat, city.lon]);
  });
  const km = [0];
  for (let k = 1; k < waypoints.length; k++) {
    const [a1, o1] = waypoints[k - 1]!;
    const [a2, o2] = waypoints[k]!;
    km.push(km[k - 1]! + haversineKm(a1, o1, a2, o2));
  }
  return {
    routeId: `r${index}`,
    cities: order.map((ci) => CITIES[ci]!.name),
    waypoints,
    km,
    lengthKm: km[km.length - 1]!,
  };
}

export function buildSensorsWorld(options: SensorsOptions, seed: number): SensorsWorld {
  const rng = new Rng(seed, WORLD_STREAM);
  const routes = Array.from({ length: options.routes }, (_, i) => buildRoute(rng, i));
  const n = options.vehicles;
  const vehicleRoute = new Int32Array(n);
  const cruiseKmh = new Float64Array(n);
  const setpointC = new Float64Array(n);
  const delayDrift = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    vehicleRoute[v] = v < routes.length ? v : rng.int(routes.length);
    cruiseKmh[v] = 70 + rng.float() * 20;
    setpointC[v] = rng.float() < 0.6 ? 4 : -18;
    delayDrift[v] =
      rng.float() < SHARE_LATE ? 0.05 + rng.float() * 0.15 : (rng.float() - 0.5) * 0.02;
  }
  return {
    routes,
    vehicleIds: Array.from({ length: n }, (_, v) => `truck${v}`),
    vehicleRoute,
    cruiseKmh,
    setpointC,
    delayDrift,
  };
}

export interface SensorsTruth {
  routes: Route[];
  vehicles: {
    vehicleId: string;
    routeId: string;
    setpointC: number;
    late: boolean;
    driftSecPerHour: number;
  }[];
}

/** The routes, and which trucks run late (and how fast they drift) behind `sensors(options, seed)`. */
export function sensorsTruth(options: SensorsOptions, seed: number): SensorsTruth {
  const w = buildSensorsWorld(options, seed);
  return {
    routes: w.routes,
    vehicles: w.vehicleIds.map((vehicleId, v) => ({
      vehicleId,
      routeId: w.routes[w.vehicleRoute[v]!]!.routeId,
      setpointC: w.setpointC[v]!,
      late: w.delayDrift[v]! >= 0.05,
      driftSecPerHour: Math.round(w.delayDrift[v]! * 3600),
    })),
  };
}

const round = (x: number, scale: number): number => Math.round(x * scale) / scale;

/**
 * Cold-chain trucks driving back and forth along their routes. Each event is one truck's
 * report at the scenario clock's time (a random truck each time); since its previous report,
 * its speed and temperature have moved as mean-reverting random walks (exact
 * Ornstein–Uhlenbeck steps over the elapsed time), its position along the route by its speed,
 * its schedule delay by its drift plus noise. Cooling failures (excursions) start at random
 * and last a few minutes; events during one carry `excursion: true`.
 */
export function sensors(options: SensorsOptions, seed: number, clock: Clock): ScenarioStream {
  const w = buildSensorsWorld(options, seed);
  const rng = new Rng(seed, EVENT_STREAM);
  const { routes, vehicleIds, vehicleRoute, cruiseKmh, setpointC, delayDrift } = w;
  const n = vehicleIds.length;
  const pos = new Float64Array(n);
  const dir = new Int8Array(n);
  const speed = new Float64Array(n);
  const temp = new Float64Array(n);
  const delay = new Float64Array(n);
  const failedUntil = new Float64Array(n);
  const inExcursion = new Uint8Array(n);
  const last = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = rng.float() * routes[vehicleRoute[v]!]!.lengthKm;
    dir[v] = rng.float() < 0.5 ? 1 : -1;
    speed[v] = cruiseKmh[v]!;
    temp[v] = setpointC[v]! + rng.normal() * TEMP_SD;
    delay[v] = rng.normal() * 120;
    last[v] = clock.startTime;
  }
  let t = clock.startTime;

  return {
    next(): SensorEvent {
      const v = rng.int(n);
      const dt = (t - last[v]!) / 1000;
      last[v] = t;
      const route = routes[vehicleRoute[v]!]!;

      const sa = Math.exp(-SPEED_REVERT_PER_S * dt);
      let s = cruiseKmh[v]! + (speed[v]! - cruiseKmh[v]!) * sa;
      s += SPEED_SD * Math.sqrt(1 - sa * sa) * rng.normal();
      s = s < 0 ? 0 : s > 110 ? 110 : s;
      speed[v] = s;

      let p = pos[v]! + (dir[v]! * s * dt) / 3600;
      if (p >= route.lengthKm || p <= 0) {
        // End of the leg: turn round, and the new leg starts closer to its timetable.
        p = p <= 0 ? -p : 2 * route.lengthKm - p;
        p = Math.min(Math.max(p, 0), route.lengthKm);
        dir[v] = -dir[v]! as 1 | -1;
        delay[v]! *= 0.3;
      }
      pos[v] = p;

      // An excursion: the cooling fails for a few minutes, and the episode lasts until the
      // temperature is back within EXCURSION_END_C of the set point.
      if (inExcursion[v] === 0 && rng.float() < 1 - Math.exp(-dt / MEAN_BETWEEN_EXCURSIONS_S)) {
        failedUntil[v] = t + 1000 * (120 + rng.exp(MEAN_EXCURSION_S));
        inExcursion[v] = 1;
      }
      const cooling = failedUntil[v]! <= t;
      const target = setpointC[v]! + (cooling ? 0 : EXCURSION_RISE_C);
      const ta = Math.exp(-(cooling ? COOL_DOWN_PER_S : TEMP_REVERT_PER_S) * dt);
      temp[v] = target + (temp[v]! - target) * ta + TEMP_SD * Math.sqrt(1 - ta * ta) * rng.normal();
      if (cooling && inExcursion[v] === 1 && temp[v]! - setpointC[v]! < EXCURSION_END_C) {
        inExcursion[v] = 0;
      }
      const excursion = inExcursion[v] === 1;

      delay[v] = Math.max(-600, delay[v]! + delayDrift[v]! * dt + 2 * Math.sqrt(dt) * rng.normal());

      // Locate the position on the polyline (routes have a handful of waypoints).
      const km = route.km;
      let k = 1;
      while (k < km.length - 1 && km[k]! < p) k++;
      const [lat1, lon1] = route.waypoints[k - 1]!;
      const [lat2, lon2] = route.waypoints[k]!;
      const span = km[k]! - km[k - 1]!;
      const f = span > 0 ? (p - km[k - 1]!) / span : 0;
      const remainingKm = dir[v] === 1 ? route.lengthKm - p : p;

      const ts = Math.floor(t);
      const record: SensorEvent = {
        vehicleId: vehicleIds[v]!,
        routeId: route.routeId,
        lat: round(lat1 + (lat2 - lat1) * f, 1e5),
        lon: round(lon1 + (lon2 - lon1) * f, 1e5),
        speedKmh: round(s, 10),
        temperatureC: round(temp[v]!, 10),
        excursion,
        delaySec: Math.round(delay[v]!),
        eta: ts + Math.round((remainingKm / cruiseKmh[v]!) * 3_600_000),
        ts,
      };
      t += rng.exp(clock.meanGapMs);
      return record;
    },
  };
}
