export * from './error-specs.js';
export * from './gateway-error.js';
export * from './error-body.js';
export * from './render-error-docs.js';
