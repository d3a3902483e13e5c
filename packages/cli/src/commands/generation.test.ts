import { describe, expect, it } from 'vitest';
import type { AttemptInfo, GenerationInfo } from '../http/gateway-api.js';
import { describeGeneration } from './generation.js';
import { summaryLine } from './chat.js';

// The gateway adds `error_message` to OpenRouter's shapes; the CLI shows it when present.
const refused = { provider_name: 'Groq', status: 429, latency: 20, error_message: 'rate limited' };
const attempts: readonly AttemptInfo[] = [refused, { provider_name: 'OpenAI', status: 200, latency: 400 }];

const generation: GenerationInfo & { error_message: string | null } = {
  id: 'gen-1',
  model: 'openai/gpt-4o-mini',
  provider_name: 'OpenAI',
  created_at: '2026-11-29T12:00:00.000Z',
  streamed: true,
  finish_reason: 'stop',
  tokens_prompt: 16,
  tokens_completion: 1363,
  native_tokens_reasoning: null,
  native_tokens_cached: 0,
  total_cost: 0.00022,
  latency: 412,
  generation_time: 1500,
  is_byok: false,
  provider_responses: attempts,
  error_message: null,
};

describe('describeGeneration', () => {
  it('aligned label lines, then each attempt with its error', () => {
    expect(describeGeneration(generation)).toBe(
      [
        'id:                gen-1',
        'model:             openai/gpt-4o-mini',
        'provider:          OpenAI',
        'created:           2026-11-29T12:00:00.000Z',
        'finish reason:     stop',
        'streamed:          yes',
        'prompt tokens:     16',
        'completion tokens: 1,363',
        'reasoning tokens:  -',
        'cached tokens:     0',
        'cost:              $0.00022',
        'latency:           412 ms',
        'generation time:   1,500 ms',
        'byok:              no',
        'attempts:',
        '  Groq: HTTP 429 in 20 ms: rate limited',
        '  OpenAI: HTTP 200 in 400 ms',
      ].join('\n'),
    );
  });

  it('shows the gateway error of a failed generation', () => {
    const failed = { ...generation, provider_responses: null, error_message: 'no route' };
    expect(describeGeneration(failed)).toContain('\nerror:             no route');
  });
});

describe('chat summaryLine', () => {
  it('model, provider, tokens, cost and id; what is missing is left out', () => {
    const last = { id: 'gen-9', model: 'openai/gpt-4o-mini', provider: 'OpenAI', choices: [] };
    expect(summaryLine(last, { prompt_tokens: 3, completion_tokens: 5, cost: 0.0001 })).toBe('openai/gpt-4o-mini via OpenAI: 3 prompt + 5 completion tokens, $0.0001 (gen-9)');
    expect(summaryLine(undefined, undefined)).toBe('the model: no usage reported');
  });
});
