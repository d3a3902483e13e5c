import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { parseModelQuery, type ModelQuery, type QueryParams } from './model-query.js';

/** A query string as Hono's `c.req.queries()` gives it. */
function params(search: string): QueryParams {
  const out: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) (out[name] ??= []).push(value);
  return out;
}

describe('parseModelQuery: defaults', () => {
  it('an empty query lists text-output models, unfiltered, unsorted, unpaged', () => {
    expect(parseModelQuery(params(''))).toEqual({
      outputModalities: ['text'],
      inputModalities: [],
      supportedParameters: [],
      terms: [],
      minContext: undefined,
      promptPrice: { min: undefined, max: undefined },
      completionPrice: { min: undefined, max: undefined },
      arch: undefined,
      authors: [],
      providers: [],
      zdr: false,
      category: undefined,
      minAgeDays: undefined,
      maxAgeDays: undefined,
      sort: undefined,
      page: undefined,
    } satisfies ModelQuery);
  });
});

describe('parseModelQuery: accepted values', () => {
  it.each<[string, Partial<ModelQuery>]>([
    ['output_modalities=all', { outputModalities: 'all' }],
    ['output_modalities=text,ALL', { outputModalities: 'all' }],
    ['output_modalities=text,image', { outputModalities: ['text', 'image'] }],
    ['output_modalities=Embeddings', { outputModalities: ['embeddings'] }],
    ['output_modalities=', { outputModalities: ['text'] }],
    ['input_modalities=image, file', { inputModalities: ['image', 'file'] }],
    ['supported_parameters=tools,response_format', { supportedParameters: ['tools', 'response_format'] }],
    ['supported_parameters=tools&supported_parameters=seed', { supportedParameters: ['tools', 'seed'] }],
    ['supported_parameters=tools,,', { supportedParameters: ['tools'] }],
    ['q=  GPT   mini ', { terms: ['gpt', 'mini'] }],
    ['context=128000', { minContext: 128_000 }],
    ['min_price=0&max_price=3', { promptPrice: { min: 0n, max: 3_000_000_000_000n } }],
    ['max_price=0.15', { promptPrice: { min: undefined, max: 150_000_000_000n } }],
    ['max_price=1e-3', { promptPrice: { min: undefined, max: 1_000_000_000n } }],
    ['min_output_price=2.5&max_output_price=10', { completionPrice: { min: 2_500_000_000_000n, max: 10_000_000_000_000n } }],
    ['arch=GPT', { arch: 'gpt' }],
    ['model_authors=OpenAI,anthropic', { authors: ['openai', 'anthropic'] }],
    ['providers=groq,Google AI Studio', { providers: ['groq', 'google ai studio'] }],
    ['zdr=true', { zdr: true }],
    ['category=programming', { category: 'programming' }],
    ['category=Marketing/SEO', { category: 'marketing/seo' }],
    ['min_age_days=0&max_age_days=30', { minAgeDays: 0, maxAgeDays: 30 }],
    ['sort=newest', { sort: 'newest' }],
    ['sort=latency-low-to-high', { sort: 'latency-low-to-high' }],
    ['offset=0&limit=500', { page: { offset: 0, limit: 500 } }],
    ['offset=20', { page: { offset: 20, limit: 500 } }],
    ['limit=1', { page: { offset: 0, limit: 1 } }],
    ['use_rss=false', {}],
    ['unknown_param=whatever', {}],
  ])('%s', (search, expected) => {
    expect(parseModelQuery(params(search))).toMatchObject(expected);
  });
});

describe('parseModelQuery: rejected values are a 400 naming the parameter', () => {
  it.each<[string, string, RegExp]>([
    ['output_modalities=txt', 'output_modalities', /unknown value "txt"/],
    ['input_modalities=text,smell', 'input_modalities', /unknown value "smell"/],
    ['category=cooking', 'category', /allowed: programming, roleplay/],
    ['sort=cheapest', 'sort', /unknown value "cheapest"/],
    ['sort=most-popular', 'sort', /"most-popular" is not supported .*usage rankings.*supported: pricing-low-to-high/],
    ['sort=intelligence-high-to-low', 'sort', /Artificial Analysis/],
    ['zdr=false', 'zdr', /allowed: true/],
    ['context=0', 'context', /integer 1 or more/],
    ['context=12k', 'context', /got "12k"/],
    ['min_price=-1', 'min_price', /USD per 1M tokens/],
    ['max_price=cheap', 'max_price', /got "cheap"/],
    ['max_output_price=Infinity', 'max_output_price', /got "Infinity"/],
    ['max_price=1e12', 'max_price', /from 0 to 1000000000/],
    ['min_age_days=1.5', 'min_age_days', /integer 0 or more/],
    ['limit=0', 'limit', /from 1 to 1000/],
    ['limit=1001', 'limit', /from 1 to 1000/],
    ['offset=-1', 'offset', /integer 0 or more/],
    ['use_rss=true', 'use_rss', /not supported .*RSS/],
    ['distillable=true', 'distillable', /not supported/],
    ['region=eu', 'region', /not supported/],
    ['min_intelligence_index=50', 'min_intelligence_index', /not supported/],
    ['max_tool_success_rate=0.9', 'max_tool_success_rate', /not supported/],
  ])('%s', (search, field, message) => {
    let caught: unknown;
    try {
      parseModelQuery(params(search));
    } catch (error) {
      caught = error;
    }
    expect(GatewayError.is(caught)).toBe(true);
    const error = caught as GatewayError;
    expect(error.status).toBe(400);
    expect(error.options.metadata).toEqual({ field });
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });
});
