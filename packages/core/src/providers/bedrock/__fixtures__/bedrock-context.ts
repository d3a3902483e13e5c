import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { BuildContext, ProviderSettings } from '../../provider-adapter.js';

/** Bedrock in us-east-1 with (documentation example) SigV4 keys. */
export const BEDROCK_SETTINGS: ProviderSettings = {
  id: 'amazon-bedrock',
  name: 'Amazon Bedrock',
  baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  apiKey: undefined,
  headers: {},
  timeoutMs: 60_000,
  options: { region: 'us-east-1', access_key_id: 'AKIDEXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
};

/**
 * The build context the Bedrock request tests use: a "Hi" from the user to `upstreamModel`,
 * non-streaming, 64k output tokens, a fixed clock; `request` fields and `overrides` replace those.
 */
export function bedrockContext(upstreamModel: string, request: Partial<ChatCompletionRequest> | Record<string, unknown>, overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    request: { model: 'anthropic/claude', messages: [{ role: 'user', content: 'Hi' }], ...request } as ChatCompletionRequest,
    upstreamModel,
    settings: BEDROCK_SETTINGS,
    stream: false,
    maxCompletionTokens: 64_000,
    now: new Date('2026-01-02T03:04:05Z'),
    ...overrides,
  };
}
