export * from './response-meta.js';
export * from './chunk-encoder.js';
export * from './assemble-completion.js';
export * from './wire-usage.js';
