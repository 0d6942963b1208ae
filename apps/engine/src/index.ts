export * from './io.js';
export * from './job.js';
export * from './metrics.js';
export * from './paths.js';
export * from './validate.js';
export { runPipelineFile, type RunOutcome } from './cli/run.js';
export { ParallelJob, parallelProblems } from './parallel/run.js';
