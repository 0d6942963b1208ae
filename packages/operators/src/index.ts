export * from './core/define.js';
export * from './core/runtime.js';
export * from './expr/index.js';
export { keyOf } from './keyBy/index.js';
export { createRegistry, operators, registry, type Registry } from './registry.js';
