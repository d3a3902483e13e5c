export * from './suggest.js';
export * from './resolve-models.js';
export * from './filter-parameters.js';
export * from './retry-policy.js';
export * from './plan.js';
export * from './policy/index.js';
export * from './stream-events.js';
export * from './executor.js';
