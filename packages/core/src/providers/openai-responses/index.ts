export { createOpenAiResponsesAdapter, openAiResponsesAdapter, OPENAI_RESPONSES_CAPABILITIES } from './openai-responses-adapter.js';
export { OPENAI_RESPONSES_TARGET, type ResponsesTarget } from './responses-target.js';
