import { describe, expect, it } from 'vitest';
import { readUsage } from './cohere-api-types.js';
import { usagePatch } from './cohere-events.js';

describe('Cohere usage: billed_units when present, else tokens', () => {
  it.each([
    [
      'both tallies (as recorded): billed units, without cached tokens',
      { billed_units: { input_tokens: 12, output_tokens: 7 }, tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 },
      { promptTokens: 12, completionTokens: 7 },
    ],
    [
      'tokens only: native tokens with cached tokens',
      { tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 },
      { promptTokens: 507, completionTokens: 10, cachedTokens: 448 },
    ],
    ['billed units only', { billed_units: { input_tokens: 3, output_tokens: 2 } }, { promptTokens: 3, completionTokens: 2 }],
    ['billed units with one side missing count it as 0', { billed_units: { input_tokens: 3 }, tokens: { input_tokens: 9, output_tokens: 4 } }, { promptTokens: 3, completionTokens: 0 }],
    ['an empty billed_units object falls back to tokens', { billed_units: {}, tokens: { input_tokens: 9, output_tokens: 4 } }, { promptTokens: 9, completionTokens: 4 }],
  ])('%s', (_name, usage, expected) => {
    expect(usagePatch(readUsage(usage))).toEqual(expected);
  });

  it.each([['no usage', undefined], ['neither tally', { cached_tokens: 5 }], ['not an object', 'x']])('%s → no usage event', (_name, usage) => {
    expect(usagePatch(readUsage(usage))).toBeUndefined();
  });
});
