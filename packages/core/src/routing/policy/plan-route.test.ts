import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import type { EndpointHealth } from '../../ports/endpoint-stats.js';
import { chat, endpoint, healthOf, model, scripted, spread, TOOLS } from './__fixtures__/routing-table.js';
import type { ModelChoice } from './model-variants.js';
import { parseProviderPreferences } from './parse-preferences.js';
import { noRouteError, planRoute, type RouteInput } from './plan-route.js';
import { mergePreferences } from './preferences.js';
import { requestNeeds } from './request-needs.js';

// One model, three providers at $1, $2 and $3 per token pair (prompt + completion, per million).
const A = endpoint('a/m', 'alpha', { price: [0.5, 0.5], name: 'Alpha Cloud', quantization: 'fp8', zdr: true });
const B = endpoint('a/m', 'beta', { price: [1, 1], quantization: 'mxfp8', retainsPrompts: true });
const C = endpoint('a/m', 'gamma', { price: [1.5, 1.5], params: ['temperature', 'max_tokens'], training: true, quantization: 'bf16' });
const M = model('a/m', [C, B, A]);
// A fallback model with two providers.
const X = endpoint('b/n', 'alpha', { price: [2, 2] });
const Y = endpoint('b/n', 'delta', { price: [0.25, 0.25], zdr: true });
const N = model('b/n', [X, Y]);

const choose = (entry = M, extra: Partial<ModelChoice> = {}): ModelChoice => ({
  model: entry,
  requested: entry.id,
  freeOnly: false,
  sort: undefined,
  thinking: false,
  ...extra,
});

interface Case {
  readonly provider?: unknown;
  readonly request?: Partial<ChatCompletionRequest>;
  readonly models?: readonly ModelChoice[];
  readonly health?: Readonly<Record<string, Partial<EndpointHealth>>>;
  readonly random?: readonly number[];
}

function route(c: Case) {
  const input: RouteInput = {
    models: c.models ?? [choose()],
    preferences: mergePreferences([parseProviderPreferences(c.provider)]),
    needs: requestNeeds(chat(c.request)),
  };
  const plan = planRoute(input, healthOf(c.health), scripted(...(c.random ?? [0])));
  const excluded = Object.fromEntries(plan.excluded.map((e) => [e.endpoint, e.reasons.join(',')]));
  return { ids: plan.endpoints.map((e) => e.id), excluded, strategy: plan.strategy, plan, input };
}

