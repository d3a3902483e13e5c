import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import type { EnabledProvider } from '../config/load-config.js';
import { rsaKeyPair, serviceAccountJson, vertexSettings } from './__fixtures__/credentials-test-kit.js';
import { credentialPlans } from './credential-plans.js';
import { DEFAULT_TOKEN_URI, parseServiceAccount, readServiceAccountFile } from './service-account.js';

const keys = rsaKeyPair();
const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-sa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function provider(kind: EnabledProvider['kind'], options: Record<string, string>): EnabledProvider {
  return {
    settings: vertexSettings(options, `p-${kind}`),
    kind,
    flavor: 'x',
    dataPolicy: { training: false, retains_prompts: false, zdr: false },
    defaultSupportedParameters: [],
  };
}

describe('service-account keys', () => {
  it('reads client_email, the key and token_uri (defaulting to Google)', () => {
    const account = parseServiceAccount(serviceAccountJson(keys.privateKey), 'test');
    expect(account.clientEmail).toBe('switchyard@test-project.iam.gserviceaccount.com');
    expect(account.tokenUri).toBe(DEFAULT_TOKEN_URI);
    expect(account.privateKeyId).toBe('key-1');
  });

  it('rejects what is not a service-account key, without quoting it', () => {
    const adc = JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'very-secret', refresh_token: 'r' });
    expect(() => parseServiceAccount(adc, 'GOOGLE_APPLICATION_CREDENTIALS')).toThrow(ConfigError);
    expect(() => parseServiceAccount(adc, 'GOOGLE_APPLICATION_CREDENTIALS')).toThrow(/"type": "authorized_user"/);
    expect(() => parseServiceAccount(adc, 'k')).not.toThrow(/very-secret/);
    expect(() => parseServiceAccount('not json', 'k')).toThrow(/is not a JSON object/);
    const noEmail = JSON.stringify({ type: 'service_account', private_key: keys.privateKey });
    expect(() => parseServiceAccount(noEmail, 'k')).toThrow(/client_email/);
    const badKey = JSON.stringify({ type: 'service_account', client_email: 'a@b', private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' });
    expect(() => parseServiceAccount(badKey, 'k')).toThrow(/not a usable RSA key/);
  });

  it('reads a key file once, and names an unreadable file', () => {
    const file = path.join(dir, 'sa.json');
    writeFileSync(file, serviceAccountJson(keys.privateKey));
    expect(readServiceAccountFile(file, 'f').clientEmail).toMatch(/@/);
    expect(() => readServiceAccountFile(path.join(dir, 'missing.json'), 'provider google-vertex')).toThrow(
      /provider google-vertex: cannot read the service-account key file .*missing\.json/,
    );
  });
});

describe('credentialPlans', () => {
  it('plans only the Vertex kinds, with access_token before credentials_json before credentials_file', () => {
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, serviceAccountJson(keys.privateKey));
    const providers = new Map([
      ['a', provider('vertex-gemini', { access_token: ' ya29.static ', credentials_file: path.join(dir, 'missing.json') })],
      ['b', provider('vertex-anthropic', { credentials_json: serviceAccountJson(keys.privateKey), credentials_file: file })],
      ['c', provider('vertex-gemini', { credentials_file: file })],
      ['d', provider('gemini', {})],
    ]);
    const plans = credentialPlans(providers, { env: {}, homeDir: dir });
    expect(plans.get('a')).toEqual({ type: 'static', token: 'ya29.static' });
    expect(plans.get('b')?.type).toBe('service-account');
    expect(plans.get('c')?.type).toBe('service-account');
    expect(plans.has('d')).toBe(false);
  });

  it('falls back to the metadata server for a Vertex provider with no credentials at all', () => {
    const providers = new Map([['v', provider('vertex-anthropic', { project: 'p', location: 'us-east5' })]]);
    expect(credentialPlans(providers, { env: {}, homeDir: dir }).get('v')).toEqual({ type: 'metadata-server', host: 'metadata.google.internal', explicit: false });
  });
});
