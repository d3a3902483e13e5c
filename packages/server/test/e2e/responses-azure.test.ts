import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator, readFixture, readJsonFixture, type RecordedRequest } from '@switchyard/test-support';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { loadConfig } from '../../src/config/load-config.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * The Responses API as an upstream, and Azure OpenAI, end to end: the real gateway with the
 * bundled `openai` provider (its `api: responses` endpoints, e.g. openai/o3-pro) and an `azure`
 * provider, both pointed at the fake upstream replaying recorded Responses / Azure traffic, driven
 * by the official `openai` SDK through Chat Completions.
 */
const openRouter = createSpecValidator('openrouter');
const OPENAI_R = 'openai/vercel-ai/openai-responses/';
const AZURE = 'azure/vercel-ai/';

/** The recording's responses (split at response.created), each as the SSE body OpenAI sends (`event:` + `data:`). */
function responsesSse(file: string): string[] {
  const segments: string[][] = [];
  for (const line of readFixture(file).split('\n').filter((l) => l.trim() !== '')) {
    if (segments.length === 0 || line.startsWith('{"type":"response.created"')) segments.push([]);
    segments.at(-1)?.push(line);
  }
  return segments.map((lines) => lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join(''));
}

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (upstream) => [
      { id: 'azure', base_url: `${upstream}/azure`, api_key: 'az-upstream-key', options: { api_version: '2024-10-21' }, timeout_ms: 10_000 },
    ],
    config: {
      models: [
        {
          id: 'azure/gpt-5.1',
          context_length: 400000,
          endpoints: [{ provider: 'azure', upstream_model: 'prod-gpt-51', pricing: { prompt: '0.00000125', completion: '0.00001' } }],
        },
        {
          id: 'azure/gpt-5.1-responses',
          context_length: 400000,
          endpoints: [
            {
              provider: 'azure',
              api: 'responses',
              upstream_model: 'prod-gpt-51',
              pricing: { prompt: '0.00000125', completion: '0.00001' },
              supported_parameters: ['max_tokens', 'tools', 'tool_choice', 'reasoning', 'include_reasoning'],
            },
          ],
        },
      ],
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  for (const chunk of chunks) expect(openRouter.errors('ChatStreamChunk', chunk)).toEqual([]);
  return chunks;
}

function sentBody(request: RecordedRequest | undefined): Record<string, unknown> {
  return request?.body as Record<string, unknown>;
}

const calculator: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'calculator', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, op: { type: 'string' } } } } },
];

describe('OpenAI models on the Responses API (endpoint api: responses)', () => {
  it('non-streaming: POST /v1/responses with store false; text, encrypted reasoning, usage and cost', async () => {
    t.upstream.next({ json: readJsonFixture(`${OPENAI_R}openai-reasoning-encrypted-content.1.json`) });
    const completion = await client.chat.completions.create({
      model: 'openai/o3-pro',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
      reasoning_effort: 'low',
    });
    expect(openRouter.errors('ChatResult', completion)).toEqual([]);
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/openai/v1/responses');
    expect(sent?.headers['authorization']).toBe('Bearer sk-upstream-openai');
    const body = sentBody(sent);
    expect(body).toMatchObject({ model: 'o3-pro', instructions: 'Be brief.', store: false, include: ['reasoning.encrypted_content'], reasoning: { effort: 'low', summary: 'auto' } });
    // The harness checks every upstream /responses body against OpenAI's CreateResponse.
    expect(t.violations()).toEqual([]);
    const message = completion.choices[0]?.message as OpenAI.ChatCompletionMessage & { reasoning_details?: { type: string; data?: string }[] };
    expect(message.content).toBeTruthy();
    expect(message.reasoning_details?.some((d) => d.type === 'reasoning.encrypted' && (d.data?.length ?? 0) > 100)).toBe(true);
    const usage = (readJsonFixture(`${OPENAI_R}openai-reasoning-encrypted-content.1.json`) as { usage: { input_tokens: number; output_tokens: number } }).usage;
    expect(completion.usage).toMatchObject({ prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens });
    // o3-pro: $20/M prompt, $80/M completion.
    const cost = (usage.input_tokens * 20 + usage.output_tokens * 80) / 1_000_000;
    expect((completion.usage as unknown as { cost: number }).cost).toBeCloseTo(cost, 6);
  });

  it('streaming: response.* events become chat chunks, finish stop, then usage', async () => {
    const [sse] = responsesSse(`${OPENAI_R}openai-phase.1.chunks.txt`);
    t.upstream.next({ body: sse ?? '', headers: { 'content-type': 'text/event-stream' }, chunkSize: 211 });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'openai/gpt-5-codex', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    );
    expect(sentBody(t.upstream.requests[0])).toMatchObject({ model: 'gpt-5-codex', stream: true, store: false });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('').length).toBeGreaterThan(0);
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);
  });
});

