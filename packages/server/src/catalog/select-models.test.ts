import { describe, expect, it } from 'vitest';
import { parseModelQuery, type QueryParams } from './model-query.js';
import { selectModels, type Listed, type ModelFacts } from './select-models.js';

function params(search: string): QueryParams {
  const out: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) (out[name] ??= []).push(value);
  return out;
}

const DAY = 86_400;
const NOW = 1_800_000_000;
/** USD per 1M tokens → picodollars per token. */
const perM = (usd: number) => BigInt(Math.round(usd * 1_000_000));

function facts(id: string, patch: Partial<ModelFacts>): ModelFacts {
  return {
    id,
    name: id,
    created: NOW - 100 * DAY,
    contextLength: 128_000,
    tokenizer: 'Other',
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: ['max_tokens', 'temperature'],
    promptPrice: perM(1),
    completionPrice: perM(2),
    providers: [{ slug: 'openai', name: 'OpenAI' }],
    zdr: false,
    categories: [],
    latencyMs: undefined,
    throughput: undefined,
    ...patch,
  };
}

/** The catalog order is the default order. */
const CATALOG: readonly ModelFacts[] = [
  facts('openai/gpt-4o-mini', {
    name: 'OpenAI: GPT-4o mini',
    tokenizer: 'GPT',
    inputModalities: ['text', 'image', 'file'],
    supportedParameters: ['max_tokens', 'response_format', 'temperature', 'tools'],
    promptPrice: perM(0.15),
    completionPrice: perM(0.6),
    created: NOW - 400 * DAY,
    categories: ['programming'],
    latencyMs: 300,
    throughput: 90,
  }),
  facts('anthropic/claude-sonnet-4.5', {
    name: 'Anthropic: Claude Sonnet 4.5',
    tokenizer: 'Claude',
    contextLength: 1_000_000,
    inputModalities: ['text', 'image'],
    supportedParameters: ['max_tokens', 'temperature', 'tools'],
    promptPrice: perM(3),
    completionPrice: perM(15),
    created: NOW - 10 * DAY,
    providers: [{ slug: 'anthropic', name: 'Anthropic' }, { slug: 'amazon-bedrock', name: 'Amazon Bedrock' }],
    zdr: true,
    categories: ['programming', 'academia'],
    latencyMs: 900,
    throughput: 60,
  }),
  facts('google/gemini-2.5-flash-image', {
    name: 'Google: Gemini 2.5 Flash Image',
    tokenizer: 'Gemini',
    outputModalities: ['image', 'text'],
    promptPrice: perM(0.3),
    completionPrice: perM(2.5),
    providers: [{ slug: 'google-ai-studio', name: 'Google AI Studio' }],
    latencyMs: 200,
  }),
  facts('openai/text-embedding-3-small', { outputModalities: ['embeddings'], promptPrice: perM(0.02), completionPrice: perM(0), created: 0 }),
  facts('meta-llama/llama-3.3-70b-instruct:free', {
    name: 'Meta: Llama 3.3 70B (free)',
    tokenizer: 'Llama3',
    contextLength: 8_192,
    promptPrice: 0n,
    completionPrice: 0n,
    providers: [{ slug: 'groq', name: 'Groq' }],
    throughput: 300,
  }),
  facts('openrouter/auto', { name: 'Switchyard: Auto Router', tokenizer: 'Router', promptPrice: undefined, completionPrice: undefined, providers: [] }),
];

const LISTED: readonly Listed<string>[] = CATALOG.map((entry) => ({ facts: entry, item: entry.id }));
const select = (search: string) => selectModels(LISTED, parseModelQuery(params(search)), NOW);

const TEXT_MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'meta-llama/llama-3.3-70b-instruct:free', 'openrouter/auto'];

