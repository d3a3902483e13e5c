import { createCatalog, parsePricing, UNKNOWN_HEALTH, type Endpoint, type EndpointHealth, type HealthView, type ModelEntry } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { NO_ROUTING_CONFIG } from '../config/routing-config.js';
import { presentModel } from '../presenters/model-presenter.js';
import { presentRouters } from '../presenters/router-presenter.js';
import { modelFacts, routerFacts } from './model-facts.js';

function endpoint(providerId: string, providerName: string, zdr: boolean): Endpoint {
  const pricingStrings = { prompt: '0.000003', completion: '0.000015' };
  return {
    id: `anthropic/claude-sonnet-4.5@${providerId}`,
    modelId: 'anthropic/claude-sonnet-4.5',
    providerId,
    providerName,
    upstreamModel: 'claude-sonnet-4-5',
    pricingStrings,
    pricing: parsePricing(pricingStrings),
    contextLength: 200_000,
    maxCompletionTokens: 64_000,
    supportedParameters: new Set(['tools', 'max_tokens']),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr },
  };
}

const MODEL: ModelEntry = {
  id: 'anthropic/claude-sonnet-4.5',
  canonicalSlug: 'anthropic/claude-sonnet-4.5',
  name: 'Anthropic: Claude Sonnet 4.5',
  description: '',
  created: 1_759_000_000,
  contextLength: 200_000,
  inputModalities: ['text', 'image'],
  outputModalities: ['text'],
  tokenizer: 'Claude',
  instructType: null,
  defaultParameters: null,
  huggingFaceId: null,
  endpoints: [endpoint('anthropic', 'Anthropic', false), endpoint('amazon-bedrock', 'Amazon Bedrock', true), endpoint('google-vertex', 'Google Vertex', false)],
};

const percentiles = (p50: number) => ({ p50, p75: p50, p90: p50, p99: p50 });

function healthOf(byProvider: Readonly<Record<string, Partial<EndpointHealth>>>): HealthView {
  return { get: (endpointId) => ({ ...UNKNOWN_HEALTH, ...byProvider[endpointId.split('@')[1] ?? ''] }) };
}

describe('modelFacts', () => {
  it.each<[string, Readonly<Record<string, Partial<EndpointHealth>>>, number | undefined, number | undefined]>([
    ['no stats', {}, undefined, undefined],
    ['one endpoint with stats', { anthropic: { latencyLast30m: percentiles(800), throughputLast30m: percentiles(55) } }, 800, 55],
    [
      'the best median across endpoints',
      {
        anthropic: { latencyLast30m: percentiles(800), throughputLast30m: percentiles(55) },
        'amazon-bedrock': { latencyLast30m: percentiles(650), throughputLast30m: percentiles(40) },
        'google-vertex': { throughputLast30m: percentiles(70) },
      },
      650,
      70,
    ],
  ])('%s', (_name, stats, latencyMs, throughput) => {
    const facts = modelFacts(MODEL, presentModel(MODEL), healthOf(stats));
    expect(facts).toMatchObject({ latencyMs, throughput });
  });

  it('reads the listed fields, the providers, ZDR and the (absent) categories', () => {
    const facts = modelFacts(MODEL, presentModel(MODEL), healthOf({}));
    expect(facts).toMatchObject({
      id: 'anthropic/claude-sonnet-4.5',
      tokenizer: 'Claude',
      contextLength: 200_000,
      supportedParameters: ['max_tokens', 'tools'],
      promptPrice: 3_000_000n,
      completionPrice: 15_000_000n,
      zdr: true,
      categories: [],
    });
    expect(facts.providers.map((provider) => provider.slug)).toEqual(['anthropic', 'amazon-bedrock', 'google-vertex']);
    expect(modelFacts({ ...MODEL, categories: ['programming'] }, presentModel(MODEL), healthOf({})).categories).toEqual(['programming']);
  });
});

describe('routerFacts', () => {
  it.each<[string, bigint | undefined]>([
    ['openrouter/auto', undefined],
    ['openrouter/free', 0n],
  ])('%s: price %s, no providers, no categories', (id, price) => {
    const free = { ...MODEL, endpoints: [{ ...endpoint('groq', 'Groq', false), pricing: parsePricing({ prompt: '0', completion: '0' }), pricingStrings: { prompt: '0', completion: '0' } }] };
    const router = presentRouters(createCatalog([free]), NO_ROUTING_CONFIG).find((entry) => entry.id === id);
    if (router === undefined) throw new Error(`${id} is not listed`);
    const facts = routerFacts(router);
    expect(facts).toMatchObject({ id, promptPrice: price, completionPrice: price, providers: [], zdr: false, categories: [] });
  });
});
