export * from './chat-request.js';
export * from './chat-response.js';
