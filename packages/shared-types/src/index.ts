export * from './duration.js';
export * from './pipeline.js';
export * from './problems.js';
