import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeUpstream, readJsonFixture, type RecordedRequest } from '@switchyard/test-support';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Gemini on Vertex AI with Google Application Default Credentials, through the real server: an
 * authorized_user file (gcloud auth application-default login) named by
 * GOOGLE_APPLICATION_CREDENTIALS, refreshed at a fake token endpoint; and the metadata server.
 */
const PROJECT = 'adc-proj';
const LOCATION = 'us-central1';
const GENERATE = `/gemini/vertex/v1/projects/${PROJECT}/locations/${LOCATION}/publishers/google/models/gemini-2.5-flash:generateContent`;
const REPLY = readJsonFixture('google/vertexai-sdk-test-data/vertexai/unary-success-basic-reply-short.json');
const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-adc-e2e-'));
let google: FakeUpstream;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  google = await FakeUpstream.start();
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await google.close();
  rmSync(dir, { recursive: true, force: true });
});

async function vertexGateway(env: Record<string, string>): Promise<{ t: TestGateway; client: OpenAI }> {
  const t = await startTestGateway({
    // GOOGLE_APPLICATION_CREDENTIALS also enables the bundled Claude-on-Vertex provider, which needs these.
    env: { HOME: dir, GOOGLE_VERTEX_PROJECT: PROJECT, GOOGLE_VERTEX_LOCATION: LOCATION, ...env },
    extraProviders: (upstream) => [
      { id: 'google-vertex', base_url: `${upstream}/gemini/vertex/v1/projects/{project}/locations/{location}`, options: { project: PROJECT, location: LOCATION }, timeout_ms: 10_000 },
    ],
  });
  t.upstream.always((request) => (request.url === GENERATE ? { json: REPLY } : { status: 404, json: { error: { code: 404, message: 'fake: not here', status: 'NOT_FOUND' } } }));
  gateways.push(t);
  return { t, client: new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 }) };
}

const ask = (client: OpenAI) =>
  client.chat.completions.create({
    model: 'google/gemini-2.5-flash',
    messages: [{ role: 'user', content: 'Where is Google?' }],
    // @ts-expect-error OpenRouter's provider preferences are not in the openai SDK's types
    provider: { only: ['google-vertex'] },
  });

const vertexCalls = (t: TestGateway): RecordedRequest[] => t.upstream.requests.filter((request) => request.url === GENERATE);

describe('Vertex with Application Default Credentials', () => {
  it('refreshes an authorized_user file from GOOGLE_APPLICATION_CREDENTIALS and sends the token', async () => {
    google.reset();
    google.always({ json: { access_token: 'ya29.from-refresh-token', expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/cloud-platform' } });
    const file = path.join(dir, 'adc.json');
    writeFileSync(file, JSON.stringify({ type: 'authorized_user', client_id: 'id.apps.googleusercontent.com', client_secret: 'user-secret', refresh_token: '1//refresh', token_uri: `${google.url}/token` }));
    const { t, client } = await vertexGateway({ GOOGLE_APPLICATION_CREDENTIALS: file });
    const completion = await ask(client);
    await ask(client);
    expect(completion.choices[0]?.message.content).toContain('Mountain View, California');
    expect(google.requests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(String(google.requests[0]?.body)))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '1//refresh',
      client_id: 'id.apps.googleusercontent.com',
      client_secret: 'user-secret',
    });
    const calls = vertexCalls(t);
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.headers['authorization']).toBe('Bearer ya29.from-refresh-token');
  });

  it('gets the token from the metadata server when no credentials file exists', async () => {
    google.reset();
    google.always({ json: { access_token: 'ya29.from-metadata', expires_in: 3599, token_type: 'Bearer' }, headers: { 'metadata-flavor': 'Google' } });
    const { t, client } = await vertexGateway({ GCE_METADATA_HOST: google.url.replace('http://', '') });
    await ask(client);
    expect(google.requests[0]?.url).toMatch(/^\/computeMetadata\/v1\/instance\/service-accounts\/default\/token\?scopes=/);
    expect(google.requests[0]?.headers['metadata-flavor']).toBe('Google');
    expect(vertexCalls(t)[0]?.headers['authorization']).toBe('Bearer ya29.from-metadata');
  });

  it('answers 502 upstream_auth_failed when the refresh token was revoked', async () => {
    google.reset();
    google.always({ status: 400, json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } });
    const file = path.join(dir, 'revoked.json');
    writeFileSync(file, JSON.stringify({ type: 'authorized_user', client_id: 'c', client_secret: 's', refresh_token: 'r', token_uri: `${google.url}/token` }));
    const { t, client } = await vertexGateway({ GOOGLE_APPLICATION_CREDENTIALS: file });
    const error = await ask(client).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as Error).message).toMatch(/Google Vertex: the Google token endpoint refused the authorized_user refresh token \(HTTP 400 invalid_grant/);
    expect(vertexCalls(t)).toHaveLength(0);
  });
});
