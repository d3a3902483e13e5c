import { describe, expect, it } from 'vitest';
import { responsesEffort } from './responses-efforts.js';

describe('responsesEffort (nearest effort the model takes)', () => {
  it.each([
    ['gpt-6.2-sol', 'minimal', 'low'],
    ['gpt-6.2-sol', 'max', 'max'],
    ['gpt-6.2-astra', 'xhigh', 'xhigh'],
    ['gpt-6.1-terra', 'minimal', 'low'],
    ['gpt-6-luna', 'medium', 'medium'],
    ['gpt-5-pro', 'low', 'high'],
    ['gpt-5-pro-2025-10-06', 'minimal', 'high'],
    ['o3-pro', 'xhigh', 'high'],
    ['o3-pro', 'minimal', 'low'],
    // Not listed (Azure deployment names, other servers): as asked.
    ['my-deployment', 'minimal', 'minimal'],
    ['gpt-6.2-solar', 'minimal', 'minimal'],
  ] as const)('%s, %s → %s', (model, wanted, sent) => {
    expect(responsesEffort(model, wanted)).toBe(sent);
  });
});
