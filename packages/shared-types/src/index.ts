export * from './api.js';
export * from './duration.js';
export * from './graph-rules.js';
export * from './peek.js';
export * from './pipeline.js';
export * from './problems.js';
export * from './telemetry.js';
export * from './history.js';
