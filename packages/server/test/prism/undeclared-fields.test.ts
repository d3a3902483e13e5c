import path from 'node:path';
import { SPECS_DIR, trimSpec } from '@switchyard/test-support';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchPathKey, UndeclaredFieldFinder } from './undeclared-fields.js';

const OPENAI = path.join(SPECS_DIR, 'openai', 'openai.prism.json');
const GEMINI = path.join(SPECS_DIR, 'gemini', 'gemini.prism.json');

describe('UndeclaredFieldFinder (the Prism suite’s check for fields Prism lets through)', () => {
  const openai = new UndeclaredFieldFinder(OPENAI);

  it('accepts declared fields, free-form objects and maps', () => {
    const body = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', anything: 1 } } }],
      logit_bias: { '50256': -100 },
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { whatever: true } } },
    };
    expect(openai.find('/chat/completions', body)).toEqual([]);
  });

  it('reports undeclared fields at any depth', () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi', cache_control: {} }], provider: { order: [] } };
    expect(openai.find('/chat/completions', body)).toEqual(['$.messages[0].cache_control', '$.provider']);
  });

  it('matches request paths to the spec’s templated path keys', () => {
    const keys = ['/v1beta/models/{modelsId}:generateContent', '/v1beta/models/{modelsId}:streamGenerateContent'];
    expect(matchPathKey(keys, '/v1beta/models/gemini-2.5-flash:streamGenerateContent')).toBe(keys[1]);
    expect(matchPathKey(keys, '/v1beta/tunedModels/x:generateContent')).toBeUndefined();
  });
});

describe('trimSpec (fast Prism start-up)', () => {
  it('keeps the operation and every component it reaches, and nothing else', () => {
    const document = JSON.parse(readFileSync(GEMINI, 'utf8')) as Record<string, never>;
    const trimmed = trimSpec(document, ['/v1beta/models/{modelsId}:generateContent']);
    expect(Object.keys(trimmed['paths'] as object)).toEqual(['/v1beta/models/{modelsId}:generateContent']);
    const schemas = Object.keys((trimmed['components'] as { schemas: object }).schemas);
    expect(schemas).toEqual(expect.arrayContaining(['GenerateContentRequest', 'GenerateContentResponse', 'Content', 'Part']));
    expect(schemas).not.toContain('CachedContent');
    expect(() => trimSpec(document, ['/nope'])).toThrow('the spec has no path /nope');
  });
});
