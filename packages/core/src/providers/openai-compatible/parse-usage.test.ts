import { describe, expect, it } from 'vitest';
import { parseUsage } from './parse-parts.js';

/**
 * Chat Completions usage. Cache writes: `prompt_tokens_details.cache_write_tokens` (OpenAI spec
 * `CompletionUsage`: "The unadjusted number of prompt tokens written to cache"); `prompt_tokens`
 * includes them, as the Responses API's `input_tokens` does.
 */
describe('parseUsage cache fields', () => {
  it.each([
    [
      'OpenAI cache write',
      { prompt_tokens: 4000, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 3207 } },
      { promptTokens: 4000, completionTokens: 20, cachedTokens: 0, cacheWriteTokens: 3207 },
    ],
    [
      'OpenAI cache read',
      { prompt_tokens: 4000, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 3207, cache_write_tokens: 0 } },
      { promptTokens: 4000, completionTokens: 20, cachedTokens: 3207, cacheWriteTokens: 0 },
    ],
    [
      'no cache fields',
      { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
      { promptTokens: 9, completionTokens: 1 },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(parseUsage(raw)).toEqual(expected);
  });
});