describe('selectModels: filters', () => {
  it.each<[string, readonly string[]]>([
    ['', TEXT_MODELS],
    ['output_modalities=text', TEXT_MODELS],
    ['output_modalities=image', ['google/gemini-2.5-flash-image']],
    ['output_modalities=embeddings', ['openai/text-embedding-3-small']],
    ['output_modalities=image,embeddings', ['google/gemini-2.5-flash-image', 'openai/text-embedding-3-small']],
    ['output_modalities=all', CATALOG.map((entry) => entry.id)],
    ['output_modalities=audio', []],
    ['input_modalities=image', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']],
    ['input_modalities=image,file', ['openai/gpt-4o-mini']],
    ['supported_parameters=tools', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']],
    ['supported_parameters=tools,response_format', ['openai/gpt-4o-mini']],
    ['supported_parameters=logit_bias', []],
    ['q=gpt', ['openai/gpt-4o-mini']],
    ['q=CLAUDE sonnet', ['anthropic/claude-sonnet-4.5']],
    ['q=anthropic: claude', ['anthropic/claude-sonnet-4.5']],
    ['q=free', ['meta-llama/llama-3.3-70b-instruct:free']],
    ['q=router', ['openrouter/auto']],
    ['context=200000', ['anthropic/claude-sonnet-4.5']],
    ['context=128000', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'openrouter/auto']],
    ['max_price=0.3', ['openai/gpt-4o-mini', 'google/gemini-2.5-flash-image', 'meta-llama/llama-3.3-70b-instruct:free']],
    ['max_price=0.15', ['openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct:free']],
    ['min_price=0.15&max_price=0.3', ['openai/gpt-4o-mini', 'google/gemini-2.5-flash-image']],
    ['min_price=0', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'meta-llama/llama-3.3-70b-instruct:free']],
    ['max_price=0', ['meta-llama/llama-3.3-70b-instruct:free']],
    ['min_output_price=2.5', ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image']],
    ['max_output_price=0.6', ['openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct:free']],
    ['arch=claude', ['anthropic/claude-sonnet-4.5']],
    ['model_authors=openai,google', ['openai/gpt-4o-mini', 'google/gemini-2.5-flash-image']],
    ['model_authors=OpenAI&output_modalities=all', ['openai/gpt-4o-mini', 'openai/text-embedding-3-small']],
    ['providers=groq', ['meta-llama/llama-3.3-70b-instruct:free']],
    ['providers=Amazon Bedrock,Google AI Studio', ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image']],
    ['providers=amazon-bedrock', ['anthropic/claude-sonnet-4.5']],
    ['zdr=true', ['anthropic/claude-sonnet-4.5']],
    ['category=programming', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']],
    ['category=academia', ['anthropic/claude-sonnet-4.5']],
    ['category=legal', []],
    ['max_age_days=30', ['anthropic/claude-sonnet-4.5']],
    ['min_age_days=365', ['openai/gpt-4o-mini']],
    ['min_age_days=0&output_modalities=embeddings', []],
    ['supported_parameters=tools&max_price=1&category=programming', ['openai/gpt-4o-mini']],
  ])('%s', (search, expected) => {
    const selection = select(search);
    expect(selection.items).toEqual(expected);
    expect(selection.total).toBe(expected.length);
  });
});

describe('selectModels: sort (stable; models without the sort key last)', () => {
  it.each<[string, readonly string[]]>([
    ['sort=pricing-low-to-high', ['meta-llama/llama-3.3-70b-instruct:free', 'openai/gpt-4o-mini', 'google/gemini-2.5-flash-image', 'anthropic/claude-sonnet-4.5', 'openrouter/auto']],
    ['sort=pricing-high-to-low', ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct:free', 'openrouter/auto']],
    ['sort=context-high-to-low', ['anthropic/claude-sonnet-4.5', 'openai/gpt-4o-mini', 'google/gemini-2.5-flash-image', 'openrouter/auto', 'meta-llama/llama-3.3-70b-instruct:free']],
    ['sort=newest&output_modalities=all', ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'meta-llama/llama-3.3-70b-instruct:free', 'openrouter/auto', 'openai/gpt-4o-mini', 'openai/text-embedding-3-small']],
    ['sort=latency-low-to-high', ['google/gemini-2.5-flash-image', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'meta-llama/llama-3.3-70b-instruct:free', 'openrouter/auto']],
    ['sort=throughput-high-to-low', ['meta-llama/llama-3.3-70b-instruct:free', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash-image', 'openrouter/auto']],
    ['sort=pricing-low-to-high&supported_parameters=tools', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']],
  ])('%s', (search, expected) => {
    expect(select(search).items).toEqual(expected);
  });
});

describe('selectModels: pages after filtering and sorting', () => {
  it.each<[string, readonly string[], number | undefined]>([
    ['', TEXT_MODELS, undefined],
    ['offset=0&limit=500', TEXT_MODELS, undefined],
    ['limit=2', TEXT_MODELS.slice(0, 2), 2],
    ['offset=2&limit=2', TEXT_MODELS.slice(2, 4), 4],
    ['offset=4&limit=2', TEXT_MODELS.slice(4), undefined],
    ['offset=3&limit=2', TEXT_MODELS.slice(3), undefined],
    ['offset=9', [], undefined],
    ['sort=pricing-low-to-high&limit=2', ['meta-llama/llama-3.3-70b-instruct:free', 'openai/gpt-4o-mini'], 2],
  ])('%s', (search, expected, nextOffset) => {
    const selection = select(search);
    expect(selection.items).toEqual(expected);
    expect(selection.total).toBe(TEXT_MODELS.length);
    expect(selection.nextOffset).toBe(nextOffset);
  });
});
