import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator, readFixture, readJsonFixture, type RecordedRequest, type Scripted } from '@switchyard/test-support';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Gemini and Claude on Google Vertex AI through the real server: both bundled Vertex providers point
 * at the fake upstream, which serves the Vertex paths and a fake OAuth token endpoint; the gateway
 * mints its access token from a generated service-account key file.
 */
const PROJECT = 'test-proj';
const LOCATION = 'us-central1';
// Under /gemini/ so that the harness validates the Gemini-on-Vertex bodies against the Gemini spec.
const GEMINI_BASE = `/gemini/vertex/v1/projects/${PROJECT}/locations/${LOCATION}`;
const CLAUDE_BASE = `/vertex/v1/projects/${PROJECT}/locations/${LOCATION}`;
const TOKEN = 'ya29.minted-by-fake-token-endpoint';
const V = 'google/vertexai-sdk-test-data/vertexai/';

let t: TestGateway;
let client: OpenAI;
let keyDir: string;
/** Scripted answers by path; the token endpoint always answers. */
let answers: Map<string, Scripted>;
/** Token endpoint calls over the whole file (the upstream's request log is reset per test). */
const tokenRequests: RecordedRequest[] = [];
const spec = createSpecValidator('openrouter');

function answer(request: RecordedRequest): Scripted {
  if (request.url === '/oauth2/token') {
    tokenRequests.push(request);
    return { json: { access_token: TOKEN, expires_in: 3599, token_type: 'Bearer' } };
  }
  return answers.get(request.url) ?? { status: 404, json: { error: { code: 404, message: `fake: nothing for ${request.url}`, status: 'NOT_FOUND' } } };
}

function serviceAccountFile(dir: string, tokenUri: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, 'service-account.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: PROJECT,
      private_key_id: 'k1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'gateway@test-proj.iam.gserviceaccount.com',
      token_uri: tokenUri,
    }),
  );
  return file;
}

beforeAll(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'switchyard-vertex-'));
  t = await startTestGateway({
    config: (upstream) => {
      const credentialsFile = serviceAccountFile(keyDir, `${upstream}/oauth2/token`);
      const options = { project: PROJECT, location: LOCATION, credentials_file: credentialsFile };
      return {
        providers: [
          { id: 'google-vertex', base_url: `${upstream}/gemini/vertex/v1/projects/{project}/locations/{location}`, options, timeout_ms: 10_000 },
          { id: 'google-vertex-anthropic', base_url: `${upstream}/vertex/v1/projects/{project}/locations/{location}`, options, timeout_ms: 10_000 },
        ],
      };
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await t.close();
  rmSync(keyDir, { recursive: true, force: true });
});
beforeEach(() => {
  t.upstream.reset();
  answers = new Map();
  t.upstream.always(answer);
});

/** The requests that reached Vertex (not the token endpoint), each carrying the minted bearer token. */
function vertexRequests(): RecordedRequest[] {
  const sent = t.upstream.requests.filter((request) => request.url !== '/oauth2/token');
  for (const request of sent) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  return sent;
}

async function streamText(model: string, tools?: OpenAI.ChatCompletionTool[]) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    ...(tools === undefined ? {} : { tools }),
  });
  let text = '';
  const calls: { name?: string; arguments: string }[] = [];
  let finish: string | null = null;
  // The harness's validating proxy checks every streamed chunk against the OpenRouter spec.
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    text += choice?.delta.content ?? '';
    for (const call of choice?.delta.tool_calls ?? []) {
      const slot = (calls[call.index] ??= { arguments: '' });
      if (call.function?.name !== undefined) slot.name = call.function.name;
      slot.arguments += call.function?.arguments ?? '';
    }
    finish = choice?.finish_reason ?? finish;
  }
  return { text, calls, finish };
}

const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

