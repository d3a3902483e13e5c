import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { catalogOf, chat, endpoint, model, scripted, TOOLS } from './__fixtures__/routing-table.js';
import { requestNeeds } from './request-needs.js';
import { autoSettings, matchesModelPattern } from './auto-settings.js';
import { autoRoute, freeRoute, type AutoCandidate } from './routers.js';

// Per-million prices: mini $0.1/$0.4, big $3/$15, vision $0.3/$2.5 (images), small-context $0.05/$0.1 (8k, no tools).
const mini = model('o/mini', [endpoint('o/mini', 'openai', { price: [0.1, 0.4] })]);
const big = model('a/big', [endpoint('a/big', 'anthropic', { price: [3, 15], context: 200_000 })]);
const vision = model('g/vision', [endpoint('g/vision', 'google', { price: [0.3, 2.5], context: 1_000_000 })], { inputModalities: ['text', 'image'] });
const tiny = model('m/tiny', [endpoint('m/tiny', 'groq', { price: [0.05, 0.1], context: 8000, params: ['temperature', 'max_tokens'] })]);
const freeModel = model('f/free', [endpoint('f/free', 'local', { price: [0, 0], context: 32_000 }), endpoint('f/free', 'paid', { price: [1, 1] })]);
const freeVision = model('f/see', [endpoint('f/see', 'local', { price: [0, 0] })], { inputModalities: ['text', 'image'] });
const catalog = catalogOf(mini, big, vision, tiny, freeModel, freeVision);

const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } };
const long = 'x'.repeat(4 * 20_000); // ≈ 20 000 tokens
const needs = (extra: Partial<ChatCompletionRequest>) => requestNeeds(chat(extra));
const ids = (choices: readonly { model: { id: string } }[]) => choices.map((c) => c.model.id);

const CANDIDATES: readonly AutoCandidate[] = [
  { model: 'o/mini', maxPromptTokens: 10_000 },
  { model: 'a/big', minPromptTokens: 10_000 },
  { model: 'g/vision', images: true },
  { model: 'm/tiny', tools: false },
  { model: 'x/missing' },
];

describe('openrouter/auto', () => {
  it.each([
    ['a short text prompt → the cheapest matching candidate', {}, ['m/tiny', 'o/mini']],
    ['tools → candidates that support tools (tiny has none; its rule says no tools)', { tools: TOOLS }, ['o/mini']],
    ['a long prompt → the long-prompt candidate', { messages: [{ role: 'user' as const, content: long }] }, ['a/big']],
    ['an image → the vision candidate only', { messages: [{ role: 'user' as const, content: [image] }] }, ['g/vision']],
  ])('%s', (_name, request, expected) => {
    expect(ids(autoRoute(CANDIDATES, catalog, needs(request)))).toEqual(expected);
  });

  it('required context: a candidate whose context is too small is skipped', () => {
    const request = { messages: [{ role: 'user' as const, content: 'x'.repeat(4 * 7000) }], max_tokens: 2000 };
    expect(ids(autoRoute([{ model: 'm/tiny' }, { model: 'o/mini' }], catalog, needs(request)))).toEqual(['o/mini']);
  });

  it('cost-aware: the expected cost includes max_tokens (a large output favours cheap completion)', () => {
    const cheapIn = model('c/in', [endpoint('c/in', 'p', { price: [0.01, 5] })]);
    const cheapOut = model('c/out', [endpoint('c/out', 'p', { price: [1, 0.5] })]);
    const both = catalogOf(cheapIn, cheapOut);
    const list = [{ model: 'c/in' }, { model: 'c/out' }];
    const messages = [{ role: 'user' as const, content: 'x'.repeat(4 * 10_000) }];
    expect(ids(autoRoute(list, both, needs({ messages, max_tokens: 10 })))).toEqual(['c/in', 'c/out']);
    expect(ids(autoRoute(list, both, needs({ messages, max_tokens: 50_000 })))).toEqual(['c/out', 'c/in']);
  });

  it('without configured candidates, every catalog model is one', () => {
    expect(ids(autoRoute(undefined, catalog, needs({ messages: [{ role: 'user', content: [image] }] })))).toEqual(['f/see', 'g/vision']);
  });

  it('nothing eligible → 503 naming each candidate’s reasons', () => {
    let error: unknown;
    try {
      autoRoute([{ model: 'm/tiny' }, { model: 'x/missing' }], catalog, needs({ tools: TOOLS }));
    } catch (caught) {
      error = caught;
    }
    expect(GatewayError.is(error) && error.status).toBe(503);
    expect((error as GatewayError).options.metadata).toEqual({
      router: 'openrouter/auto',
      rejected: [{ model: 'm/tiny', reasons: ['tools'] }, { model: 'x/missing', reasons: ['not_in_catalog'] }],
    });
  });
});

describe('the auto-router plugin (allowed_models / excluded_models)', () => {
  it.each([
    ['allowed_models narrows the candidates', { allowed_models: ['a/*', 'g/*'] }, ['a/big', 'g/vision']],
    ['excluded_models removes candidates', { excluded_models: ['m/*'] }, ['o/mini', 'a/big', 'g/vision']],
    ['both', { allowed_models: ['*'], excluded_models: ['*mini', 'm/*'] }, ['a/big', 'g/vision']],
  ])('%s', (_name, plugin, expected) => {
    const request = needs({ plugins: [{ id: 'auto-router', ...plugin }] } as Partial<ChatCompletionRequest>);
    const list = [{ model: 'o/mini' }, { model: 'a/big' }, { model: 'g/vision' }, { model: 'm/tiny' }];
    expect(ids(autoRoute(list, catalog, request, autoSettings(request.request))).sort()).toEqual([...expected].sort());
  });

  it('a bad pattern list is a 400 naming the plugin field', () => {
    const request = chat({ plugins: [{ id: 'web' }, { id: 'auto-router', allowed_models: 'a/*' }] } as Partial<ChatCompletionRequest>);
    expect(() => autoSettings(request)).toThrow('plugins[1].allowed_models: expected an array');
  });

  it.each([
    ['anthropic/*', 'anthropic/claude-sonnet-4.5', true],
    ['anthropic/*', 'openai/gpt-4o', false],
    ['*-mini', 'openai/gpt-4o-mini', true],
    ['openai/gpt-4o', 'OpenAI/GPT-4o', true],
    ['openai/gpt-4.1', 'openai/gpt-4x1', false],
  ])('%s matches %s: %s', (pattern, id, expected) => {
    expect(matchesModelPattern(id, pattern)).toBe(expected);
  });
});

describe('openrouter/free', () => {
  it('picks among models with free endpoints, in random order, free endpoints only', () => {
    expect(ids(freeRoute(catalog, needs({}), scripted(0)))).toEqual(['f/see', 'f/free']);
    expect(ids(freeRoute(catalog, needs({}), scripted(0.9)))).toEqual(['f/free', 'f/see']);
    expect(freeRoute(catalog, needs({}), scripted(0)).every((choice) => choice.freeOnly)).toBe(true);
  });

  it('only models whose free endpoints support the request (images here)', () => {
    expect(ids(freeRoute(catalog, needs({ messages: [{ role: 'user', content: [image] }] }), scripted(0.9)))).toEqual(['f/see']);
  });

  it('a context too large for every free endpoint → 503', () => {
    const request = needs({ messages: [{ role: 'user', content: 'x'.repeat(4 * 200_000) }] });
    expect(() => freeRoute(catalog, request, scripted(0))).toThrow(/openrouter\/free: no candidate model/);
  });
});