describe('Azure OpenAI', () => {
  it('Chat Completions: deployment URL, api-version and api-key header', async () => {
    t.upstream.next({ json: readJsonFixture(`${AZURE}azure-deepseek-reasoning.1.json`) });
    const completion = await client.chat.completions.create({ model: 'azure/gpt-5.1', messages: [{ role: 'user', content: 'Invent a holiday.' }] });
    expect(openRouter.errors('ChatResult', completion)).toEqual([]);
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/azure/openai/deployments/prod-gpt-51/chat/completions?api-version=2024-10-21');
    expect(sent?.headers['api-key']).toBe('az-upstream-key');
    expect(sent?.headers['authorization']).toBeUndefined();
    expect(t.violations()).toEqual([]);
    expect(completion.choices[0]?.message.content).toMatch(/BRUNSON/);
    expect((completion as unknown as { provider: string }).provider).toBe('Azure');
  });

  it('Responses API streaming on Azure: /openai/v1/responses, the deployment as model', async () => {
    const [sse] = responsesSse(`${AZURE}azure-text.1.chunks.txt`);
    t.upstream.next({ body: sse ?? '', headers: { 'content-type': 'text/event-stream' } });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'azure/gpt-5.1-responses', messages: [{ role: 'user', content: 'One word.' }], stream: true }),
    );
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/azure/openai/v1/responses');
    expect(sent?.headers['api-key']).toBe('az-upstream-key');
    expect(sentBody(sent)).toMatchObject({ model: 'prod-gpt-51', stream: true, store: false });
    expect(t.violations()).toEqual([]);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello');
  });

  it('a tool call, then the tool result with the encrypted reasoning sent back (two turns)', async () => {
    const [first, second] = responsesSse(`${AZURE}azure-reasoning-encrypted-content.1.chunks.txt`);
    t.upstream.next({ body: first ?? '', headers: { 'content-type': 'text/event-stream' } });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Compute (12+7)*3*10, one tool call per step.' }];
    const chunks = await collect(
      await client.chat.completions.create({ model: 'azure/gpt-5.1-responses', messages, tools: calculator, reasoning_effort: 'high', stream: true }),
    );
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('tool_calls');
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const callId = calls[0]?.id ?? '';
    expect(calls[0]?.function?.name).toBe('calculator');
    expect(JSON.parse(calls.map((c) => c.function?.arguments ?? '').join(''))).toEqual({ a: 12, b: 7, op: 'add' });
    const details = chunks.flatMap((c) => (c.choices[0]?.delta as { reasoning_details?: Record<string, unknown>[] } | undefined)?.reasoning_details ?? []);
    const encrypted = details.find((d) => d['type'] === 'reasoning.encrypted');
    expect(encrypted).toMatchObject({ format: 'azure-openai-responses-v1' });

    t.upstream.next({ body: second ?? '', headers: { 'content-type': 'text/event-stream' } });
    const assistant = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: callId, type: 'function', function: { name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' } }],
      reasoning_details: details,
    } as unknown as OpenAI.ChatCompletionMessageParam;
    const next = await collect(
      await client.chat.completions.create({
        model: 'azure/gpt-5.1-responses',
        messages: [...messages, assistant, { role: 'tool', tool_call_id: callId, content: '19' }],
        tools: calculator,
        reasoning_effort: 'high',
        stream: true,
      }),
    );
    expect(next.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('tool_calls');
    const input = sentBody(t.upstream.requests[1])['input'] as Record<string, unknown>[];
    expect(input.map((item) => item['type'])).toEqual(['message', 'reasoning', 'function_call', 'function_call_output']);
    expect(input[1]).toMatchObject({ id: encrypted?.['id'], encrypted_content: encrypted?.['data'] });
    // The streamed summary pieces (one per chunk) go back as the one summary they were.
    const summary = details.filter((d) => d['type'] === 'reasoning.summary').map((d) => d['summary']).join('');
    expect(input[1]?.['summary']).toEqual([{ type: 'summary_text', text: summary }]);
    expect(t.violations()).toEqual([]);
  });

  it('non-streaming tool call on Azure Responses', async () => {
    t.upstream.next({ json: readJsonFixture(`${AZURE}azure-tool-call.1.json`) });
    const completion = await client.chat.completions.create({
      model: 'azure/gpt-5.1-responses',
      messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
      tool_choice: 'required',
    });
    expect(openRouter.errors('ChatResult', completion)).toEqual([]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'weather' } });
    expect(sentBody(t.upstream.requests[0])).toMatchObject({ tool_choice: 'required', tools: [{ type: 'function', name: 'weather', strict: false }] });
  });

  it('a content-filtered prompt is a content_filtered error with the raw Azure body', async () => {
    const filtered = {
      error: {
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { hate: { filtered: true, severity: 'high' } } },
      },
    };
    t.upstream.next({ status: 400, json: filtered });
    const error = await client.chat.completions.create({ model: 'azure/gpt-5.1', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(400);
    expect((apiError.error as { metadata?: { raw?: unknown; provider_name?: string } }).metadata).toMatchObject({ provider_name: 'Azure', raw: filtered });
  });
});

