import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../provider-adapter.js';
import { authenticate } from './bedrock-auth.js';

const SETTINGS: ProviderSettings = {
  id: 'amazon-bedrock',
  name: 'Amazon Bedrock',
  baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  apiKey: undefined,
  headers: {},
  timeoutMs: 60_000,
  options: {},
};
const REQUEST = { url: 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/m/converse', headers: { 'content-type': 'application/json' }, body: '{}' };
const NOW = new Date('2026-01-02T03:04:05Z');
const CHAIN = { accessKeyId: 'ASIACHAIN', secretAccessKey: 'chain-secret', sessionToken: 'chain-session' };

describe('authenticate (Bedrock)', () => {
  it('signs with the chain credentials when options hold no keys, region from the host', () => {
    const headers = authenticate(SETTINGS, REQUEST, NOW, CHAIN);
    expect(headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIACHAIN\/20260102\/eu-west-1\/bedrock\/aws4_request, /);
    expect(headers['x-amz-security-token']).toBe('chain-session');
  });

  it('prefers static option keys over the chain', () => {
    const options = { region: 'us-west-2', access_key_id: 'AKIDSTATIC', secret_access_key: 'static-secret' };
    const headers = authenticate({ ...SETTINGS, options }, REQUEST, NOW, CHAIN);
    expect(headers['authorization']).toMatch(/Credential=AKIDSTATIC\/20260102\/us-west-2\//);
    expect(headers['x-amz-security-token']).toBeUndefined();
  });

  it('prefers a Bedrock API key over both', () => {
    expect(authenticate({ ...SETTINGS, apiKey: 'ABSK-key' }, REQUEST, NOW, CHAIN)['authorization']).toBe('Bearer ABSK-key');
  });

  it('is upstream_auth_failed without any credentials, or without a region', () => {
    expect(() => authenticate(SETTINGS, REQUEST, NOW)).toThrow(/Amazon Bedrock: no credentials configured/);
    const elsewhere = { ...REQUEST, url: 'http://127.0.0.1:9/bedrock/model/m/converse' };
    expect(() => authenticate(SETTINGS, elsewhere, NOW, CHAIN)).toThrow(/no AWS region configured \(options\.region\)/);
  });
});
