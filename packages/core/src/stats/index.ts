export * from './health-config.js';
export * from './circuit-breaker.js';
export * from './percentiles.js';
export * from './memory-endpoint-stats.js';
export * from './sample-rules.js';
