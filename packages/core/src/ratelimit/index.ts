export * from './fixed-window.js';
export * from './memory-rate-limiter.js';
