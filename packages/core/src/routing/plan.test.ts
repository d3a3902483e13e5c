import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { catalogOf, chat, endpoint, healthOf, model, scripted, spread } from './policy/__fixtures__/routing-table.js';
import { resolveModelChoice } from './policy/model-variants.js';
import { parseProviderPreferences } from './policy/parse-preferences.js';
import { NO_ROUTING_DEFAULTS, planChat, type RoutingDefaults } from './plan.js';

const cheap = endpoint('a/m', 'cheap', { price: [0.1, 0.1], params: ['max_tokens'] });
const fast = endpoint('a/m', 'fast', { price: [2, 2], params: ['max_tokens', 'reasoning'] });
const free = endpoint('a/m', 'free', { price: [0, 0], params: ['max_tokens'] });
const literalFree = endpoint('l/x:free', 'host', { price: [0, 0] });
const catalog = createCatalog(
  [model('a/m', [cheap, fast, free]), model('b/n', [endpoint('b/n', 'other')]), model('l/x', [endpoint('l/x', 'host')]), model('l/x:free', [literalFree])],
  new Map([['d/off', ['disabled-provider']]]),
);
const health = healthOf({ 'a/m@fast': { throughputLast30m: spread(300) }, 'a/m@cheap': { throughputLast30m: spread(30) } });

