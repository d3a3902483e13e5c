import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { signSigV4 } from '@switchyard/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator, readFixture, readJsonFixture } from '@switchyard/test-support';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { loadConfig } from '../../src/config/load-config.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Amazon Bedrock end to end: the real gateway with the bundled `amazon-bedrock` provider pointed at
 * the fake upstream, which answers Converse with recorded JSON and ConverseStream with the recorded
 * frames (../shared/fixtures/amazon-bedrock) encoded as binary AWS event-stream messages.
 */
const spec = createSpecValidator('openrouter');
const F = 'amazon-bedrock/vercel-ai/';

/** One event-stream message: [total][headers length][prelude CRC][headers][payload][message CRC], CRC32 from node:zlib. */
function message(eventType: string, payload: unknown, kind: 'event' | 'exception' = 'event'): Buffer {
  const typeHeader = kind === 'event' ? { ':event-type': eventType } : { ':exception-type': eventType };
  const headers = Buffer.concat(
    Object.entries({ ...typeHeader, ':content-type': 'application/json', ':message-type': kind }).map(([name, value]) => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(Buffer.byteLength(value));
      return Buffer.concat([Buffer.from([Buffer.byteLength(name)]), Buffer.from(name), Buffer.from([7]), length, Buffer.from(value)]);
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(12 + headers.length + body.length + 4, 0);
  prelude.writeUInt32BE(headers.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const withoutCrc = Buffer.concat([prelude, headers, body]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(withoutCrc));
  return Buffer.concat([withoutCrc, trailer]);
}

/** A vercel/ai `*.chunks.txt` (decoded frames, one `{"<eventType>": payload}` a line) → the binary stream. */
function eventStream(file: string): Buffer {
  const lines = readFixture(`${F}${file}`).split('\n').filter((line) => line.trim() !== '');
  return Buffer.concat(lines.map((line) => {
    const [eventType, payload] = Object.entries(JSON.parse(line) as Record<string, unknown>)[0] ?? ['', {}];
    return message(eventType, payload);
  }));
}

/** A Claude 4.6 id as Bedrock names it (cross-Region profile): adaptive thinking and native structured outputs. */
const OPUS_46 = 'us.anthropic.claude-opus-4-6-v1';
const STREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream' };
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/;

/**
 * Re-signs what the fake upstream received (its Host, path and body as they arrived) with the
 * received x-amz-date, as AWS would: the signature must match the one sent.
 */
function verifySignature(sent: TestGateway['upstream']['requests'][number] | undefined): boolean {
  if (sent === undefined) return false;
  const header = (name: string) => String(sent.headers[name] ?? '');
  const signed = /SignedHeaders=([^,]+)/.exec(header('authorization'))?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signed.filter((name) => !['host', 'x-amz-date', 'x-amz-security-token'].includes(name)).map((name) => [name, header(name)]));
  const date = header('x-amz-date').replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const result = signSigV4({
    method: 'POST',
    url: `http://${header('host')}${sent.url}`,
    headers,
    body: JSON.stringify(sent.body),
    region: 'us-east-1',
    service: 'bedrock',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'upstream-secret', sessionToken: header('x-amz-security-token') },
    now: new Date(date),
  });
  return result.headers['authorization'] === header('authorization');
}

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (upstream) => [
      {
        id: 'amazon-bedrock',
        base_url: `${upstream}/bedrock`,
        options: { region: 'us-east-1', access_key_id: 'AKIDEXAMPLE', secret_access_key: 'upstream-secret', session_token: 'upstream-session' },
        timeout_ms: 10_000,
      },
    ],
    config: {
      models: [
        {
          id: 'test/claude-opus-4.6-bedrock',
          context_length: 1_000_000,
          endpoints: [
            {
              provider: 'amazon-bedrock',
              upstream_model: OPUS_46,
              max_completion_tokens: 128_000,
              pricing: { prompt: '0.000005', completion: '0.000025' },
              supported_parameters: ['max_tokens', 'reasoning', 'include_reasoning', 'response_format', 'structured_outputs', 'tools', 'tool_choice'],
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
  for (const chunk of chunks) expect(spec.errors('ChatStreamChunk', chunk)).toEqual([]);
  return chunks;
}

describe('Amazon Bedrock through the gateway (openai SDK)', () => {
  it('non-streaming: a SigV4-signed Converse request; text and usage', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}amazon-bedrock-text.json`) });
    const completion = await client.chat.completions.create({
      model: 'amazon/nova-pro-v1',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'How many rs in strawberry?' }],
      max_tokens: 100,
      temperature: 0.5,
    });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect((completion as unknown as { provider: string }).provider).toBe('Amazon Bedrock');
    expect(completion.choices[0]?.message.content).toContain('There are **3** "r"s');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 57 });
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/bedrock/model/us.amazon.nova-pro-v1%3A0/converse');
    expect(sent?.headers['authorization']).toMatch(SIGV4);
    expect(sent?.headers['x-amz-security-token']).toBe('upstream-session');
    expect(sent?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent?.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature(sent)).toBe(true);
    expect(sent?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'How many rs in strawberry?' }] }],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 100, temperature: 0.5 },
    });
  });

  it('streaming: binary event-stream frames become chunks; finish and usage', async () => {
    t.upstream.next({ bytes: eventStream('amazon-bedrock-text.chunks.txt'), chunkSize: 29, headers: STREAM_HEADERS });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'amazon/nova-pro-v1', messages: [{ role: 'user', content: 'Count' }], stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
      'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."',
    );
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 55 });
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/bedrock/model/us.amazon.nova-pro-v1%3A0/converse-stream');
    expect(sent?.headers['authorization']).toMatch(SIGV4);
  });

  it('streaming tool call: toolUse blocks become tool_calls with finish tool_calls', async () => {
    t.upstream.next({ bytes: eventStream('amazon-bedrock-tool-call.1.chunks.txt'), chunkSize: 17, headers: STREAM_HEADERS });
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'amazon/nova-pro-v1',
        messages: [{ role: 'user', content: 'Name a day' }],
        tools: [{ type: 'function', function: { name: 'test-tool', parameters: { type: 'object', properties: { value: { type: 'string' } } } } }],
        tool_choice: 'required',
        stream: true,
      }),
    );
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: 'tool-use-id', function: { name: 'test-tool' } });
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({ value: 'Sparkle Day' });
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('tool_calls');
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/bedrock/model/us.amazon.nova-pro-v1%3A0/converse-stream');
    expect(sent?.body).toMatchObject({
      toolConfig: { tools: [{ toolSpec: { name: 'test-tool' } }], toolChoice: { any: {} } },
    });
  });

  it('non-streaming tool call', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}amazon-bedrock-tool-call.1.json`) });
    const completion = await client.chat.completions.create({
      model: 'amazon/nova-lite-v1',
      messages: [{ role: 'user', content: 'Name a day' }],
      tools: [{ type: 'function', function: { name: 'bash', parameters: { type: 'object' } } }],
    });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ id: 'tool-use-id', type: 'function', function: { name: 'bash' } });
  });

  it('an exception frame before any content fails the request (429, retry-able elsewhere)', async () => {
    t.upstream.next({
      bytes: Buffer.concat([message('messageStart', { role: 'assistant' }), message('throttlingException', { message: 'Too many tokens, please wait.' }, 'exception')]),
      headers: STREAM_HEADERS,
    });
    const error = await client.chat.completions
      .create({ model: 'amazon/nova-micro-v1', messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .then(collect)
      .catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((error as Error).message).toMatch(/Amazon Bedrock: Too many tokens/);
  });

  it('a ThrottlingException answer is a 429 naming the provider', async () => {
    t.upstream.next({
      status: 429,
      headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
      json: { message: 'Too many requests, please wait before trying again.' },
    });
    const error = await client.chat.completions.create({ model: 'amazon/nova-micro-v1', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((error as Error).message).toMatch(/Amazon Bedrock: Too many requests/);
  });
});

describe('Claude 4.6 on Bedrock: the Anthropic model traits in Converse form', () => {
  it('non-streaming: reasoning effort → adaptive thinking and output_config.effort in additionalModelRequestFields', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}amazon-bedrock-reasoning.json`) });
    const completion = await client.chat.completions.create({
      model: 'test/claude-opus-4.6-bedrock',
      messages: [{ role: 'user', content: 'How many rs in strawberry?' }],
      max_tokens: 2000,
      temperature: 0.4,
      reasoning_effort: 'high',
    });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    const message = completion.choices[0]?.message as OpenAI.ChatCompletionMessage & { reasoning?: string; reasoning_details?: unknown[] };
    expect(message.content).toContain('There are **3** r');
    expect(message.reasoning).toMatch(/^Let me count the r's/);
    expect(message.reasoning_details?.[0]).toMatchObject({ type: 'reasoning.text', format: 'anthropic-claude-v1' });
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/bedrock/model/us.anthropic.claude-opus-4-6-v1/converse');
    expect(verifySignature(sent)).toBe(true);
    expect(sent?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'How many rs in strawberry?' }] }],
      inferenceConfig: { maxTokens: 2000 },
      additionalModelRequestFields: { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } },
    });
  });

  it('streaming: json_schema → outputConfig.textFormat (no forced tool), thinking stays on; reasoning streams', async () => {
    t.upstream.next({ bytes: eventStream('amazon-bedrock-reasoning.chunks.txt'), chunkSize: 23, headers: STREAM_HEADERS });
    const schema = { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'], additionalProperties: false };
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'test/claude-opus-4.6-bedrock',
        messages: [{ role: 'user', content: 'How many rs in strawberry?' }],
        reasoning: { max_tokens: 4000 },
        response_format: { type: 'json_schema', json_schema: { name: 'count', schema } },
        stream: true,
      } as OpenAI.ChatCompletionCreateParamsStreaming),
    );
    const reasoning = chunks.map((c) => (c.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '').join('');
    expect(reasoning).toMatch(/^Let me count the r's/);
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('stop');
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/bedrock/model/us.anthropic.claude-opus-4-6-v1/converse-stream');
    expect(sent?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'How many rs in strawberry?' }] }],
      inferenceConfig: { maxTokens: 128_000 },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 4000 } },
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'count' } } } },
    });
  });
});

describe('the bundled amazon-bedrock provider', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const load = (env: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-bedrock-'));
    dirs.push(dir);
    return loadConfig({ env, cwd: dir });
  };

  it('is enabled by AWS credentials, with the region in the base URL and the options filled from env', () => {
    const config = load({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'eu-west-1' });
    const settings = config.providers.get('amazon-bedrock')?.settings;
    expect(settings).toMatchObject({ name: 'Amazon Bedrock', baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com' });
    expect(settings?.options).toMatchObject({ region: 'eu-west-1', access_key_id: 'AKID', secret_access_key: 'secret' });
    const catalog = buildCatalog(config);
    expect(catalog.get('amazon/nova-pro-v1')?.endpoints.map((e) => e.providerId)).toEqual(['amazon-bedrock']);
    expect(catalog.get('anthropic/claude-sonnet-4.5')?.endpoints.map((e) => e.providerId)).toContain('amazon-bedrock');
  });

  it('stays disabled with a warning (not a start-up failure) when enabled without a region', () => {
    const config = load({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', HOME: '/nonexistent-home' });
    expect(config.providers.has('amazon-bedrock')).toBe(false);
    expect(config.warnings).toEqual([expect.stringMatching(/amazon-bedrock stays disabled: AWS credentials are set but no region is \(set AWS_REGION/)]);
  });
});
