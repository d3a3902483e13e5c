export * from './gateway.js';
export * from './app.js';
export * from './config/load-config.js';
export * from './config/config-error.js';
export * from './logger.js';
export { hashSecret, generateSecret } from './keys/api-key-secret.js';
