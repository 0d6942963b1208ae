import type { PipelineTemplate } from '@rivulet/shared-types';

/** 50 trucks (the generator's default), each reporting every 5 s on average. */
export const LOGISTICS_SETTINGS = { vehicles: 50, routes: 10 };
export const LOGISTICS_RATE_PER_SEC = 10;
/** A reading this far above the truck's set point is out of range. */
export const EXCESS_C = 2.5;
/** Behind schedule by more than this: a late-delivery warning. */
export const LATE_SEC = 600;

export const LOGISTICS_TEMPLATE: PipelineTemplate = {
  slug: 'logistics',
  title: 'Logistics: cold chain and late deliveries, measured',
  summary:
    'Refrigerated trucks report position, temperature and delay. Excursions (3 readings 2.5 °C above the set point within a minute) and late deliveries (over 10 min behind, once an hour per truck) raise alerts.',
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
          // Start two minutes back, replayed at once: the dashboard tells its story within seconds.
          backlog: '2m',
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
        id: 'excess',
        type: 'map',
        params: { fields: { excessC: 'round((temperatureC - setpointC) * 10) / 10' } },
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
          steps: [{ name: 'readings', where: `excessC > ${EXCESS_C}`, times: { min: 3 } }],
          within: '1m',
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
              "'Three readings well above its set point within a minute on route ' + readings[2].routeId",
          },
          keep: false,
        },
        position: { x: 1200, y: 0 },
      },
      {
        id: 'onceAnExcursion',
        type: 'dedupe',
        params: { fields: ['vehicleId'], ttl: '15m' },
        position: { x: 1440, y: 0 },
      },
      {
        id: 'behind',
        type: 'filter',
        params: { expr: `delaySec > ${LATE_SEC}` },
        position: { x: 960, y: 160 },
      },
      {
        id: 'onceAnHour',
        type: 'dedupe',
        params: { fields: ['vehicleId'], ttl: '1h' },
        position: { x: 1200, y: 160 },
      },
      {
        id: 'lateAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'late'",
            vehicleId: 'vehicleId',
            routeId: 'routeId',
            delayMin: 'round(delaySec / 60)',
            readingTs: 'ts',
            reason: "'Over 10 minutes behind schedule on route ' + routeId",
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
            { fn: 'avg', field: 'delaySec', as: 'avgDelaySec' },
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
        id: 'lateNow',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1m',
          aggregations: [{ fn: 'countDistinct', field: 'vehicleId', as: 'lateTrucks' }],
        },
        position: { x: 1200, y: 280 },
      },
      {
        id: 'lateCount',
        type: 'sink.dashboard',
        params: { title: 'Trucks over 10 min late', widget: 'number', field: 'lateTrucks' },
        position: { x: 1440, y: 280 },
      },
      {
        id: 'lastReport',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'last', field: 'routeId', as: 'routeId' },
            { fn: 'last', field: 'temperatureC', as: 'temperatureC' },
            { fn: 'last', field: 'delaySec', as: 'delaySec' },
            { fn: 'last', field: 'speedKmh', as: 'speedKmh' },
          ],
        },
        position: { x: 960, y: 440 },
      },
      {
        id: 'fleetTable',
        type: 'sink.dashboard',
        params: { title: 'Fleet', widget: 'table' },
        position: { x: 1200, y: 440 },
      },
    ],
    edges: [
      { id: 'e1', source: 'trucks', target: 'fleet' },
      { id: 'e2', source: 'fleet', target: 'excess' },
      { id: 'e3', source: 'excess', target: 'byTruck' },
      { id: 'e4', source: 'byTruck', target: 'warm' },
      { id: 'e5', source: 'warm', target: 'excursionAlert' },
      { id: 'e6', source: 'excursionAlert', target: 'onceAnExcursion' },
      { id: 'e7', source: 'byTruck', target: 'behind' },
      { id: 'e8', source: 'behind', target: 'onceAnHour' },
      { id: 'e9', source: 'onceAnHour', target: 'lateAlert' },
      { id: 'e10', source: 'onceAnExcursion', target: 'allAlerts' },
      { id: 'e11', source: 'lateAlert', target: 'allAlerts' },
      { id: 'e12', source: 'allAlerts', target: 'alerts' },
      { id: 'e13', source: 'allAlerts', target: 'alertsByTruck' },
      { id: 'e14', source: 'excess', target: 'perMinute' },
      { id: 'e15', source: 'perMinute', target: 'warmestChart' },
      { id: 'e16', source: 'behind', target: 'lateNow' },
      { id: 'e17', source: 'lateNow', target: 'lateCount' },
      { id: 'e18', source: 'byTruck', target: 'lastReport' },
      { id: 'e19', source: 'lastReport', target: 'fleetTable' },
    ],
  },
};
