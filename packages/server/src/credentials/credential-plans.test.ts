import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import type { EnabledProvider } from '../config/load-config.js';
import { rsaKeyPair, serviceAccountJson, vertexSettings } from './__fixtures__/credentials-test-kit.js';
import { credentialPlans, gcloudCredentialsFile } from './credential-plans.js';
import { parseGoogleCredentials } from './google-credentials-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const userJson = JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: 'rtok' });
const saFile = path.join(dir, 'sa.json');
writeFileSync(saFile, serviceAccountJson(rsaKeyPair().privateKey));

function provider(kind: EnabledProvider['kind'], options: Record<string, string>, apiKey?: string): EnabledProvider {
  return {
    settings: { ...vertexSettings(options, `p-${kind}`), apiKey },
    kind,
    flavor: 'x',
    dataPolicy: { training: false, retains_prompts: false, zdr: false },
    defaultSupportedParameters: [],
  };
}

const planOf = (p: EnabledProvider, env: Record<string, string> = {}, homeDir = dir) => credentialPlans(new Map([['p', p]]), { env, homeDir }).get('p');

describe('Google Application Default Credentials at start-up', () => {
  it('reads an authorized_user file (token_uri defaults to Google) and never quotes its secrets', () => {
    expect(parseGoogleCredentials(userJson, 'f')).toEqual({
      type: 'authorized-user',
      user: { clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rtok', tokenUri: 'https://oauth2.googleapis.com/token' },
    });
    const broken = JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'csecret' });
    expect(() => parseGoogleCredentials(broken, 'GOOGLE_APPLICATION_CREDENTIALS')).toThrow(ConfigError);
    expect(() => parseGoogleCredentials(broken, 'GOOGLE_APPLICATION_CREDENTIALS')).toThrow(/authorized_user credentials have no "refresh_token"/);
    expect(() => parseGoogleCredentials(broken, 'x')).not.toThrow(/csecret/);
    expect(() => parseGoogleCredentials(JSON.stringify({ type: 'external_account' }), 'x')).toThrow(/"type": "external_account"/);
  });

  it('takes GOOGLE_APPLICATION_CREDENTIALS when the provider names no credentials', () => {
    const file = path.join(dir, 'user.json');
    writeFileSync(file, userJson);
    expect(planOf(provider('vertex-gemini', {}), { GOOGLE_APPLICATION_CREDENTIALS: file })?.type).toBe('authorized-user');
    expect(planOf(provider('vertex-gemini', { credentials_file: saFile }), { GOOGLE_APPLICATION_CREDENTIALS: file })?.type).toBe('service-account');
    expect(() => planOf(provider('vertex-gemini', {}), { GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'gone.json') })).toThrow(
      /GOOGLE_APPLICATION_CREDENTIALS: cannot read the Google credentials file .*gone\.json/,
    );
  });

  it("then gcloud's application_default_credentials.json, then the metadata server (GCE_METADATA_HOST)", () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const where = { env: {}, homeDir: home };
    expect(gcloudCredentialsFile(where)).toBe(path.join(home, '.config', 'gcloud', 'application_default_credentials.json'));
    expect(planOf(provider('vertex-anthropic', {}), {}, home)).toEqual({ type: 'metadata-server', host: 'metadata.google.internal', explicit: false });
    expect(planOf(provider('vertex-anthropic', {}), { GCE_METADATA_HOST: '127.0.0.1:8181' }, home)).toEqual({ type: 'metadata-server', host: '127.0.0.1:8181', explicit: true });
    mkdirSync(path.join(home, '.config', 'gcloud'), { recursive: true });
    writeFileSync(gcloudCredentialsFile(where), userJson);
    expect(planOf(provider('vertex-anthropic', {}), {}, home)?.type).toBe('authorized-user');
    const sdkConfig = mkdtempSync(path.join(dir, 'sdk-'));
    writeFileSync(path.join(sdkConfig, 'application_default_credentials.json'), serviceAccountJson(rsaKeyPair().privateKey));
    expect(planOf(provider('vertex-anthropic', {}), { CLOUDSDK_CONFIG: sdkConfig }, home)?.type).toBe('service-account');
  });
});

describe('AWS chain plans', () => {
  it('are made for Bedrock providers without an API key or option keys, with options.profile', () => {
    expect(planOf(provider('bedrock', { region: 'us-east-1' }))).toEqual({ type: 'aws-chain', profile: undefined });
    expect(planOf(provider('bedrock', { region: 'us-east-1', profile: 'ops' }))).toEqual({ type: 'aws-chain', profile: 'ops' });
    expect(planOf(provider('bedrock', { region: 'us-east-1', access_key_id: 'AKID', secret_access_key: 's' }))).toBeUndefined();
    expect(planOf(provider('bedrock', { region: 'us-east-1' }, 'ABSK-key'))).toBeUndefined();
    expect(planOf(provider('anthropic', {}))).toBeUndefined();
  });
});
