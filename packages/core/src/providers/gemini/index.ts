export { geminiAdapter, GEMINI_CAPABILITIES } from './gemini-adapter.js';
