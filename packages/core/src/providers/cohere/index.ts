export { cohereAdapter, COHERE_CAPABILITIES } from './cohere-adapter.js';
