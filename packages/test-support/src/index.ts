export * from './shared-dir.js';
export * from './fixtures.js';
export * from './spec-validator.js';
export * from './fake-upstream.js';
export * from './validating-proxy.js';
export * from './prism.js';
export * from './prism-spec.js';
