import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeUpstream } from '@switchyard/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../__fixtures__/credentials-test-kit.js';
import { fetchCredentialHttp } from '../credential-http.js';
import { resolveAwsCredentials } from './aws-chain.js';
import type { AwsChainContext } from './aws-context.js';
import { runProcess } from './run-process.js';
import { gatewayFailure } from '@switchyard/test-support';

const home = mkdtempSync(path.join(tmpdir(), 'switchyard-aws-home-'));
mkdirSync(path.join(home, '.aws'));
let fake: FakeUpstream;
let closedPort: number;
const EXPIRES = '2026-02-01T01:00:00Z';

beforeAll(async () => {
  fake = await FakeUpstream.start();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  writeFileSync(path.join(home, '.aws', 'credentials'), '');
  writeFileSync(path.join(home, '.aws', 'config'), '');
});

/** Nothing outside `env` is read; IMDS points at a closed loopback port unless `env` says otherwise. */
function ctx(env: Record<string, string>): AwsChainContext {
  return {
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${closedPort}`, ...env },
    homeDir: home,
    http: fetchCredentialHttp,
    clock: new FakeClock(Date.parse('2026-02-01T00:00:00Z')),
    runProcess,
    provider: 'Amazon Bedrock',
  };
}

const failure = gatewayFailure;

describe('the AWS default credential chain', () => {
  it('takes environment keys first, with session token and expiration', async () => {
    writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file\n');
    const found = await resolveAwsCredentials(
      ctx({ AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'tok', AWS_CREDENTIAL_EXPIRATION: EXPIRES }),
    );
    expect(found).toEqual({ value: { accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret', sessionToken: 'tok' }, expiresAtMs: Date.parse(EXPIRES) });
  });

  it('reads the AWS_PROFILE profile from the credentials file, config-file settings under it', async () => {
    writeFileSync(
      path.join(home, '.aws', 'credentials'),
      '# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = w-secret\n',
    );
    writeFileSync(path.join(home, '.aws', 'config'), '[profile work]\nregion = eu-west-3\naws_session_token = from-config\ns3 =\n  max_concurrent_requests = 2\n');
    const found = await resolveAwsCredentials(ctx({ AWS_PROFILE: 'work' }));
    expect(found.value).toEqual({ accessKeyId: 'AKIDWORK', secretAccessKey: 'w-secret', sessionToken: 'from-config' });
    expect(found.expiresAtMs).toBeUndefined();
    expect((await resolveAwsCredentials(ctx({}))).value.accessKeyId).toBe('AKIDDEFAULT');
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, and a named profile that is missing is an auth failure', async () => {
    const credentials = path.join(home, 'elsewhere-credentials');
    writeFileSync(credentials, '[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = o\n');
    const found = await resolveAwsCredentials(ctx({ AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(home, 'none') }), 'ops');
    expect(found.value.accessKeyId).toBe('AKIDOPS');
    const error = await failure(resolveAwsCredentials(ctx({ AWS_PROFILE: 'nope' })));
    expect([error.code, error.message]).toEqual(['upstream_auth_failed', expect.stringMatching(/AWS profile "nope" is in neither/)]);
    writeFileSync(path.join(home, '.aws', 'config'), '[profile sso]\nsso_session = corp\nsso_account_id = 1\n');
    const sso = await failure(resolveAwsCredentials(ctx({ AWS_PROFILE: 'sso' })));
    expect(sso.message).toMatch(/AWS profile "sso" uses sso_session, which Switchyard does not resolve; give the profile a credential_process/);
  });

  it('runs a credential_process and reads its JSON', async () => {
    const script = path.join(home, 'creds.sh');
    const json = JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROC', SecretAccessKey: 'p', SessionToken: 'ps', Expiration: EXPIRES });
    writeFileSync(script, `printf '%s' '${json}'\n`);
    writeFileSync(path.join(home, '.aws', 'config'), `[profile proc]\ncredential_process = sh ${script}\n`);
    const found = await resolveAwsCredentials(ctx({ AWS_PROFILE: 'proc' }));
    expect(found).toEqual({ value: { accessKeyId: 'ASIAPROC', secretAccessKey: 'p', sessionToken: 'ps' }, expiresAtMs: Date.parse(EXPIRES) });
    writeFileSync(path.join(home, '.aws', 'config'), '[profile proc]\ncredential_process = sh -c "echo denied >&2; exit 3"\n');
    const error = await failure(resolveAwsCredentials(ctx({ AWS_PROFILE: 'proc' })));
    expect([error.code, error.message]).toEqual(['upstream_auth_failed', expect.stringMatching(/credential_process of AWS profile "proc" failed .*denied/)]);
  });

  it('assumes the role with the web identity token at STS (XML answer)', async () => {
    const tokenFile = path.join(home, 'web-token');
    writeFileSync(tokenFile, 'eyJ.web.token\n');
    fake.next({
      headers: { 'content-type': 'text/xml' },
      body: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><SessionToken>IQo&amp;token</SessionToken><SecretAccessKey>web-secret</SecretAccessKey><Expiration>${EXPIRES}</Expiration><AccessKeyId>ASIAWEB</AccessKeyId></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
    });
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/gw', AWS_ROLE_SESSION_NAME: 'sess', AWS_ENDPOINT_URL_STS: fake.url };
    const found = await resolveAwsCredentials(ctx(env));
    expect(found).toEqual({ value: { accessKeyId: 'ASIAWEB', secretAccessKey: 'web-secret', sessionToken: 'IQo&token' }, expiresAtMs: Date.parse(EXPIRES) });
    const sent = fake.requests[0];
    expect([sent?.method, sent?.url]).toEqual(['POST', '/']);
    expect(Object.fromEntries(new URLSearchParams(String(sent?.body)))).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/gw',
      RoleSessionName: 'sess',
      WebIdentityToken: 'eyJ.web.token',
    });
  });

  it("uses a profile's role_arn + web_identity_token_file the same way", async () => {
    const tokenFile = path.join(home, 'profile-token');
    writeFileSync(tokenFile, 'profile.jwt');
    writeFileSync(path.join(home, '.aws', 'config'), `[profile irsa]\nrole_arn = arn:aws:iam::1:role/p\nweb_identity_token_file = ${tokenFile}\nrole_session_name = prof\n`);
    fake.next({ headers: { 'content-type': 'text/xml' }, body: '<Credentials><AccessKeyId>ASIAPROF</AccessKeyId><SecretAccessKey>x</SecretAccessKey><SessionToken>y</SessionToken></Credentials>' });
    const found = await resolveAwsCredentials(ctx({ AWS_PROFILE: 'irsa', AWS_ENDPOINT_URL_STS: fake.url }));
    expect(found.value.accessKeyId).toBe('ASIAPROF');
    expect(Object.fromEntries(new URLSearchParams(String(fake.requests[0]?.body)))).toMatchObject({ RoleArn: 'arn:aws:iam::1:role/p', RoleSessionName: 'prof', WebIdentityToken: 'profile.jwt' });
  });

  it('maps an STS refusal to upstream_auth_failed and an unreachable STS to upstream_unavailable', async () => {
    const tokenFile = path.join(home, 'web-token');
    writeFileSync(tokenFile, 'expired');
    fake.next({
      status: 400,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>Token expired</Message></Error></ErrorResponse>',
    });
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::1:role/r', AWS_ENDPOINT_URL_STS: fake.url };
    const refused = await failure(resolveAwsCredentials(ctx(env)));
    expect([refused.code, refused.options.upstreamStatus]).toEqual(['upstream_auth_failed', 400]);
    expect(refused.message).toMatch(/ExpiredTokenException: Token expired/);
    const down = await failure(resolveAwsCredentials(ctx({ ...env, AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${closedPort}` })));
    expect([down.code, down.retryable]).toEqual(['upstream_unavailable', true]);
  });

  it('gets container credentials from the full URI with the authorization token file', async () => {
    const tokenFile = path.join(home, 'pod-token');
    writeFileSync(tokenFile, 'pod-identity-token\n');
    fake.next({ json: { AccessKeyId: 'ASIAPOD', SecretAccessKey: 'pod', Token: 'pod-session', Expiration: EXPIRES } });
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile };
    const found = await resolveAwsCredentials(ctx(env));
    expect(found.value).toEqual({ accessKeyId: 'ASIAPOD', secretAccessKey: 'pod', sessionToken: 'pod-session' });
    expect([fake.requests[0]?.method, fake.requests[0]?.url, fake.requests[0]?.headers['authorization']]).toEqual(['GET', '/v1/credentials', 'pod-identity-token']);
    fake.next({ status: 403, json: { message: 'bad token' } });
    expect((await failure(resolveAwsCredentials(ctx({ ...env, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'x' })))).code).toBe('upstream_auth_failed');
    const remote = await failure(resolveAwsCredentials(ctx({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://10.0.0.8/creds' })));
    expect(remote.message).toMatch(/must be https, or http to a loopback/);
  });

  it('falls back to EC2 IMDSv2: token PUT, role name, role credentials', async () => {
    fake.always((request) => {
      if (request.method === 'PUT' && request.url === '/latest/api/token') return { body: 'imds-session', headers: { 'content-type': 'text/plain' } };
      if (request.headers['x-aws-ec2-metadata-token'] !== 'imds-session') return { status: 401, body: '' };
      if (request.url === '/latest/meta-data/iam/security-credentials/') return { body: 'gateway-role\n', headers: { 'content-type': 'text/plain' } };
      if (request.url === '/latest/meta-data/iam/security-credentials/gateway-role') {
        return { body: JSON.stringify({ Code: 'Success', AccessKeyId: 'ASIAEC2', SecretAccessKey: 'ec2', Token: 'ec2-session', Expiration: EXPIRES }), headers: { 'content-type': 'text/plain' } };
      }
      return { status: 404, body: '' };
    });
    const found = await resolveAwsCredentials(ctx({ AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url }));
    expect(found).toEqual({ value: { accessKeyId: 'ASIAEC2', secretAccessKey: 'ec2', sessionToken: 'ec2-session' }, expiresAtMs: Date.parse(EXPIRES) });
    expect(fake.requests[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600');
    fake.always({ status: 404, body: '' });
  });

  it('is upstream_auth_failed naming what it tried when nothing has credentials', async () => {
    const error = await failure(resolveAwsCredentials(ctx({})));
    expect(error.code).toBe('upstream_auth_failed');
    expect(error.message).toMatch(/^Amazon Bedrock: no AWS credentials found \(tried .*no EC2 instance metadata service at http:\/\/127\.0\.0\.1:\d+/);
    const disabled = await failure(resolveAwsCredentials(ctx({ AWS_EC2_METADATA_DISABLED: 'true' })));
    expect(disabled.message).toMatch(/EC2 instance metadata is disabled/);
  });
});
