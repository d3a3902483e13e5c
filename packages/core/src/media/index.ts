export * from './inline-remote-media.js';
export * from './media-step.js';
