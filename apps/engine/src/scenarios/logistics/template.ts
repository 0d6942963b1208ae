import type { PipelineTemplate } from '@rivulet/shared-types';

/** 100 trucks, each reporting every 10 s on average (the generator's default is 50). */
export const LOGISTICS_SETTINGS = { vehicles: 100, routes: 10 };
export const LOGISTICS_RATE_PER_SEC = 10;
/** Readings this far above the truck's set point, doors closed, are warm… */
export const WARM_C = 2.5;
/** …and with the doors open (air warms at a drop, the cooling working) only this far. */
export const WARM_DOORS_OPEN_C = 5;
/** A reading this close to the set point re-arms the excursion rule: the episode is over. */
export const NORMAL_C = 1.5;
/** A leg arriving more than this after its scheduled arrival is late. */
export const LATE_MIN = 15;

/** Projected lateness at arrival, in minutes, from what the fleet knows now. */
const PROJECTED_LATE_MIN =
  'round((max(ts, scheduledDeparture) + remainingKm / typicalKmh * 3600000 - scheduledArrival) / 60000, 1)';

export const LOGISTICS_TEMPLATE: PipelineTemplate = {
  slug: 'logistics',
  title: 'Logistics: cold chain and late deliveries, measured',
  summary: `Refrigerated trucks on delivery rounds report position, speed, temperature and door state. An excursion alert once per cooling failure (3 readings ${WARM_C} °C above the set point with the doors closed, re-armed by a normal reading); a late-delivery warning once per leg when its projected arrival, at the truck's usual speed, is over ${LATE_MIN} min behind the timetable.`,
  scenario: 'sensors',
  document: {
    version: 1,
    name: 'Logistics',
    nodes: [
      {
        id: 'trucks',
        type: 'source.generator',
        params: {
          scenario: 'sensors',
          ratePerSec: LOGISTICS_RATE_PER_SEC,
          // Start 45 minutes back, replayed at once (about 2 s): the first legs have arrived and
          // excursions and warnings are on the dashboard within seconds.
          backlog: '45m',
          seed: 1,
          ...LOGISTICS_SETTINGS,
        },
        position: { x: 0, y: 200 },
      },
      {
        id: 'fleet',
        type: 'join.lookup',
        params: { path: 'fleet.jsonl', key: 'vehicleId' },
        position: { x: 240, y: 200 },
      },
      {
        id: 'derived',
        type: 'map',
        params: {
          fields: {
            excessC: 'round((temperatureC - setpointC) * 10) / 10',
            projectedLateMin: PROJECTED_LATE_MIN,
          },
        },
        position: { x: 480, y: 200 },
      },
      {
        id: 'byTruck',
        type: 'keyBy',
        params: { fields: ['vehicleId'] },
        position: { x: 720, y: 200 },
      },
      {
        id: 'warm',
        type: 'pattern',
        params: {
          // Re-armed per episode: after a match the next needs a normal reading first, so one
          // failure raises one alert however long it lasts, and a second failure a second one.
          steps: [
            { name: 'normal', where: `excessC < ${NORMAL_C}` },
            {
              name: 'readings',
              where: `excessC > ${WARM_C} && (!doorOpen || excessC > ${WARM_DOORS_OPEN_C})`,
              times: { min: 3 },
            },
          ],
          within: '10m',
        },
        position: { x: 960, y: 0 },
      },
      {
        id: 'excursionAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'excursion'",
            vehicleId: 'vehicleId',
            routeId: 'readings[2].routeId',
            excessC: 'readings[2].excessC',
            temperatureC: 'readings[2].temperatureC',
            readingTs: 'readings[2].ts',
            reason:
              "'Three readings well above its set point, doors closed, on route ' + readings[2].routeId",
          },
          keep: false,
        },
        position: { x: 1200, y: 0 },
      },
      {
        id: 'projectedLate',
        type: 'filter',
        params: { expr: `status != 'arrived' && projectedLateMin > ${LATE_MIN}` },
        position: { x: 960, y: 160 },
      },
      {
        id: 'oncePerLeg',
        type: 'dedupe',
        // A leg lasts an hour or two: the ttl only bounds the state.
        params: { fields: ['legId'], ttl: '6h' },
        position: { x: 1200, y: 160 },
      },
      {
        id: 'lateAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'late'",
            vehicleId: 'vehicleId',
            legId: 'legId',
            routeId: 'routeId',
            projectedLateMin: 'projectedLateMin',
            scheduledArrival: 'scheduledArrival',
            readingTs: 'ts',
            reason: `'Expected over ${LATE_MIN} min late at its next drop on route ' + routeId`,
          },
          keep: false,
        },
        position: { x: 1440, y: 160 },
      },
      { id: 'allAlerts', type: 'union', params: {}, position: { x: 1680, y: 80 } },
      {
        id: 'alerts',
        type: 'sink.dashboard',
        params: { title: 'Cold-chain and delay alerts', widget: 'cards', labelField: 'vehicleId' },
        position: { x: 1920, y: 0 },
      },
      {
        id: 'alertsByTruck',
        type: 'sink.dashboard',
        params: { title: 'Alerts by truck', widget: 'bar', field: 'vehicleId' },
        position: { x: 1920, y: 160 },
      },
      {
        id: 'perMinute',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1m',
          aggregations: [
            { fn: 'max', field: 'excessC', as: 'maxExcessC' },
            { fn: 'count', field: 'vehicleId', as: 'readings' },
          ],
        },
        position: { x: 720, y: 360 },
      },
      {
        id: 'warmestChart',
        type: 'sink.dashboard',
        params: {
          title: 'Warmest reading above set point (°C)',
          widget: 'line',
          field: 'maxExcessC',
        },
        position: { x: 960, y: 320 },
      },
      {
        id: 'arrivals',
        type: 'filter',
        params: { expr: "status == 'arrived'" },
        position: { x: 960, y: 440 },
      },
      {
        id: 'arrivalLateness',
        type: 'map',
        params: { fields: { lateMin: 'round((ts - scheduledArrival) / 60000, 1)' } },
        position: { x: 1200, y: 440 },
      },
      {
        id: 'arrivalsPer5m',
        type: 'window',
        params: {
          // About 9 arrivals a window: a new point every 5 min live, 9 from the backlog.
          kind: 'tumbling',
          size: '5m',
          aggregations: [
            { fn: 'count', as: 'arrivals' },
            { fn: 'avg', field: 'lateMin', as: 'avgLateMin' },
            { fn: 'max', field: 'lateMin', as: 'maxLateMin' },
          ],
        },
        position: { x: 1440, y: 440 },
      },
      {
        id: 'arrivalFigures',
        type: 'map',
        params: { fields: { avgLateMin: 'round(avgLateMin, 1)' } },
        position: { x: 1680, y: 440 },
      },
      {
        id: 'arrivalChart',
        type: 'sink.dashboard',
        params: {
          title: 'Arrivals: average minutes behind the timetable, per 5 min',
          widget: 'line',
          field: 'avgLateMin',
        },
        position: { x: 1920, y: 440 },
      },
      {
        id: 'lastReport',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1m',
          aggregations: [
            { fn: 'last', field: 'routeId', as: 'routeId' },
            { fn: 'last', field: 'status', as: 'status' },
            { fn: 'last', field: 'excessC', as: 'excessC' },
            { fn: 'last', field: 'projectedLateMin', as: 'projectedLateMin' },
            { fn: 'avg', field: 'speedKmh', as: 'avgSpeedKmh' },
          ],
        },
        position: { x: 960, y: 600 },
      },
      {
        id: 'fleetFigures',
        type: 'map',
        params: { fields: { avgSpeedKmh: 'round(avgSpeedKmh)' } },
        position: { x: 1200, y: 600 },
      },
      {
        id: 'fleetTable',
        type: 'sink.dashboard',
        params: { title: 'Fleet (last minute per truck)', widget: 'table' },
        position: { x: 1440, y: 600 },
      },
    ],
    edges: [
      { id: 'e1', source: 'trucks', target: 'fleet' },
      { id: 'e2', source: 'fleet', target: 'derived' },
      { id: 'e3', source: 'derived', target: 'byTruck' },
      { id: 'e4', source: 'byTruck', target: 'warm' },
      { id: 'e5', source: 'warm', target: 'excursionAlert' },
      { id: 'e7', source: 'byTruck', target: 'projectedLate' },
      { id: 'e8', source: 'projectedLate', target: 'oncePerLeg' },
      { id: 'e9', source: 'oncePerLeg', target: 'lateAlert' },
      { id: 'e10', source: 'excursionAlert', target: 'allAlerts' },
      { id: 'e11', source: 'lateAlert', target: 'allAlerts' },
      { id: 'e12', source: 'allAlerts', target: 'alerts' },
      { id: 'e13', source: 'allAlerts', target: 'alertsByTruck' },
      { id: 'e14', source: 'derived', target: 'perMinute' },
      { id: 'e15', source: 'perMinute', target: 'warmestChart' },
      { id: 'e16', source: 'derived', target: 'arrivals' },
      { id: 'e17', source: 'arrivals', target: 'arrivalLateness' },
      { id: 'e18', source: 'arrivalLateness', target: 'arrivalsPer5m' },
      { id: 'e19', source: 'arrivalsPer5m', target: 'arrivalFigures' },
      { id: 'e22', source: 'arrivalFigures', target: 'arrivalChart' },
      { id: 'e20', source: 'byTruck', target: 'lastReport' },
      { id: 'e21', source: 'lastReport', target: 'fleetFigures' },
      { id: 'e23', source: 'fleetFigures', target: 'fleetTable' },
    ],
  },
};
