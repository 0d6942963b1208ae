import { Rng } from '../rng.js';
import {
  buildSensorsWorld,
  PLAN_BUFFER_MS,
  PLAN_KMH,
  PLANNED_DWELL_MS,
  type SensorsOptions,
} from './sensors-world.js';
import type { Clock, ScenarioStream, TimedRecord } from './types.js';
import { EVENT_STREAM } from './types.js';

export {
  buildSensorsWorld,
  PLAN_BUFFER_MS,
  PLAN_KMH,
  PLANNED_DWELL_MS,
  sensorsTruth,
} from './sensors-world.js';
export type { Route, SensorsOptions, SensorsTruth, SensorsWorld } from './sensors-world.js';

export type TruckStatus = 'driving' | 'arrived' | 'atStop';

export interface SensorEvent extends TimedRecord {
  vehicleId: string;
  routeId: string;
  /** The leg driven (or, at a stop, the next one): `truck7/3` is truck7's third leg. */
  legId: string;
  /** `arrived` on the first report at the leg's drop (the arrival), `atStop` while there after. */
  status: TruckStatus;
  lat: number;
  lon: number;
  speedKmh: number;
  temperatureC: number;
  /** The cargo doors are open (the reefer unit's door sensor): at drops, for a few minutes. */
  doorOpen: boolean;
  /** Road km to the leg's drop (0 on arrival; the whole next leg at a stop). */
  remainingKm: number;
  /** The leg's timetable, ms since the epoch: what dispatch planned and the customer was told. */
  scheduledDeparture: number;
  scheduledArrival: number;
  /** True while the truck's cooling has failed (the ground truth, not a threshold). */
  excursion: boolean;
  /** Measurement time, ms. */
  ts: number;
}

const SPEED_SD = 8;
const SPEED_REVERT_PER_S = 1 / 60;
const MIN_DWELL_S = 12 * 60;
const MEAN_EXTRA_DWELL_S = 5 * 60;
/** A share of stops have a loading problem (a missing pallet, a queue at the dock). */
const LOADING_PROBLEM_SHARE = 0.12;
const MEAN_LOADING_PROBLEM_S = 25 * 60;
/** Slowdowns (jams, roadworks): mean driving time between two, how long they last, how slow. */
const MEAN_BETWEEN_JAMS_S = 45 * 60;
const MIN_JAM_S = 3 * 60;
const MEAN_JAM_S = 15 * 60;
const MIN_JAM_KMH = 8;
const SPAN_JAM_KMH = 22;
/** A driver who knows he is over 5 minutes behind drives this much faster (up to 95 km/h). */
const CATCH_UP_KMH = 7;
const CATCH_UP_AFTER_MS = 5 * 60_000;
const MAX_CATCH_UP_KMH = 95;

const TEMP_SD = 0.4;
const TEMP_REVERT_PER_S = 1 / 300;
/** A working unit pulls the temperature back faster than a failed one lets it drift. */
const COOL_DOWN_PER_S = 1 / 90;
/** With the doors open at a drop, the air warms quickly towards set point + 1 to 3 °C. */
const DOOR_REVERT_PER_S = 1 / 120;
const MIN_DOOR_RISE_C = 1;
const SPAN_DOOR_RISE_C = 2;
const MIN_DOOR_S = 4 * 60;
const MEAN_DOOR_S = 6 * 60;
const EXCURSION_END_C = 1.5;
/** A failed cooling unit pulls the temperature this far above its set point. */
const EXCURSION_RISE_C = 10;
/** Far more often than real reefers fail: so that a short demo run shows a few. */
const MEAN_BETWEEN_EXCURSIONS_S = 20 * 60;
/** A unit's controller restarts a stalled compressor only after a few minutes. */
const MIN_EXCURSION_S = 180;
const MEAN_EXCURSION_S = 6 * 60;
/** A unit that failed often fails again soon after it recovered (a worn compressor). */
const RELAPSE_SHARE = 0.35;
const MIN_RELAPSE_S = 60;
const MEAN_RELAPSE_S = 4 * 60;

const round = (x: number, scale: number): number => Math.round(x * scale) / scale;

/**
 * Cold-chain trucks doing their rounds: each drives its route's drops one after the other
 * (and back), on a timetable planned at 75 km/h plus 5 minutes a leg and 20 minutes at each
 * drop. Each event is one truck's report at the scenario clock's time (a random truck each
 * time). Hidden from the records: each truck's own road speed, the jams that slow it for a
 * few minutes to an hour, and the loading problems that keep it at a drop; whether a leg is
 * late shows only when it arrives (the `arrived` report). The timetable is re-planned at a
 * late arrival, so lateness does not carry over from leg to leg; a driver over 5 minutes
 * behind drives a little faster, so some legs that look late recover.
 *
 * Temperatures follow mean-reverting random walks (exact Ornstein–Uhlenbeck steps over the
 * elapsed time). At a drop the doors open and the air warms by 1 to 3 °C with the cooling
 * working (not an excursion). Cooling failures (excursions) start at random, last a few
 * minutes, and a third of them come back a few minutes after the temperature recovered: a
 * second episode; readings during one carry `excursion: true`.
 */