function caught(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('model variants', () => {
  it.each([
    ['a/m', { freeOnly: false, sort: undefined, thinking: false }],
    ['a/m:nitro', { sort: 'throughput' }],
    ['a/m:floor', { sort: 'price' }],
    ['a/m:exacto', { sort: 'exacto' }],
    ['a/m:free', { freeOnly: true }],
    ['a/m:thinking', { thinking: true }],
    ['a/m:free:thinking', { freeOnly: true, thinking: true }],
  ])('%s', (id, expected) => {
    const choice = resolveModelChoice(id, catalog, 'model');
    expect(choice.model.id).toBe('a/m');
    expect(choice.requested).toBe(id);
    expect(choice).toMatchObject(expected);
  });

  it('a catalog id that contains the suffix wins (an operator-declared x:free model)', () => {
    expect(resolveModelChoice('l/x:free', catalog, 'model')).toMatchObject({ model: { id: 'l/x:free' }, freeOnly: false });
  });

  it.each([
    ['a/m:turbo', 'unknown model variant ":turbo"'],
    ['a/m:online', '":online" (web search) is not available'],
    ['a/m:free:online', '":online" (web search) is not available'],
    ['l/x:free:online', '":online" (web search) is not available'],
    ['a/m:extended', 'a/m has no ":extended" (extended-context) variant'],
    ['a/m:nitro:floor', '"a/m:nitro:floor" asks for two sort orders'],
  ])('%s → 400', (id, message) => {
    const error = caught(() => resolveModelChoice(id, catalog, 'models[1]'));
    expect(error.status).toBe(400);
    expect(error.message).toContain(`models[1]: ${message}`);
    expect(error.options.metadata).toEqual({ field: 'models[1]' });
  });

  it('an unknown model with a variant suggests ids for the model part', () => {
    const error = caught(() => resolveModelChoice('a/mm:nitro', catalog, 'model'));
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('a/mm is not a valid model ID. Did you mean "a/m"');
  });

  it('a known model with no enabled provider stays a 503 naming its providers', () => {
    expect(caught(() => resolveModelChoice('d/off:nitro', catalog, 'model')).message).toContain('disabled-provider');
  });
});

describe('planChat', () => {
  const plan = (request: Partial<ChatCompletionRequest>, defaults: RoutingDefaults = NO_ROUTING_DEFAULTS, random = scripted(0)) =>
    planChat(chat(request), catalog, defaults, health, random);
  const ids = (request: Partial<ChatCompletionRequest>, defaults?: RoutingDefaults) => plan(request, defaults).plan.endpoints.map((e) => e.id);

  it.each([
    ['default: the free endpoint first, then by price', { model: 'a/m' }, ['a/m@free', 'a/m@cheap', 'a/m@fast']],
    [':nitro sorts by throughput', { model: 'a/m:nitro' }, ['a/m@fast', 'a/m@cheap', 'a/m@free']],
    [':floor sorts by price', { model: 'a/m:floor' }, ['a/m@free', 'a/m@cheap', 'a/m@fast']],
    [':free keeps free endpoints', { model: 'a/m:free' }, ['a/m@free']],
    [':thinking keeps reasoning endpoints', { model: 'a/m:thinking' }, ['a/m@fast']],
    ['models fallbacks with variants', { model: 'a/m:free', models: ['b/n'] }, ['a/m@free', 'b/n@other']],
    ['only `models` (no model)', { model: undefined, models: ['b/n', 'a/m:free'] }, ['b/n@other', 'a/m@free']],
    ['route "fallback" is accepted', { model: 'a/m:free', route: 'fallback' }, ['a/m@free']],
  ])('%s', (_name, request, expected) => {
    expect(ids(request)).toEqual(expected);
  });

  it(':thinking turns reasoning on, keeping the request’s own reasoning settings', () => {
    expect(plan({ model: 'a/m:thinking' }).request.reasoning).toEqual({ enabled: true });
    expect(plan({ model: 'a/m:thinking', reasoning: { effort: 'high' } }).request.reasoning).toEqual({ effort: 'high' });
    const error = caught(() => plan({ model: 'a/m:thinking', reasoning: { effort: 'none' } }));
    expect(error.message).toContain('model: ":thinking" asks for reasoning');
  });

  it.each([
    [{ route: 'sort' }, 'route'],
    [{ provider: { sort: 'cheapest' } }, 'provider.sort'],
    [{ model: 'a/m:online' }, 'model'],
    [{ models: ['a/m:warp'] }, 'models[0]'],
  ])('%j → 400 naming %s', (request, field) => {
    const error = caught(() => plan(request));
    expect(error.status).toBe(400);
    expect(error.options.metadata).toEqual({ field });
  });

  it('account and key layers apply under the request: ignore adds up, only intersects, request sort wins', () => {
    const defaults: RoutingDefaults = {
      layers: [parseProviderPreferences({ ignore: ['free'], sort: 'throughput' }), parseProviderPreferences({ only: ['cheap', 'fast'] })],
      autoCandidates: undefined,
    };
    expect(ids({ model: 'a/m' }, defaults)).toEqual(['a/m@fast', 'a/m@cheap']);
    expect(ids({ model: 'a/m', provider: { sort: 'price', only: ['fast', 'free'] } }, defaults)).toEqual(['a/m@fast']);
  });

  it('nothing left → 503 no_route with metadata.excluded', () => {
    const error = caught(() => plan({ model: 'a/m:free', provider: { ignore: ['free'] } }));
    expect(error.status).toBe(503);
    expect(error.options.metadata?.['excluded']).toEqual([
      { model: 'a/m', provider: 'cheap', reasons: ['not_free'] },
      { model: 'a/m', provider: 'fast', reasons: ['not_free'] },
      { model: 'a/m', provider: 'free', reasons: ['ignored_provider'] },
    ]);
  });

  it('openrouter/auto expands to the configured candidates (cheapest eligible first)', () => {
    const defaults: RoutingDefaults = { layers: [], autoCandidates: [{ model: 'b/n' }, { model: 'l/x' }] };
    const route = plan({ model: 'openrouter/auto' }, defaults);
    expect(route.input.models.map((m) => m.model.id)).toEqual(['b/n', 'l/x']);
    expect(route.plan.endpoints[0]?.modelId).toBe('b/n');
  });

  it('openrouter/free expands to free models, free endpoints only', () => {
    const route = plan({ model: 'openrouter/free' }, NO_ROUTING_DEFAULTS, scripted(0.99));
    expect(route.plan.endpoints.map((e) => e.id)).toEqual(['a/m@free', 'l/x:free@host']);
  });

  it('a router as a fallback after a concrete model', () => {
    const route = plan({ model: 'b/n', models: ['openrouter/free'] }, NO_ROUTING_DEFAULTS, scripted(0, 0));
    expect(route.plan.endpoints.map((e) => e.modelId)).toEqual(['b/n', 'l/x:free', 'a/m:free']);
  });
});

describe('catalogOf helper sanity', () => {
  it('builds a catalog of the given models', () => {
    expect(catalogOf(model('z/z', [endpoint('z/z', 'p')])).get('z/z')?.endpoints).toHaveLength(1);
  });
});
