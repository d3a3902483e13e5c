import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrismMock } from './prism.js';

const dir = mkdtempSync(path.join(tmpdir(), 'prism-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startPrismMock', () => {
  it('fails with Prism’s own log when the spec cannot be loaded', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { post: { requestBody: { $ref: '#/components/requestBodies/Missing' } } } } }));
    await expect(startPrismMock(broken, { startTimeoutMs: 20_000 })).rejects.toThrow(/exited before listening[\s\S]*Missing/);
  }, 30_000);

  it('serves a tiny spec on a loopback port, validates bodies, and stops', async () => {
    const spec = path.join(dir, 'tiny.json');
    const body = { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } };
    const responses = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: { ok: true } } } } };
    writeFileSync(spec, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/n': { post: { requestBody: { content: { 'application/json': { schema: body } } }, responses } } } }));
    const mock = await startPrismMock(spec, { paths: ['/n'], startTimeoutMs: 20_000 });
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const post = (value: unknown): Promise<Response> =>
        fetch(`${mock.url}/n`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
      expect((await post({ n: 1 })).status).toBe(200);
      expect((await post({ n: 'one' })).status).toBe(422);
      expect(mock.log()).toContain('POST');
    } finally {
      await mock.stop();
    }
    await expect(fetch(`${mock.url}/n`, { method: 'POST' })).rejects.toThrow();
  }, 30_000);
});
