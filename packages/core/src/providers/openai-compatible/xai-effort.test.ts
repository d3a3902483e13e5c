import { parseChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../provider-adapter.js';
import { effortLevelsFor, type EffortStyle } from './flavor.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

const SETTINGS: ProviderSettings = { id: 'xai', name: 'xAI', baseUrl: 'https://api.x.ai/v1', apiKey: 'k', headers: {}, timeoutMs: 60_000 };
const XAI = OPENAI_COMPATIBLE_FLAVORS['xai'];

function sentEffort(upstreamModel: string, body: Record<string, unknown>): unknown {
  if (XAI === undefined) throw new Error('no xai flavor');
  const parsed = parseChatCompletionRequest({ model: 'x-ai/m', messages: [{ role: 'user', content: 'Hi' }], ...body });
  if (!parsed.ok) throw new Error(parsed.message);
  const spec = createOpenAiCompatibleAdapter(XAI).buildRequest({
    request: parsed.value,
    upstreamModel,
    settings: SETTINGS,
    stream: false,
    maxCompletionTokens: undefined,
    now: new Date(0),
  });
  return (JSON.parse(spec.body) as Record<string, unknown>)['reasoning_effort'];
}

describe('xAI reasoning_effort per model (docs.x.ai)', () => {
  it.each([
    ['grok-4.7', 'minimal', 'low'],
    ['grok-4.7', 'low', 'low'],
    ['grok-4.7', 'medium', 'medium'],
    ['grok-4.7', 'high', 'high'],
    ['grok-4.7', 'xhigh', 'xhigh'],
    ['grok-4.7', 'max', 'xhigh'],
    ['grok-4.3', 'medium', 'medium'],
    ['grok-4.3', 'xhigh', 'high'],
    // grok-3-mini (and any model not listed) keeps low|high.
    ['grok-3-mini', 'medium', 'high'],
    ['grok-3-mini', 'minimal', 'low'],
    ['grok-3-mini', 'xhigh', 'high'],
  ])('%s, effort %s → %s', (model, effort, expected) => {
    expect(sentEffort(model, { reasoning: { effort } })).toBe(expected);
  });

  it('reasoning off sends no effort on any model (older models reject "none"; grok-4.7 does not list it)', () => {
    expect(sentEffort('grok-4.7', { reasoning_effort: 'none' })).toBeUndefined();
    expect(sentEffort('grok-3-mini', { reasoning: { enabled: false } })).toBeUndefined();
  });
});

describe('effortLevelsFor', () => {
  const style: EffortStyle = {
    field: 'reasoning_effort',
    levels: ['low', 'high'],
    byModel: [{ models: ['grok-4.7'], levels: ['low', 'medium', 'high', 'xhigh'] }],
  };

  it.each([
    ['grok-4.7', ['low', 'medium', 'high', 'xhigh']],
    ['GROK-4.7', ['low', 'medium', 'high', 'xhigh']],
    ['grok-4.7-0921', ['low', 'medium', 'high', 'xhigh']],
    ['grok-4.70', ['low', 'high']],
    ['grok-4', ['low', 'high']],
    ['grok-3-mini', ['low', 'high']],
  ])('%s → %j', (model, levels) => {
    expect(effortLevelsFor(style, model)).toEqual(levels);
  });

  it('a style without byModel gives its levels to every model', () => {
    expect(effortLevelsFor({ field: 'reasoning_effort', levels: ['high'] }, 'anything')).toEqual(['high']);
  });
});
