import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { budgetFromEffort, effortFromBudget, resolveReasoning } from './reasoning.js';

const base: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('resolveReasoning', () => {
  it.each([
    ['nothing said', {}, undefined],
    ['reasoning: {}', { reasoning: {} }, { enabled: true, effort: 'medium', maxTokens: undefined, exclude: false }],
    ['effort high', { reasoning: { effort: 'high' } }, { enabled: true, effort: 'high', maxTokens: undefined, exclude: false }],
    ['reasoning_effort shorthand', { reasoning_effort: 'low' }, { enabled: true, effort: 'low', maxTokens: undefined, exclude: false }],
    ['max_tokens budget', { reasoning: { max_tokens: 2000 } }, { enabled: true, effort: undefined, maxTokens: 2000, exclude: false }],
    ['effort none', { reasoning: { effort: 'none' } }, { enabled: false, effort: undefined, maxTokens: undefined, exclude: false }],
    ['enabled false', { reasoning: { enabled: false } }, { enabled: false, effort: undefined, maxTokens: undefined, exclude: false }],
    ['exclude', { reasoning: { exclude: true } }, { enabled: true, effort: 'medium', maxTokens: undefined, exclude: true }],
    ['include_reasoning true', { include_reasoning: true }, { enabled: true, effort: 'medium', maxTokens: undefined, exclude: false }],
    ['include_reasoning false', { include_reasoning: false }, { enabled: undefined, effort: undefined, maxTokens: undefined, exclude: true }],
  ] as const)('%s', (_name, extra, expected) => {
    expect(resolveReasoning({ ...base, ...extra } as ChatCompletionRequest)).toEqual(expected);
  });
});

describe('effort and budgets', () => {
  it('follows OpenRouter ratios with Anthropic bounds', () => {
    expect(budgetFromEffort('high', 10_000)).toBe(8000);
    expect(budgetFromEffort('minimal', 4000)).toBe(1024);
    expect(budgetFromEffort('max', 1_000_000)).toBe(128_000);
  });
  it('maps a budget back to an effort', () => {
    expect(effortFromBudget(8000, 10_000)).toBe('high');
    expect(effortFromBudget(500, 10_000)).toBe('minimal');
  });
});
