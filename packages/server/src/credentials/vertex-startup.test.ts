import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vertexAnthropicAdapter, vertexGeminiAdapter } from '@switchyard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { rsaKeyPair, serviceAccountJson } from './__fixtures__/credentials-test-kit.js';
import { credentialPlans } from './credential-plans.js';

/** The bundled google-vertex.yaml providers, enabled from the environment as an operator would. */
const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-vertex-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = path.join(dir, 'sa.json');
writeFileSync(keyFile, serviceAccountJson(rsaKeyPair().privateKey));

const where = { env: {}, homeDir: dir };

function load(env: Record<string, string>) {
  return loadConfig({ env: { HOME: dir, ...env }, cwd: dir });
}

describe('bundled Google Vertex providers', () => {
  it('are enabled by GOOGLE_APPLICATION_CREDENTIALS with project and location from the environment', () => {
    const config = load({ GOOGLE_APPLICATION_CREDENTIALS: keyFile, GOOGLE_CLOUD_PROJECT: 'proj-1', GOOGLE_VERTEX_LOCATION: 'europe-west1' });
    const gemini = config.providers.get('google-vertex');
    const claude = config.providers.get('google-vertex-anthropic');
    expect(gemini?.kind).toBe('vertex-gemini');
    expect(claude?.kind).toBe('vertex-anthropic');
    expect(gemini?.settings.name).toBe('Google Vertex');
    expect(claude?.settings.name).toBe('Google Vertex');
    expect(gemini?.settings.baseUrl).toBe('https://europe-west1-aiplatform.googleapis.com/v1/projects/proj-1/locations/europe-west1');
    const plans = credentialPlans(config.providers, where);
    expect(plans.get('google-vertex')?.type).toBe('service-account');
    expect(plans.get('google-vertex-anthropic')?.type).toBe('service-account');
    expect(config.models.find((m) => m.id === 'anthropic/claude-sonnet-4.5')?.endpoints).toContainEqual(
      expect.objectContaining({ provider: 'google-vertex-anthropic', upstream_model: 'claude-sonnet-4-5@20250929' }),
    );
  });

  it('serve location "global" from aiplatform.googleapis.com', () => {
    const config = load({ GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.x', GOOGLE_VERTEX_PROJECT: 'p', GOOGLE_VERTEX_LOCATION: 'global' });
    const settings = config.providers.get('google-vertex-anthropic')?.settings;
    if (settings === undefined) throw new Error('not enabled');
    expect(credentialPlans(config.providers, where).get('google-vertex-anthropic')).toEqual({ type: 'static', token: 'ya29.x' });
    const base = { request: { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] }, stream: false, maxCompletionTokens: 100, now: new Date(), accessToken: 'ya29.x' };
    expect(vertexAnthropicAdapter.buildRequest({ ...base, settings, upstreamModel: 'claude-haiku-4-5@20251001' }).url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict',
    );
    const gemini = config.providers.get('google-vertex')?.settings;
    if (gemini === undefined) throw new Error('not enabled');
    expect(vertexGeminiAdapter.buildRequest({ ...base, settings: gemini, upstreamModel: 'gemini-2.5-pro' }).url).toMatch(
      /^https:\/\/aiplatform\.googleapis\.com\/v1\/projects\/p\/locations\/global\/publishers\/google\/models\/gemini-2\.5-pro:generateContent$/,
    );
  });

  it("take the key file's project_id when no variable names a project", () => {
    const config = load({ GOOGLE_APPLICATION_CREDENTIALS: keyFile, GOOGLE_VERTEX_LOCATION: 'us-east5' });
    expect(config.providers.get('google-vertex')?.settings.options?.['project']).toBe('test-project');
  });

  it('are a clear config error without a project or a location', () => {
    expect(() => load({ GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.x', GOOGLE_VERTEX_LOCATION: 'us-east5' })).toThrow(ConfigError);
    expect(() => load({ GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.x', GOOGLE_VERTEX_LOCATION: 'us-east5' })).toThrow(/google-vertex.*needs option "project"/);
    expect(() => load({ GOOGLE_APPLICATION_CREDENTIALS: keyFile, GOOGLE_VERTEX_PROJECT: 'p' })).toThrow(/needs option "location"/);
  });

  it('stay disabled without credentials, and an unreadable key file is a config error at start-up', () => {
    const config = load({ GOOGLE_VERTEX_PROJECT: 'p', GOOGLE_VERTEX_LOCATION: 'us-east5' });
    expect(config.providers.has('google-vertex')).toBe(false);
    const broken = load({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'nope.json'), GOOGLE_VERTEX_PROJECT: 'p', GOOGLE_VERTEX_LOCATION: 'us-east5' });
    expect(() => credentialPlans(broken.providers, where)).toThrow(/provider google-vertex: options\.credentials_file: cannot read the Google credentials file .*nope\.json/);
  });
});
