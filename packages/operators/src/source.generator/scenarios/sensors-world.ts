import { Rng } from '../rng.js';
import { haversineKm } from './geo.js';
import { WORLD_STREAM } from './types.js';

export interface SensorsOptions {
  vehicles: number;
  routes: number;
}

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

/** Dispatch plans every leg at this average speed, plus a buffer. */
export const PLAN_KMH = 75;
export const PLAN_BUFFER_MS = 5 * 60_000;
/** Planned time at a drop between an arrival (or the slot, when early) and the next departure. */
export const PLANNED_DWELL_MS = 20 * 60_000;

/** Drops (supermarkets, pharmacies) along a route lie this far apart: legs of 20 to 60 km. */
const MIN_LEG_KM = 20;
const SPAN_LEG_KM = 40;

export interface Route {
  routeId: string;
  cities: string[];
  /** Waypoints [lat, lon], the cities and jittered points between them. */
  waypoints: [number, number][];
  /** Cumulative km at each waypoint. */
  km: number[];
  lengthKm: number;
  /** The drops along the route, km from its start, the first 0 and the last `lengthKm`. */
  stopsKm: number[];
}

export interface SensorsWorld {
  routes: Route[];
  vehicleIds: string[];
  vehicleRoute: Int32Array;
  /** The speed each truck drives at on a free road (hidden: its driver's habit). */
  cruiseKmh: Float64Array;
  /** The fleet's estimate of that speed from past trips, to the km/h (public). */
  typicalKmh: Float64Array;
  setpointC: Float64Array;
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
  const lengthKm = km[km.length - 1]!;
  const stopsKm = [0];
  for (;;) {
    const next = stopsKm[stopsKm.length - 1]! + MIN_LEG_KM + rng.float() * SPAN_LEG_KM;
    if (next > lengthKm - MIN_LEG_KM) break;
    stopsKm.push(next);
  }
  stopsKm.push(lengthKm);
  return {
    routeId: `r${index}`,
    cities: order.map((ci) => CITIES[ci]!.name),
    waypoints,
    km,
    lengthKm,
    stopsKm,
  };
}

export function buildSensorsWorld(options: SensorsOptions, seed: number): SensorsWorld {
  const rng = new Rng(seed, WORLD_STREAM);
  const routes = Array.from({ length: options.routes }, (_, i) => buildRoute(rng, i));
  const n = options.vehicles;
  const vehicleRoute = new Int32Array(n);
  const cruiseKmh = new Float64Array(n);
  const typicalKmh = new Float64Array(n);
  const setpointC = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    vehicleRoute[v] = v < routes.length ? v : rng.int(routes.length);
    cruiseKmh[v] = 68 + rng.float() * 22;
    setpointC[v] = rng.float() < 0.6 ? 4 : -18;
    typicalKmh[v] = Math.round(cruiseKmh[v]! + 2 * rng.normal());
  }
  return {
    routes,
    vehicleIds: Array.from({ length: n }, (_, v) => `truck${v}`),
    vehicleRoute,
    cruiseKmh,
    typicalKmh,
    setpointC,
  };
}

export interface SensorsTruth {
  routes: Route[];
  /** Dispatch's planning rule (public): legs at `planKmh` plus `bufferMs`, `dwellMs` at a drop. */
  timetable: { planKmh: number; bufferMs: number; dwellMs: number };
  vehicles: {
    vehicleId: string;
    routeId: string;
    /** Public: the fleet's configuration and its estimate of the truck's road speed. */
    setpointC: number;
    typicalKmh: number;
    /** Hidden: the speed the truck really keeps on a free road. */
    cruiseKmh: number;
  }[];
}

/**
 * The routes and trucks behind `sensors(options, seed)`. Whether a leg ends late is not here:
 * it depends on the jams and loading problems met on the way, and shows at its arrival.
 */
export function sensorsTruth(options: SensorsOptions, seed: number): SensorsTruth {
  const w = buildSensorsWorld(options, seed);
  return {
    routes: w.routes,
    timetable: { planKmh: PLAN_KMH, bufferMs: PLAN_BUFFER_MS, dwellMs: PLANNED_DWELL_MS },
    vehicles: w.vehicleIds.map((vehicleId, v) => ({
      vehicleId,
      routeId: w.routes[w.vehicleRoute[v]!]!.routeId,
      setpointC: w.setpointC[v]!,
      typicalKmh: w.typicalKmh[v]!,
      cruiseKmh: Math.round(w.cruiseKmh[v]! * 10) / 10,
    })),
  };
}