describe('upstream contract check (canary)', () => {
  it('a /responses body that breaks OpenAI’s CreateResponse fails the harness', async () => {
    const canary = await startTestGateway();
    const bad = { model: 'o3-pro', store: false, input: [{ type: 'function_call_output' }] };
    await fetch(`${canary.upstream.url}/openai/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) });
    expect(canary.violations().join('\n')).toMatch(/^upstream \/openai\/v1\/responses \(openai spec\): \/input\/0/m);
    await expect(canary.close()).rejects.toThrow(/contract violations/);
  });
});

describe('configuration', () => {
  function catalogFor(env: NodeJS.ProcessEnv, file?: Record<string, unknown>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-azure-'));
    try {
      const configPath = file === undefined ? undefined : path.join(dir, 'switchyard.yaml');
      if (configPath !== undefined) writeFileSync(configPath, stringify(file));
      const config = loadConfig({ env, cwd: dir, configPath });
      return { config, catalog: buildCatalog(config) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('the bundled Azure provider reads its resource, api-version and key from the environment', () => {
    const { config, catalog } = catalogFor({ AZURE_OPENAI_API_KEY: 'k', AZURE_RESOURCE_NAME: 'acme', AZURE_OPENAI_API_VERSION: '2024-10-21' });
    const azure = config.providers.get('azure');
    expect(azure?.settings).toMatchObject({ name: 'Azure', baseUrl: 'https://acme.openai.azure.com', apiKey: 'k', options: { api_version: '2024-10-21' } });
    expect(catalog.get('openai/gpt-4.1')?.endpoints.map((e) => e.providerId)).toEqual(['azure']);
    expect(catalog.get('openai/o3-pro')?.endpoints).toEqual([expect.objectContaining({ providerId: 'azure', api: 'responses', upstreamModel: 'o3-pro' })]);
  });

  it('an endpoint cannot ask for an API its provider lacks', () => {
    const file = {
      providers: [{ id: 'anthropic', api_key: 'k' }],
      models: [{ id: 'x/claude', context_length: 1000, endpoints: [{ provider: 'anthropic', api: 'responses', upstream_model: 'c', pricing: { prompt: '0', completion: '0' } }] }],
    };
    expect(() => catalogFor({}, file)).toThrow(/endpoints\[0\]\.api: provider "anthropic" \(adapter anthropic\) has no "responses" API/);
  });
});
