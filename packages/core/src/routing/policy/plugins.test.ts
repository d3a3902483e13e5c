import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { checkPlugins } from './plugins.js';

function withPlugins(plugins: unknown): ChatCompletionRequest {
  return { model: 'a/b', messages: [{ role: 'user', content: 'hi' }], plugins } as unknown as ChatCompletionRequest;
}

function refusal(plugins: unknown): { field: unknown; message: string } {
  try {
    checkPlugins(withPlugins(plugins));
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    expect(error.status).toBe(400);
    return { field: error.options.metadata?.['field'], message: error.message };
  }
  throw new Error('expected a 400');
}

describe('checkPlugins', () => {
  it.each([
    ['no plugins', undefined],
    ['auto-router settings', [{ id: 'auto-router', allowed_models: ['anthropic/*'] }]],
    ['file-parser without an engine', [{ id: 'file-parser' }]],
    ['file-parser with the native engine', [{ id: 'file-parser', pdf: { engine: 'native' } }]],
    ['a disabled web plugin', [{ id: 'web', enabled: false }]],
  ])('accepts %s', (_name, plugins) => {
    expect(() => checkPlugins(withPlugins(plugins))).not.toThrow();
  });

  it.each([
    ['web search', [{ id: 'web', max_results: 3 }], 'plugins[0].id', /web search plugin is not available/],
    ['an unknown plugin', [{ id: 'auto-router' }, { id: 'response-healing' }], 'plugins[1].id', /"response-healing" plugin/],
    ['a parsing PDF engine', [{ id: 'file-parser', pdf: { engine: 'mistral-ocr' } }], 'plugins[0].pdf.engine', /"mistral-ocr" PDF engine/],
    ['a plugin without an id', [{ name: 'web' }], 'plugins[0]', /string "id"/],
    ['plugins that are not an array', { id: 'web' }, 'plugins', /expected an array/],
  ])('refuses %s with a 400 naming the field', (_name, plugins, field, message) => {
    const error = refusal(plugins);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
