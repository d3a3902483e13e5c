import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeUpstream } from '@switchyard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { withGoogleProject } from '../config/google-project.js';
import { loadConfigDiscoveringProject, metadataProjectId } from './google-project-discovery.js';

const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-project-'));
let metadata: FakeUpstream;
let closedHost: string;

beforeAll(async () => {
  metadata = await FakeUpstream.start();
  metadata.always((request) =>
    request.url === '/computeMetadata/v1/project/project-id' && request.headers['metadata-flavor'] === 'Google'
      ? { body: 'gce-project', headers: { 'content-type': 'application/text', 'metadata-flavor': 'Google' } }
      : { status: 404, body: '' },
  );
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedHost = `127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await metadata.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = () => metadata.url.replace('http://', '');
const env = (extra: Record<string, string>) => ({ HOME: dir, GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.static', GOOGLE_VERTEX_LOCATION: 'us-central1', ...extra });

describe('the Google Cloud project of Vertex providers', () => {
  it('comes from the environment, else the credentials project_id or quota_project_id', () => {
    expect(withGoogleProject('vertex-gemini', {}, { GOOGLE_CLOUD_PROJECT: 'env-proj' })).toEqual({ project: 'env-proj' });
    expect(withGoogleProject('vertex-gemini', { project: 'set' }, { GOOGLE_CLOUD_PROJECT: 'env-proj' })).toEqual({ project: 'set' });
    const user = JSON.stringify({ type: 'authorized_user', client_id: 'c', client_secret: 's', refresh_token: 'r', quota_project_id: 'quota-proj' });
    expect(withGoogleProject('vertex-anthropic', { credentials_json: user }, { HOME: dir })).toEqual({ credentials_json: user, project: 'quota-proj' });
    const file = path.join(dir, 'sa.json');
    writeFileSync(file, JSON.stringify({ type: 'service_account', project_id: 'sa-proj' }));
    expect(withGoogleProject('vertex-gemini', {}, { HOME: dir, GOOGLE_APPLICATION_CREDENTIALS: file })).toEqual({ project: 'sa-proj' });
    expect(withGoogleProject('bedrock', {}, { GOOGLE_CLOUD_PROJECT: 'env-proj' })).toEqual({});
  });

  it('comes from the metadata server only when nothing else names one', async () => {
    expect(await metadataProjectId({ GCE_METADATA_HOST: host() })).toBe('gce-project');
    expect(await metadataProjectId({ GCE_METADATA_HOST: closedHost })).toBeUndefined();
    const config = await loadConfigDiscoveringProject({ env: env({ GCE_METADATA_HOST: host() }), cwd: dir });
    expect(config.providers.get('google-vertex')?.settings.baseUrl).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/gce-project/locations/us-central1',
    );
    metadata.reset();
    await loadConfigDiscoveringProject({ env: env({ GCE_METADATA_HOST: host(), GOOGLE_CLOUD_PROJECT: 'named' }), cwd: dir });
    expect(metadata.requests).toHaveLength(0);
  });

  it('off Google Cloud, a missing project stays the config error naming the option', async () => {
    const pending = loadConfigDiscoveringProject({ env: env({ GCE_METADATA_HOST: closedHost }), cwd: dir });
    await expect(pending).rejects.toThrow(ConfigError);
    await expect(loadConfigDiscoveringProject({ env: env({ GCE_METADATA_HOST: closedHost }), cwd: dir })).rejects.toThrow(/google-vertex.*needs option "project"/);
  });
});