describe('default strategy: price-weighted load balancing', () => {
  // Weights 1/1² : 1/2² : 1/3² = 1 : 0.25 : 0.111 (total 1.361): A gets 73 %, B 18 %, C 8 %.
  it.each([
    ['low draw → the cheapest first', 0, ['a/m@alpha', 'a/m@beta', 'a/m@gamma']],
    ['just under A’s share', 0.734, ['a/m@alpha', 'a/m@beta', 'a/m@gamma']],
    ['a draw inside B’s share', 0.75, ['a/m@beta', 'a/m@alpha', 'a/m@gamma']],
    ['a draw inside C’s share', 0.95, ['a/m@gamma', 'a/m@alpha', 'a/m@beta']],
  ])('%s', (_name, draw, expected) => {
    const result = route({ random: [draw] });
    expect(result.ids).toEqual(expected);
    expect(result.strategy).toBe('default');
  });

  it('the docs’ example: B failed in the last 30 s → A, then C, then B last', () => {
    expect(route({ health: { 'a/m@beta': { recentlyFailing: true } } }).ids).toEqual(['a/m@alpha', 'a/m@gamma', 'a/m@beta']);
  });

  it('when every endpoint failed recently, the weighted pick is made among all of them', () => {
    const failing = { recentlyFailing: true };
    const health = { 'a/m@alpha': failing, 'a/m@beta': failing, 'a/m@gamma': failing };
    expect(route({ health, random: [0.8] }).ids).toEqual(['a/m@beta', 'a/m@alpha', 'a/m@gamma']);
  });

  it('a free endpoint takes the first pick (weight 1/0² is infinite); paid ones follow by price', () => {
    const free = endpoint('a/m', 'local', { price: [0, 0] });
    expect(route({ models: [choose(model('a/m', [C, free, A]))], random: [0.99] }).ids).toEqual(['a/m@local', 'a/m@alpha', 'a/m@gamma']);
  });

  it('an open circuit breaker excludes the endpoint', () => {
    const result = route({ health: { 'a/m@alpha': { breaker: 'open' } } });
    expect(result.ids).toEqual(['a/m@beta', 'a/m@gamma']);
    expect(result.excluded).toEqual({ 'a/m@alpha': 'breaker_open' });
  });

  it('a half-open breaker stays eligible (the executor lets one probe through)', () => {
    expect(route({ health: { 'a/m@alpha': { breaker: 'half-open' } } }).ids[0]).toBe('a/m@alpha');
  });

  it('model fallbacks: the primary model’s endpoints, then the fallback’s', () => {
    expect(route({ models: [choose(M), choose(N)] }).ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma', 'b/n@delta', 'b/n@alpha']);
  });

  it('the same model asked twice is tried once', () => {
    expect(route({ models: [choose(M), choose(M, { sort: 'price' })] }).ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma']);
  });
});

describe('provider.order and allow_fallbacks', () => {
  it.each([
    ['order first, then the rest by price', { order: ['gamma', 'beta'] }, ['a/m@gamma', 'a/m@beta', 'a/m@alpha'], {}],
    ['order + allow_fallbacks false: only the listed', { order: ['gamma', 'beta'], allow_fallbacks: false }, ['a/m@gamma', 'a/m@beta'], { 'a/m@alpha': 'allow_fallbacks' }],
    ['order by display name, any case', { order: ['alpha cloud'] }, ['a/m@alpha', 'a/m@beta', 'a/m@gamma'], {}],
    ['order naming nobody: the rest by price', { order: ['nobody'] }, ['a/m@alpha', 'a/m@beta', 'a/m@gamma'], {}],
    ['order naming nobody, no fallbacks: nothing', { order: ['nobody'], allow_fallbacks: false }, [], { 'a/m@alpha': 'allow_fallbacks', 'a/m@beta': 'allow_fallbacks', 'a/m@gamma': 'allow_fallbacks' }],
    ['allow_fallbacks false alone: only the weighted first choice', { allow_fallbacks: false }, ['a/m@gamma'], { 'a/m@alpha': 'allow_fallbacks', 'a/m@beta': 'allow_fallbacks' }],
    ['allow_fallbacks false + sort: the best by that key', { allow_fallbacks: false, sort: 'price' }, ['a/m@alpha'], { 'a/m@beta': 'allow_fallbacks', 'a/m@gamma': 'allow_fallbacks' }],
  ])('%s', (_name, provider, ids, excluded) => {
    const result = route({ provider, random: [0.99] });
    expect(result.ids).toEqual(ids);
    expect(result.excluded).toEqual(excluded);
  });

  it('order is per model: each model’s endpoints follow the order, fallback models stay after', () => {
    const result = route({ provider: { order: ['alpha'] }, models: [choose(M), choose(N)] });
    expect(result.ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma', 'b/n@alpha', 'b/n@delta']);
    expect(result.strategy).toBe('order');
  });

  it('order is not load balanced and ignores recent failures', () => {
    const result = route({ provider: { order: ['beta'] }, health: { 'a/m@beta': { recentlyFailing: true } } });
    expect(result.ids[0]).toBe('a/m@beta');
  });
});

describe('provider filters', () => {
  it.each([
    ['only', { only: ['alpha', 'GAMMA'] }, ['a/m@alpha', 'a/m@gamma'], { 'a/m@beta': 'allowed_providers' }],
    ['ignore', { ignore: ['beta'] }, ['a/m@alpha', 'a/m@gamma'], { 'a/m@beta': 'ignored_provider' }],
    ['only + ignore', { only: ['alpha', 'beta'], ignore: ['beta'] }, ['a/m@alpha'], { 'a/m@beta': 'ignored_provider', 'a/m@gamma': 'allowed_providers' }],
    ['only by display name', { only: ['Alpha Cloud'] }, ['a/m@alpha'], { 'a/m@beta': 'allowed_providers', 'a/m@gamma': 'allowed_providers' }],
    ['zdr', { zdr: true }, ['a/m@alpha'], { 'a/m@beta': 'data_policy:zdr', 'a/m@gamma': 'data_policy:zdr' }],
    ['data_collection deny (stores or trains)', { data_collection: 'deny' }, ['a/m@alpha'], { 'a/m@beta': 'data_policy:training', 'a/m@gamma': 'data_policy:training' }],
    ['data_collection allow', { data_collection: 'allow' }, ['a/m@alpha', 'a/m@beta', 'a/m@gamma'], {}],
    ['zdr + data_collection deny', { zdr: true, data_collection: 'deny' }, ['a/m@alpha'], { 'a/m@beta': 'data_policy:zdr,data_policy:training', 'a/m@gamma': 'data_policy:zdr,data_policy:training' }],
    ['quantizations fp8 also covers mxfp8', { quantizations: ['fp8'] }, ['a/m@alpha', 'a/m@beta'], { 'a/m@gamma': 'quantization' }],
    ['quantizations bf16', { quantizations: ['bf16'] }, ['a/m@gamma'], { 'a/m@alpha': 'quantization', 'a/m@beta': 'quantization' }],
    ['max_price prompt ($ per million)', { max_price: { prompt: 1 } }, ['a/m@alpha', 'a/m@beta'], { 'a/m@gamma': 'max_price' }],
    ['max_price completion as a string', { max_price: { completion: '0.5' } }, ['a/m@alpha'], { 'a/m@beta': 'max_price', 'a/m@gamma': 'max_price' }],
    ['max_price + zdr + ignore: every reason listed', { max_price: { prompt: 0.5 }, zdr: true, ignore: ['gamma'] }, ['a/m@alpha'], { 'a/m@beta': 'data_policy:zdr,max_price', 'a/m@gamma': 'ignored_provider,data_policy:zdr,max_price' }],
  ])('%s', (_name, provider, ids, excluded) => {
    const result = route({ provider });
    expect(result.ids).toEqual(ids);
    expect(result.excluded).toEqual(excluded);
  });

  it('max_price request (per request)', () => {
    const pricey = endpoint('a/m', 'fee', { price: [0.1, 0.1], requestPrice: 0.01 });
    const result = route({ provider: { max_price: { request: 0.001 } }, models: [choose(model('a/m', [pricey, A]))] });
    expect(result.ids).toEqual(['a/m@alpha']);
    expect(result.excluded).toEqual({ 'a/m@fee': 'max_price' });
  });

  it('a quantization filter excludes endpoints without one (they are "unknown") unless unknown is allowed', () => {
    const plain = endpoint('a/m', 'plain');
    const models = [choose(model('a/m', [plain, A]))];
    expect(route({ provider: { quantizations: ['fp8'] }, models }).ids).toEqual(['a/m@alpha']);
    expect(route({ provider: { quantizations: ['unknown'] }, models }).ids).toEqual(['a/m@plain']);
  });

  it('google-vertex names Google Vertex’s Claude endpoints too (one provider to a user)', () => {
    const gemini = endpoint('g/x', 'google-vertex', { name: 'Google Vertex' });
    const claude = endpoint('g/x', 'google-vertex-anthropic', { name: 'Google Vertex' });
    const studio = endpoint('g/x', 'google-ai-studio', { name: 'Google AI Studio' });
    const models = [choose(model('g/x', [gemini, claude, studio]))];
    expect(route({ provider: { ignore: ['google-vertex'] }, models }).ids).toEqual(['g/x@google-ai-studio']);
    expect(route({ provider: { only: ['google'] }, models }).ids).toEqual([]);
  });
});

describe('parameters: require_parameters and the soft preference', () => {
  it('require_parameters with tools: endpoints without tools are excluded, naming the parameter', () => {
    const result = route({ provider: { require_parameters: true }, request: { tools: TOOLS } });
    expect(result.ids).toEqual(['a/m@alpha', 'a/m@beta']);
    expect(result.plan.excluded).toEqual([{ model: 'a/m', provider: 'gamma', endpoint: 'a/m@gamma', reasons: ['require_parameters'], unsupported: ['tools'] }]);
  });

  it('require_parameters checks every governed parameter (top_k here)', () => {
    const result = route({ provider: { require_parameters: true }, request: { top_k: 4 } });
    expect(result.ids).toEqual([]);
    expect(result.excluded).toEqual({ 'a/m@alpha': 'require_parameters', 'a/m@beta': 'require_parameters', 'a/m@gamma': 'require_parameters' });
  });

  it('without require_parameters, tools still prefer endpoints that support them', () => {
    const result = route({ request: { tools: TOOLS } });
    expect(result.ids).toEqual(['a/m@alpha', 'a/m@beta']);
    expect(result.excluded).toEqual({ 'a/m@gamma': 'require_parameters' });
  });

  it('the soft preference never removes the model: no endpoint supports tools → all stay', () => {
    const result = route({ request: { tools: TOOLS }, models: [choose(model('a/m', [C]))] });
    expect(result.ids).toEqual(['a/m@gamma']);
  });

  it('order + allow_fallbacks false limits the providers before the soft preference looks at them', () => {
    const result = route({ provider: { order: ['gamma'], allow_fallbacks: false }, request: { tools: TOOLS } });
    expect(result.ids).toEqual(['a/m@gamma']);
    expect(result.excluded).toEqual({ 'a/m@alpha': 'allow_fallbacks', 'a/m@beta': 'allow_fallbacks' });
  });

  it('response_format json_schema prefers structured_outputs endpoints', () => {
    const schemaless = endpoint('a/m', 'json', { params: ['response_format'] });
    const format = { type: 'json_schema' as const, json_schema: { name: 'x', schema: {} } };
    const result = route({ request: { response_format: format }, models: [choose(model('a/m', [schemaless, B]))] });
    expect(result.ids).toEqual(['a/m@beta']);
  });

  it('a request parameter without a soft preference (top_k) does not steer routing', () => {
    expect(route({ request: { top_k: 3 } }).ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma']);
  });
});

describe('limits', () => {
  it('context_length: estimated prompt + max_tokens must fit', () => {
    const small = endpoint('a/m', 'small', { context: 1000 });
    const models = [choose(model('a/m', [small, A]))];
    const result = route({ models, request: { max_tokens: 1200 } });
    expect(result.ids).toEqual(['a/m@alpha']);
    expect(result.excluded).toEqual({ 'a/m@small': 'context_length' });
  });

  it('max_tokens above an endpoint’s output limit excludes it', () => {
    const short = endpoint('a/m', 'short', { maxOut: 4096 });
    const result = route({ models: [choose(model('a/m', [short, A]))], request: { max_completion_tokens: 8000 } });
    expect(result.excluded).toEqual({ 'a/m@short': 'max_tokens' });
  });
});

describe('sort', () => {
  const stats = {
    'a/m@alpha': { throughputLast30m: spread(40), latencyLast30m: spread(900), uptimeLast30m: 90 },
    'a/m@beta': { throughputLast30m: spread(120), latencyLast30m: spread(300), uptimeLast30m: 99 },
    'a/m@gamma': { throughputLast30m: spread(80), latencyLast30m: spread(200), uptimeLast30m: 99 },
  };
  it.each([
    ['price', 'price', ['a/m@alpha', 'a/m@beta', 'a/m@gamma']],
    ['throughput (highest first)', 'throughput', ['a/m@beta', 'a/m@gamma', 'a/m@alpha']],
    ['latency (lowest first)', 'latency', ['a/m@gamma', 'a/m@beta', 'a/m@alpha']],
    ['exacto (uptime, then throughput)', 'exacto', ['a/m@beta', 'a/m@gamma', 'a/m@alpha']],
    ['object form', { by: 'latency', partition: 'model' }, ['a/m@gamma', 'a/m@beta', 'a/m@alpha']],
  ])('%s', (_name, sort, ids) => {
    const result = route({ provider: { sort }, health: stats, random: [0.99] });
    expect(result.ids).toEqual(ids);
    expect(result.strategy).toBe(`sort:${typeof sort === 'string' ? sort : sort.by}`);
  });

  it('endpoints without stats sort after those with stats, by price', () => {
    const result = route({ provider: { sort: 'throughput' }, health: { 'a/m@gamma': { throughputLast30m: spread(10) } } });
    expect(result.ids).toEqual(['a/m@gamma', 'a/m@alpha', 'a/m@beta']);
  });

  it('partition "model" (default): fallback models stay fallbacks', () => {
    const result = route({ provider: { sort: 'price' }, models: [choose(M), choose(N)] });
    expect(result.ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma', 'b/n@delta', 'b/n@alpha']);
  });

  it('partition "none": every model’s endpoints sorted together', () => {
    const result = route({ provider: { sort: { by: 'price', partition: 'none' } }, models: [choose(M), choose(N)] });
    expect(result.ids).toEqual(['b/n@delta', 'a/m@alpha', 'a/m@beta', 'a/m@gamma', 'b/n@alpha']);
  });

  it('sort is deterministic: recent failures and random draws do not change it', () => {
    const result = route({ provider: { sort: 'price' }, health: { 'a/m@alpha': { recentlyFailing: true } }, random: [0.99] });
    expect(result.ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma']);
  });

  it('order wins over sort for the listed providers; sort orders the rest', () => {
    const result = route({ provider: { order: ['gamma'], sort: 'throughput' }, health: stats });
    expect(result.ids).toEqual(['a/m@gamma', 'a/m@beta', 'a/m@alpha']);
  });
});

describe('variants on a model', () => {
  it(':nitro sorts that model by throughput, :floor by price', () => {
    const health = { 'a/m@gamma': { throughputLast30m: spread(500) } };
    expect(route({ models: [choose(M, { sort: 'throughput' })], health }).ids[0]).toBe('a/m@gamma');
    expect(route({ models: [choose(M, { sort: 'price' })], random: [0.99] }).ids).toEqual(['a/m@alpha', 'a/m@beta', 'a/m@gamma']);
  });

  it(':free keeps only free endpoints', () => {
    const free = endpoint('a/m', 'freebie', { price: [0, 0] });
    const result = route({ models: [choose(model('a/m', [A, free]), { freeOnly: true })] });
    expect(result.ids).toEqual(['a/m@freebie']);
    expect(result.excluded).toEqual({ 'a/m@alpha': 'not_free' });
  });

  it(':thinking keeps only endpoints that support reasoning', () => {
    const thinker = endpoint('a/m', 'thinker', { params: ['reasoning', 'max_tokens'] });
    const models = [choose(model('a/m', [A, thinker]), { thinking: true })];
    const result = route({ models, request: { reasoning: { enabled: true } } });
    expect(result.ids).toEqual(['a/m@thinker']);
    expect(result.plan.excluded[0]).toMatchObject({ reasons: ['require_parameters'], unsupported: ['reasoning'] });
  });
});

describe('preferred_min_throughput / preferred_max_latency (soft)', () => {
  const health = {
    'a/m@alpha': { throughputLast30m: spread(20), latencyLast30m: spread(4000) },
    'a/m@beta': { throughputLast30m: spread(200), latencyLast30m: spread(500) },
    'b/n@delta': { throughputLast30m: spread(150), latencyLast30m: spread(800) },
  };
  it.each([
    ['min throughput as a number (p50)', { preferred_min_throughput: 100 }, ['a/m@beta', 'a/m@gamma', 'a/m@alpha']],
    ['max latency in seconds (p50)', { preferred_max_latency: 1 }, ['a/m@beta', 'a/m@gamma', 'a/m@alpha']],
    ['every given percentile must hold', { preferred_min_throughput: { p50: 100, p99: 900 } }, ['a/m@gamma', 'a/m@alpha', 'a/m@beta']],
  ])('%s: misses move to the end, unknown stats keep their place', (_name, provider, ids) => {
    expect(route({ provider, health }).ids).toEqual(ids);
  });

  it('a fast fallback model moves ahead of a slow primary', () => {
    const slowPrimary = model('a/m', [A]);
    const result = route({ provider: { preferred_max_latency: { p50: 1 } }, models: [choose(slowPrimary), choose(N)], health });
    expect(result.ids).toEqual(['b/n@delta', 'b/n@alpha', 'a/m@alpha']);
  });
});

describe('nothing left: 503 no_route with the reasons', () => {
  it('lists every candidate of every model with its reasons', () => {
    const result = route({ provider: { zdr: true, max_price: { prompt: 0.1 } }, models: [choose(M), choose(N)] });
    expect(result.ids).toEqual([]);
    const error = noRouteError(result.input, result.plan);
    expect(error.status).toBe(503);
    expect(error.code).toBe('no_route');
    expect(error.options.metadata).toEqual({
      requested_models: ['a/m', 'b/n'],
      excluded: [
        { model: 'a/m', provider: 'gamma', reasons: ['data_policy:zdr', 'max_price'] },
        { model: 'a/m', provider: 'beta', reasons: ['data_policy:zdr', 'max_price'] },
        { model: 'a/m', provider: 'alpha', reasons: ['max_price'] },
        { model: 'b/n', provider: 'alpha', reasons: ['data_policy:zdr', 'max_price'] },
        { model: 'b/n', provider: 'delta', reasons: ['max_price'] },
      ],
    });
    expect(error.message).toContain('alpha for a/m (max_price)');
  });
});