describe('Gemini on Vertex AI', () => {
  const generate = `${GEMINI_BASE}/publishers/google/models/gemini-2.5-flash:generateContent`;
  const stream = `${GEMINI_BASE}/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse`;

  it('non-streaming: generateContent with the minted bearer token', async () => {
    answers.set(generate, { json: readJsonFixture(`${V}unary-success-basic-reply-short.json`) });
    const completion = await client.chat.completions.create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Where is Google?' }] });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect((completion as unknown as { provider: string }).provider).toBe('Google Vertex');
    expect(completion.choices[0]?.message.content).toContain('Mountain View, California');
    expect(completion.usage?.prompt_tokens).toBe(6);
    expect(completion.usage?.completion_tokens).toBe(7);
    const [sent] = vertexRequests();
    expect(sent?.url).toBe(generate);
    expect(sent?.body).toMatchObject({ contents: [{ role: 'user', parts: [{ text: 'Where is Google?' }] }] });
    expect(sent?.body).not.toHaveProperty('model');
  });

  it('streaming: streamGenerateContent?alt=sse', async () => {
    answers.set(stream, { body: readFixture(`${V}streaming-success-basic-reply-short.txt`) });
    const { text, finish } = await streamText('google/gemini-2.5-flash');
    expect(text).toContain('Cheyenne');
    expect(finish).toBe('stop');
    expect(vertexRequests().map((request) => request.url)).toEqual([stream]);
  });

  it('streams a function call back as an OpenAI tool call', async () => {
    answers.set(stream, { body: readFixture(`${V}streaming-success-function-call-short.txt`) });
    const { calls, finish } = await streamText('google/gemini-2.5-flash', [WEATHER_TOOL]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe('getTemperature');
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({ city: 'San Jose' });
    expect(finish).toBe('tool_calls');
    expect(vertexRequests()[0]?.body).toMatchObject({ tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] });
  });
});

describe('Claude on Vertex AI', () => {
  const raw = `${CLAUDE_BASE}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`;
  const streamRaw = `${CLAUDE_BASE}/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`;

  it('non-streaming: rawPredict with anthropic_version in the body and no model', async () => {
    answers.set(raw, { json: FIXTURES.anthropicText() });
    const completion = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'How are you?' }] });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect((completion as unknown as { provider: string }).provider).toBe('Google Vertex');
    expect(completion.choices[0]?.message.content).toMatch(/^Hello! I'm doing well/);
    expect(completion.usage?.prompt_tokens).toBe(12);
    expect(completion.usage?.completion_tokens).toBe(29);
    // Sonnet 4.5 on Vertex (global list price): 12·$3/M + 29·$15/M = 471 µ$
    expect((completion.usage as unknown as { cost: number }).cost).toBeCloseTo(0.000471, 9);
    const [sent] = vertexRequests();
    expect(sent?.url).toBe(raw);
    expect(sent?.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', messages: [{ role: 'user', content: 'How are you?' }], stream: false });
    expect(sent?.body).not.toHaveProperty('model');
    expect(sent?.headers).not.toHaveProperty('x-api-key');
  });

  it('streaming: streamRawPredict with Anthropic SSE', async () => {
    answers.set(streamRaw, { body: FIXTURES.anthropicStream() });
    const { text, finish } = await streamText('anthropic/claude-sonnet-4.5');
    expect(text).toBe('Hello there!');
    expect(finish).toBe('stop');
    expect(vertexRequests()[0]?.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', stream: true });
  });

  it('streams a tool call', async () => {
    answers.set(streamRaw, { body: FIXTURES.anthropicToolStream() });
    const { calls, finish } = await streamText('anthropic/claude-sonnet-4.5', [WEATHER_TOOL]);
    expect(calls.map((call) => call.name)).toEqual(['get_weather']);
    expect(JSON.parse(calls[0]?.arguments ?? '')).toHaveProperty('location');
    expect(finish).toBe('tool_calls');
    expect(vertexRequests()[0]?.body).toMatchObject({ tools: [{ name: 'get_weather' }] });
  });
});

describe('service-account token', () => {
  it('was minted once per provider with a JWT bearer grant and reused for every request', () => {
    // One token per provider (google-vertex and google-vertex-anthropic cache separately), six requests.
    expect(tokenRequests).toHaveLength(2);
    for (const request of tokenRequests) {
      const form = new URLSearchParams(String(request.body));
      expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      const claims = JSON.parse(Buffer.from(form.get('assertion')?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      expect(claims['iss']).toBe('gateway@test-proj.iam.gserviceaccount.com');
      expect(claims['scope']).toBe('https://www.googleapis.com/auth/cloud-platform');
      expect(String(claims['aud'])).toMatch(/\/oauth2\/token$/);
    }
  });
});