export function sensors(options: SensorsOptions, seed: number, clock: Clock): ScenarioStream {
  const w = buildSensorsWorld(options, seed);
  const rng = new Rng(seed, EVENT_STREAM);
  const { routes, vehicleIds, vehicleRoute, cruiseKmh, setpointC } = w;
  const n = vehicleIds.length;
  const pos = new Float64Array(n);
  const dir = new Int8Array(n);
  /** Index of the drop the truck is at, or drives to. */
  const stop = new Int32Array(n);
  const atStop = new Uint8Array(n);
  const departAt = new Float64Array(n);
  const scheduledDeparture = new Float64Array(n);
  const scheduledArrival = new Float64Array(n);
  const leg = new Int32Array(n);
  const speed = new Float64Array(n);
  const jamUntil = new Float64Array(n);
  const jamKmh = new Float64Array(n);
  const temp = new Float64Array(n);
  const doorUntil = new Float64Array(n);
  const doorRise = new Float64Array(n);
  const failedUntil = new Float64Array(n);
  const relapseAt = new Float64Array(n);
  const inExcursion = new Uint8Array(n);
  const last = new Float64Array(n);

  /** The truck has reached drop `stop[v]` at time `at`: plan and schedule its next leg. */
  function nextLeg(v: number, at: number): void {
    const stops = routes[vehicleRoute[v]!]!.stopsKm;
    const here = stop[v]!;
    if (here === stops.length - 1) dir[v] = -1;
    else if (here === 0) dir[v] = 1;
    const there = here + dir[v]!;
    const legKm = Math.abs(stops[there]! - stops[here]!);
    scheduledDeparture[v] = Math.round(Math.max(scheduledArrival[v]!, at) + PLANNED_DWELL_MS);
    let dwell = MIN_DWELL_S + rng.exp(MEAN_EXTRA_DWELL_S);
    if (rng.float() < LOADING_PROBLEM_SHARE) dwell += rng.exp(MEAN_LOADING_PROBLEM_S);
    departAt[v] = Math.max(scheduledDeparture[v]!, at + dwell * 1000);
    scheduledArrival[v] =
      scheduledDeparture[v]! + Math.round((legKm / PLAN_KMH) * 3_600_000) + PLAN_BUFFER_MS;
    stop[v] = there;
    pos[v] = stops[here]!;
    atStop[v] = 1;
    leg[v]! += 1;
    speed[v] = 0;
    jamUntil[v] = 0;
    doorUntil[v] = at + 1000 * Math.min(dwell, MIN_DOOR_S + rng.exp(MEAN_DOOR_S));
    doorRise[v] = MIN_DOOR_RISE_C + rng.float() * SPAN_DOOR_RISE_C;
  }

  for (let v = 0; v < n; v++) {
    const stops = routes[vehicleRoute[v]!]!.stopsKm;
    stop[v] = rng.int(stops.length);
    dir[v] = rng.float() < 0.5 ? 1 : -1;
    temp[v] = setpointC[v]! + rng.normal() * TEMP_SD;
    last[v] = clock.startTime;
    // As if it had arrived up to half an hour before the start: first departures are staggered.
    const arrived = clock.startTime - rng.float() * 30 * 60_000;
    scheduledArrival[v] = arrived;
    nextLeg(v, arrived);
  }
  let t = clock.startTime;

  return {
    next(): SensorEvent {
      const v = rng.int(n);
      const dt = (t - last[v]!) / 1000;
      last[v] = t;
      const route = routes[vehicleRoute[v]!]!;
      const stops = route.stopsKm;
      let status: TruckStatus = 'atStop';
      let legOf = leg[v]!;
      let arrival = scheduledArrival[v]!;
      let departure = scheduledDeparture[v]!;
      let remainingKm = Math.abs(stops[stop[v]!]! - pos[v]!);

      if (atStop[v] === 1 && t >= departAt[v]!) {
        atStop[v] = 0;
        speed[v] = 20;
      }
      if (atStop[v] === 0) {
        const driven = Math.min(dt, (t - departAt[v]!) / 1000);
        if (jamUntil[v]! <= t && rng.float() < 1 - Math.exp(-driven / MEAN_BETWEEN_JAMS_S)) {
          jamUntil[v] = t + 1000 * (MIN_JAM_S + rng.exp(MEAN_JAM_S));
          jamKmh[v] = MIN_JAM_KMH + rng.float() * SPAN_JAM_KMH;
        }
        const behind =
          t + (remainingKm / cruiseKmh[v]!) * 3_600_000 - scheduledArrival[v]! > CATCH_UP_AFTER_MS;
        const free = behind
          ? Math.max(cruiseKmh[v]!, Math.min(cruiseKmh[v]! + CATCH_UP_KMH, MAX_CATCH_UP_KMH))
          : cruiseKmh[v]!;
        const target = jamUntil[v]! > t ? jamKmh[v]! : free;
        const sa = Math.exp(-SPEED_REVERT_PER_S * driven);
        let s = target + (speed[v]! - target) * sa;
        s += SPEED_SD * Math.sqrt(1 - sa * sa) * rng.normal();
        s = s < 3 ? 3 : s > 110 ? 110 : s;
        speed[v] = s;
        const goal = stops[stop[v]!]!;
        const p = pos[v]! + (dir[v]! * s * driven) / 3600;
        if ((dir[v] === 1 && p >= goal) || (dir[v] === -1 && p <= goal)) {
          status = 'arrived';
          remainingKm = 0;
          nextLeg(v, t);
        } else {
          status = 'driving';
          pos[v] = p;
          // Never 0 on the road: 0 km to go is the arrival.
          remainingKm = Math.max(Math.abs(goal - p), 0.1);
        }
      }
      if (status !== 'arrived') {
        legOf = leg[v]!;
        arrival = scheduledArrival[v]!;
        departure = scheduledDeparture[v]!;
        if (status === 'atStop') remainingKm = Math.abs(stops[stop[v]!]! - pos[v]!);
      }

      // An excursion: the cooling fails for a few minutes, and the episode lasts until the
      // temperature is back within EXCURSION_END_C of the set point.
      if (
        inExcursion[v] === 0 &&
        ((relapseAt[v]! > 0 && t >= relapseAt[v]!) ||
          rng.float() < 1 - Math.exp(-dt / MEAN_BETWEEN_EXCURSIONS_S))
      ) {
        failedUntil[v] = t + 1000 * (MIN_EXCURSION_S + rng.exp(MEAN_EXCURSION_S));
        inExcursion[v] = 1;
        relapseAt[v] = 0;
      }
      const cooling = failedUntil[v]! <= t;
      const door = atStop[v] === 1 && doorUntil[v]! > t ? doorRise[v]! : 0;
      const target = setpointC[v]! + door + (cooling ? 0 : EXCURSION_RISE_C);
      const rate = !cooling ? TEMP_REVERT_PER_S : door > 0 ? DOOR_REVERT_PER_S : COOL_DOWN_PER_S;
      const ta = Math.exp(-rate * dt);
      temp[v] = target + (temp[v]! - target) * ta + TEMP_SD * Math.sqrt(1 - ta * ta) * rng.normal();
      if (cooling && inExcursion[v] === 1 && temp[v]! - setpointC[v]! < EXCURSION_END_C) {
        inExcursion[v] = 0;
        if (rng.float() < RELAPSE_SHARE)
          relapseAt[v] = t + 1000 * (MIN_RELAPSE_S + rng.exp(MEAN_RELAPSE_S));
      }
      const excursion = inExcursion[v] === 1;

      // Locate the position on the polyline (routes have a handful of waypoints).
      const p = pos[v]!;
      const km = route.km;
      let k = 1;
      while (k < km.length - 1 && km[k]! < p) k++;
      const [lat1, lon1] = route.waypoints[k - 1]!;
      const [lat2, lon2] = route.waypoints[k]!;
      const span = km[k]! - km[k - 1]!;
      const f = span > 0 ? Math.min(Math.max((p - km[k - 1]!) / span, 0), 1) : 0;

      const record: SensorEvent = {
        vehicleId: vehicleIds[v]!,
        routeId: route.routeId,
        legId: `${vehicleIds[v]!}/${legOf}`,
        status,
        lat: round(lat1 + (lat2 - lat1) * f, 1e5),
        lon: round(lon1 + (lon2 - lon1) * f, 1e5),
        speedKmh: atStop[v] === 1 ? 0 : round(speed[v]!, 10),
        temperatureC: round(temp[v]!, 10),
        doorOpen: door > 0,
        remainingKm: round(remainingKm, 10),
        scheduledDeparture: departure,
        scheduledArrival: arrival,
        excursion,
        ts: Math.floor(t),
      };
      t += rng.exp(clock.meanGapMs);
      return record;
    },
  };
}
