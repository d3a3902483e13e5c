import { createServer } from 'node:net';
import type { ProviderCredential } from '@switchyard/core';
import { FakeUpstream } from '@switchyard/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, FakeTokenHttp, vertexSettings } from './__fixtures__/credentials-test-kit.js';
import { fetchCredentialHttp } from './credential-http.js';
import type { CredentialPlan } from './credential-plans.js';
import { ProviderCredentialSource } from './provider-credential-source.js';
import { gatewayFailure } from '@switchyard/test-support';

const signal = new AbortController().signal;
const vertex = vertexSettings({});
const bedrock = { ...vertexSettings({}, 'amazon-bedrock'), name: 'Amazon Bedrock' };
let fake: FakeUpstream;
let closedPort: number;

beforeAll(async () => {
  fake = await FakeUpstream.start();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function setup(plans: ReadonlyMap<string, CredentialPlan>, env: Record<string, string> = {}) {
  const tokens = new FakeTokenHttp();
  const clock = new FakeClock(Date.parse('2026-02-01T00:00:00Z'));
  const source = new ProviderCredentialSource(plans, {
    upstream: tokens,
    http: fetchCredentialHttp,
    clock,
    env,
    homeDir: '/nonexistent-home',
    runProcess: () => Promise.reject(new Error('no processes here')),
  });
  return { tokens, clock, source };
}

function bearer(credential: ProviderCredential | undefined): string | undefined {
  return credential?.type === 'bearer' ? credential.token : undefined;
}

const failure = gatewayFailure;

describe('Google Application Default Credentials', () => {
  it('authorized_user: the refresh-token grant at the token URI, cached until near expiry', async () => {
    const user = { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'csecret', refreshToken: '1//refresh', tokenUri: 'https://oauth2.test/token' };
    const { tokens, clock, source } = setup(new Map([['google-vertex', { type: 'authorized-user', user }]]));
    tokens.answer(200, { access_token: 'ya29.user', expires_in: 3599 }).answer(200, { access_token: 'ya29.user2', expires_in: 3599 });
    expect(bearer(await source.credentialFor(vertex, signal))).toBe('ya29.user');
    expect(bearer(await source.credentialFor(vertex, signal))).toBe('ya29.user');
    const sent = tokens.requests[0]?.spec;
    expect(sent?.url).toBe('https://oauth2.test/token');
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '1//refresh',
      client_id: 'cid.apps.googleusercontent.com',
      client_secret: 'csecret',
    });
    clock.advance(3599_000 - 5 * 60_000);
    expect(bearer(await source.credentialFor(vertex, signal))).toBe('ya29.user2');
    tokens.answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    clock.advance(3600_000);
    const error = await failure(source.credentialFor(vertex, signal));
    expect([error.code, error.message]).toEqual(['upstream_auth_failed', expect.stringMatching(/refused the authorized_user refresh token .*invalid_grant/)]);
    expect(error.message).not.toContain('csecret');
  });

  it('metadata server: GET with Metadata-Flavor: Google, token cached', async () => {
    fake.always({ json: { access_token: 'ya29.gce', expires_in: 3000, token_type: 'Bearer' }, headers: { 'metadata-flavor': 'Google' } });
    const host = fake.url.replace('http://', '');
    const { source } = setup(new Map([['google-vertex', { type: 'metadata-server', host, explicit: true }]]));
    expect(bearer(await source.credentialFor(vertex, signal))).toBe('ya29.gce');
    expect(bearer(await source.credentialFor(vertex, signal))).toBe('ya29.gce');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.url).toBe('/computeMetadata/v1/instance/service-accounts/default/token?scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform');
    expect(fake.requests[0]?.headers['metadata-flavor']).toBe('Google');
  });

  it('metadata server: nothing there is upstream_auth_failed (no credentials), unless GCE_METADATA_HOST named it', async () => {
    const host = `127.0.0.1:${closedPort}`;
    const implicit = setup(new Map([['google-vertex', { type: 'metadata-server', host, explicit: false }]]));
    const absent = await failure(implicit.source.credentialFor(vertex, signal));
    expect([absent.code, absent.message]).toEqual(['upstream_auth_failed', expect.stringMatching(/no Google credentials .*no metadata server at 127\.0\.0\.1/)]);
    const explicit = setup(new Map([['google-vertex', { type: 'metadata-server', host, explicit: true }]]));
    expect((await failure(explicit.source.credentialFor(vertex, signal))).code).toBe('upstream_unavailable');
    fake.always({ status: 404, body: 'no service account' });
    const noAccount = setup(new Map([['google-vertex', { type: 'metadata-server', host: fake.url.replace('http://', ''), explicit: false }]]));
    expect((await failure(noAccount.source.credentialFor(vertex, signal))).code).toBe('upstream_auth_failed');
  });
});

describe('AWS chain plans', () => {
  const containerCreds = (id: string, expiration: string) => ({ json: { AccessKeyId: id, SecretAccessKey: 's', Token: 't', Expiration: expiration } });

  it('gives AWS keys, shared by the providers on one profile, refreshed shortly before Expiration', async () => {
    const plans = new Map<string, CredentialPlan>([
      ['amazon-bedrock', { type: 'aws-chain', profile: undefined }],
      ['bedrock-eu', { type: 'aws-chain', profile: undefined }],
    ]);
    const { clock, source } = setup(plans, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok' });
    fake.next(containerCreds('ASIAONE', '2026-02-01T01:00:00Z')).next(containerCreds('ASIATWO', '2026-02-01T02:00:00Z'));
    const first = await source.credentialFor(bedrock, signal);
    expect(first).toEqual({ type: 'aws', credentials: { accessKeyId: 'ASIAONE', secretAccessKey: 's', sessionToken: 't' } });
    expect(await source.credentialFor({ ...bedrock, id: 'bedrock-eu' }, signal)).toEqual(first);
    clock.advance(55 * 60_000 - 1);
    expect(await source.credentialFor(bedrock, signal)).toEqual(first);
    expect(fake.requests).toHaveLength(1);
    clock.advance(1);
    const second = await source.credentialFor(bedrock, signal);
    expect(second?.type === 'aws' && second.credentials.accessKeyId).toBe('ASIATWO');
    expect(fake.requests).toHaveLength(2);
  });

  it('shares one in-flight fetch between concurrent callers and does not cache a failure', async () => {
    const { source } = setup(new Map([['amazon-bedrock', { type: 'aws-chain', profile: undefined }]]), {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/creds`,
    });
    fake.next({ status: 500, json: { message: 'agent restarting' } });
    expect((await failure(source.credentialFor(bedrock, signal))).code).toBe('upstream_unavailable');
    fake.next({ ...containerCreds('ASIASHARED', '2026-02-01T06:00:00Z'), delayMs: 30 });
    const all = await Promise.all([1, 2, 3].map(() => source.credentialFor(bedrock, signal)));
    expect(all.map((c) => c?.type === 'aws' && c.credentials.accessKeyId)).toEqual(['ASIASHARED', 'ASIASHARED', 'ASIASHARED']);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives nothing to providers without a plan', async () => {
    const { source } = setup(new Map());
    expect(await source.credentialFor(bedrock, signal)).toBeUndefined();
  });
});
