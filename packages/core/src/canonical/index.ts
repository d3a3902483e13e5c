export * from './canonical-event.js';
