import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signSigV4 } from '@switchyard/core';
import { FakeUpstream, readJsonFixture, type RecordedRequest } from '@switchyard/test-support';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Bedrock signed with keys from the AWS default credential chain, through the real server: a
 * profile of a shared credentials file (static keys, region from the config file), and web
 * identity exchanged at a fake STS. No keys are in the provider's options.
 */
const CONVERSE = readJsonFixture('amazon-bedrock/vercel-ai/amazon-bedrock-text.json');
const home = mkdtempSync(path.join(tmpdir(), 'switchyard-aws-e2e-'));
mkdirSync(path.join(home, '.aws'));
const gateways: TestGateway[] = [];
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  rmSync(home, { recursive: true, force: true });
});

async function gatewayWith(env: Record<string, string>): Promise<{ t: TestGateway; client: OpenAI }> {
  const t = await startTestGateway({
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    extraProviders: (upstream) => [{ id: 'amazon-bedrock', base_url: `${upstream}/bedrock`, timeout_ms: 10_000 }],
  });
  gateways.push(t);
  return { t, client: new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 }) };
}

/** Re-signs what the fake upstream received with `secret`, as AWS would: the signature must match. */
function signedWith(sent: RecordedRequest | undefined, accessKeyId: string, secretAccessKey: string, region: string): boolean {
  if (sent === undefined) return false;
  const header = (name: string) => String(sent.headers[name] ?? '');
  const signed = /SignedHeaders=([^,]+)/.exec(header('authorization'))?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signed.filter((name) => !['host', 'x-amz-date', 'x-amz-security-token'].includes(name)).map((name) => [name, header(name)]));
  const date = header('x-amz-date').replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const sessionToken = header('x-amz-security-token');
  const result = signSigV4({
    method: 'POST',
    url: `http://${header('host')}${sent.url}`,
    headers,
    body: JSON.stringify(sent.body),
    region,
    service: 'bedrock',
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken === '' ? {} : { sessionToken }) },
    now: new Date(date),
  });
  return result.headers['authorization'] === header('authorization');
}

const ask = (client: OpenAI) => client.chat.completions.create({ model: 'amazon/nova-pro-v1', messages: [{ role: 'user', content: 'How many rs in strawberry?' }] });

describe('Bedrock with credentials from the AWS default chain', () => {
  it('signs with the AWS_PROFILE profile of the shared credentials file, region from the config file', async () => {
    writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = nope\n\n[gateway]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\naws_session_token = profile-session\n');
    writeFileSync(path.join(home, '.aws', 'config'), '[profile gateway]\nregion = eu-west-1\n');
    const { t, client } = await gatewayWith({ AWS_PROFILE: 'gateway' });
    t.upstream.next({ json: CONVERSE });
    const completion = await ask(client);
    expect(completion.choices[0]?.message.content).toContain('There are **3** "r"s');
    const sent = t.upstream.requests[0];
    expect(sent?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDPROFILE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, /);
    expect(sent?.headers['x-amz-security-token']).toBe('profile-session');
    expect(signedWith(sent, 'AKIDPROFILE', 'profile-secret', 'eu-west-1')).toBe(true);
    expect(signedWith(sent, 'AKIDPROFILE', 'another-secret', 'eu-west-1')).toBe(false);
  });

  it('assumes a role with a web identity token at STS once, then reuses the keys', async () => {
    const sts = await FakeUpstream.start();
    try {
      const tokenFile = path.join(home, 'web-identity-token');
      writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.e2e.sig');
      sts.always({
        headers: { 'content-type': 'text/xml' },
        body: '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEBID</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey><SessionToken>web-session</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>',
      });
      const { t, client } = await gatewayWith({
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/switchyard',
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      });
      t.upstream.next({ json: CONVERSE }).next({ json: CONVERSE });
      await ask(client);
      await ask(client);
      expect(sts.requests).toHaveLength(1);
      expect(new URLSearchParams(String(sts.requests[0]?.body)).get('WebIdentityToken')).toBe('eyJhbGciOiJSUzI1NiJ9.e2e.sig');
      for (const sent of t.upstream.requests) expect(signedWith(sent, 'ASIAWEBID', 'web-secret', 'us-east-1')).toBe(true);
    } finally {
      await sts.close();
    }
  });

  it('answers 502 upstream_auth_failed, naming the provider, when STS refuses the token', async () => {
    const sts = await FakeUpstream.start();
    try {
      const tokenFile = path.join(home, 'expired-token');
      writeFileSync(tokenFile, 'expired');
      sts.always({ status: 400, headers: { 'content-type': 'text/xml' }, body: '<ErrorResponse><Error><Code>ExpiredTokenException</Code><Message>Token expired</Message></Error></ErrorResponse>' });
      const { t, client } = await gatewayWith({
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ROLE_ARN: 'arn:aws:iam::1:role/r',
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      });
      const error = await ask(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((error as Error).message).toMatch(/Amazon Bedrock: AWS STS refused AssumeRoleWithWebIdentity .*ExpiredTokenException/);
      expect(t.upstream.requests).toHaveLength(0);
    } finally {
      await sts.close();
    }
  });
});
