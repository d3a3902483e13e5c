export { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';
export { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
export { flavorCapabilities } from './flavor-capabilities.js';
export {
  BEARER_AUTH,
  COMMON_FIELDS,
  DEFAULT_MEDIA,
  OPEN_MODEL_SAMPLING_FIELDS,
  type AssistantReasoningStyle,
  type AuthStyle,
  type EffortLevel,
  type MediaSupport,
  type MessageFieldPolicy,
  type OpenAiCompatibleFlavor,
  type ParamMap,
  type ParamRule,
  type ReasoningStyle,
} from './flavor.js';
export { GATEWAY_ONLY_FIELDS } from './build-request.js';
