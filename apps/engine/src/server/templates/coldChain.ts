import type { PipelineTemplate } from '@rivulet/shared-types';

/** Cold-chain trucks: readings above 8 °C as alerts, the average temperature per truck as lines. */
export const coldChain: PipelineTemplate = {
  slug: 'cold-chain',
  title: 'Cold chain: truck temperature',
  summary:
    'Eight refrigerated trucks, 200 readings/s; the 10 s average per truck, and an alert when one warms above 8 °C (a cooling failure a few minutes in).',
  scenario: 'sensors',
  document: {
    version: 1,
    name: 'Cold chain: truck temperature',
    nodes: [
      {
        id: 'trucks',
        type: 'source.generator',
        // Seed 5: a chilled truck's cooling fails early, so the first alert comes after about 2 minutes.
        params: { scenario: 'sensors', ratePerSec: 200, vehicles: 8, seed: 5 },
        position: { x: 0, y: 80 },
      },
      {
        id: 'tooWarm',
        type: 'filter',
        params: { expr: 'temperatureC > 8' },
        position: { x: 280, y: 0 },
      },
      {
        // What a dispatcher sees of a warm reading; the record's label stays behind.
        id: 'alertFields',
        type: 'map',
        params: {
          fields: {
            vehicleId: 'vehicleId',
            routeId: 'routeId',
            temperatureC: 'temperatureC',
            doorOpen: 'doorOpen',
            status: 'status',
          },
          keep: false,
        },
        position: { x: 560, y: 0 },
      },
      {
        id: 'temperatureAlerts',
        type: 'sink.dashboard',
        params: { title: 'Temperature above 8 °C', widget: 'alerts' },
        position: { x: 840, y: 0 },
      },
      {
        id: 'byVehicle',
        type: 'keyBy',
        params: { fields: ['vehicleId'] },
        position: { x: 280, y: 200 },
      },
      {
        id: 'avg10s',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'avg', field: 'temperatureC', as: 'avgTemperatureC' },
            { fn: 'max', field: 'temperatureC', as: 'maxTemperatureC' },
          ],
        },
        position: { x: 560, y: 200 },
      },
      {
        id: 'temperatureLines',
        type: 'sink.dashboard',
        params: {
          title: 'Average temperature per truck (°C)',
          widget: 'line',
          field: 'avgTemperatureC',
          labelField: 'vehicleId',
        },
        position: { x: 840, y: 200 },
      },
    ],
    edges: [
      { id: 'e1', source: 'trucks', target: 'tooWarm' },
      { id: 'e2', source: 'tooWarm', target: 'alertFields' },
      { id: 'e6', source: 'alertFields', target: 'temperatureAlerts' },
      { id: 'e3', source: 'trucks', target: 'byVehicle' },
      { id: 'e4', source: 'byVehicle', target: 'avg10s' },
      { id: 'e5', source: 'avg10s', target: 'temperatureLines' },
    ],
  },
};
