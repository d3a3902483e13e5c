import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseProviderPreferences } from './parse-preferences.js';
import { mergePreferences, NO_PREFERENCES } from './preferences.js';

describe('parseProviderPreferences', () => {
  it('parses every field of the spec', () => {
    const parsed = parseProviderPreferences({
      order: ['openai', 'Anthropic'],
      allow_fallbacks: false,
      only: ['openai'],
      ignore: ['deepseek'],
      require_parameters: true,
      data_collection: 'deny',
      zdr: true,
      quantizations: ['fp8', 'bf16'],
      sort: { by: 'throughput', partition: 'none' },
      max_price: { prompt: 1, completion: '2.5', request: '0.01', image: 0.002, audio: 1 },
      preferred_min_throughput: { p90: 50 },
      preferred_max_latency: 3,
      enforce_distillable_text: false,
    });
    expect(parsed).toEqual({
      order: ['openai', 'Anthropic'],
      allowFallbacks: false,
      only: ['openai'],
      ignore: ['deepseek'],
      requireParameters: true,
      dataCollection: 'deny',
      zdr: true,
      quantizations: ['fp8', 'bf16'],
      sort: { by: 'throughput', partition: 'none' },
      maxPrice: { prompt: 1_000_000_000_000n, completion: 2_500_000_000_000n, request: 10_000_000_000n, image: 2_000_000_000n, audio: 1_000_000_000_000n },
      preferredMinThroughput: { p90: 50 },
      preferredMaxLatency: { p50: 3 },
    });
  });

  it.each([
    ['a string sort means partition "model"', { sort: 'price' }, { sort: { by: 'price', partition: 'model' } }],
    ['nulls mean "not set"', { order: null, sort: null, zdr: null, max_price: { prompt: null } }, { maxPrice: {} }],
    ['absent provider', undefined, {}],
    ['null provider', null, {}],
    ['sort object without by', { sort: { partition: 'none' } }, {}],
  ])('%s', (_name, input, expected) => {
    expect(parseProviderPreferences(input)).toEqual(expected);
  });

  it.each([
    [{ sort: 'fastest' }, 'provider.sort', 'expected one of price, throughput, latency, exacto'],
    [{ sort: { by: 'price', partition: 'all' } }, 'provider.sort.partition', 'expected one of model, none'],
    [{ sort: { by: 'price', order: 1 } }, 'provider.sort.order', 'unknown field'],
    [{ order: 'openai' }, 'provider.order', 'expected an array'],
    [{ only: ['openai', 3] }, 'provider.only[1]', 'expected a provider slug or name'],
    [{ allow_fallbacks: 'no' }, 'provider.allow_fallbacks', 'expected a boolean'],
    [{ data_collection: 'never' }, 'provider.data_collection', 'expected one of allow, deny'],
    [{ quantizations: ['fp3'] }, 'provider.quantizations[0]', 'expected one of int4'],
    [{ max_price: { prompt: -1 } }, 'provider.max_price.prompt', 'expected a non-negative number of USD'],
    [{ max_price: { prompt: 'cheap' } }, 'provider.max_price.prompt', '"cheap" is not a non-negative decimal'],
    [{ max_price: { tokens: 1 } }, 'provider.max_price.tokens', 'unknown field'],
    [{ preferred_max_latency: { p95: 1 } }, 'provider.preferred_max_latency.p95', 'unknown field'],
    [{ preferred_min_throughput: -5 }, 'provider.preferred_min_throughput', 'expected a non-negative number'],
    [{ enforce_distillable_text: true }, 'provider.enforce_distillable_text', 'not supported'],
    [{ fastest: true }, 'provider.fastest', 'unknown field'],
    ['openai', 'provider', 'expected an object'],
  ])('%j → 400 naming %s', (input, field, message) => {
    const error = (() => {
      try {
        parseProviderPreferences(input);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(GatewayError.is(error)).toBe(true);
    const gatewayError = error as GatewayError;
    expect(gatewayError.status).toBe(400);
    expect(gatewayError.options.metadata).toEqual({ field });
    expect(gatewayError.message).toContain(`${field}: ${message}`);
  });
});

describe('mergePreferences (account defaults, key overrides, request)', () => {
  const parse = (value: unknown) => parseProviderPreferences(value);

  it('nothing set → the defaults', () => {
    expect(mergePreferences([undefined, {}])).toEqual(NO_PREFERENCES);
  });

  it('the request wins for scalar fields and lists like order', () => {
    const merged = mergePreferences([parse({ sort: 'price', order: ['a'], allow_fallbacks: false }), parse({ sort: 'latency', order: ['b'] })]);
    expect(merged).toMatchObject({ sort: { by: 'latency', partition: 'model' }, order: ['b'], allowFallbacks: false });
  });

  it('only lists intersect (each layer must admit the provider); ignore lists add up', () => {
    const merged = mergePreferences([parse({ only: ['a', 'b'], ignore: ['x'] }), parse({ only: ['b', 'c'], ignore: ['y'] })]);
    expect(merged.only).toEqual([['a', 'b'], ['b', 'c']]);
    expect(merged.ignore).toEqual(['x', 'y']);
  });

  it.each([
    ['zdr from the account cannot be turned off by the request', { zdr: true }, { zdr: false }, { zdr: true }],
    ['zdr from the request tightens', {}, { zdr: true }, { zdr: true }],
    ['data_collection deny cannot be loosened', { data_collection: 'deny' }, { data_collection: 'allow' }, { dataCollection: 'deny' }],
    ['data_collection deny from the request', { data_collection: 'allow' }, { data_collection: 'deny' }, { dataCollection: 'deny' }],
    ['max_price merges per field, the request winning', { max_price: { prompt: 1, completion: 2 } }, { max_price: { prompt: 3 } }, { maxPrice: { prompt: 3_000_000_000_000n, completion: 2_000_000_000_000n } }],
  ])('%s', (_name, account, request, expected) => {
    expect(mergePreferences([parse(account), parse(request)])).toMatchObject(expected);
  });
});
