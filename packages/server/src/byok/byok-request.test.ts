import { describe, expect, it } from 'vitest';
import { maskSecret, parseCreateByokRequest, parseUpdateByokRequest } from './byok-request.js';

describe('BYOK requests', () => {
  it('parses a create body, with OpenRouter fields only at their unrestricted values', () => {
    const body = { provider: 'openai', key: ' sk-abc ', name: ' Prod ', is_fallback: false, allowed_models: null, workspace_id: 'acct_1' };
    expect(parseCreateByokRequest(body, 'acct_1')).toEqual({ provider: 'openai', key: 'sk-abc', name: 'Prod', disabled: false });
  });

  it.each([
    [{ key: 'k' }, 'provider'],
    [{ provider: 'openai' }, 'key'],
    [{ provider: 'openai', key: '  ' }, 'key'],
    [{ provider: 'openai', key: 'k', allowed_models: ['a/b'] }, 'allowed_models'],
    [{ provider: 'openai', key: 'k', is_fallback: true }, 'is_fallback'],
    [{ provider: 'openai', key: 'k', workspace_id: 'acct_other' }, 'workspace_id'],
    [{ provider: 'openai', key: 'k', sort_order: 1 }, 'sort_order'],
    [{ provider: 'openai', key: 'k', name: 'x'.repeat(256) }, 'name'],
  ])('refuses %j naming %s', (body, field) => {
    expect(() => parseCreateByokRequest(body, 'acct_1')).toThrow(expect.objectContaining({ status: 400, options: { metadata: { field } } }));
  });

  it('parses updates field by field', () => {
    expect(parseUpdateByokRequest({})).toEqual({});
    expect(parseUpdateByokRequest({ key: 'sk-new', name: null, disabled: true })).toEqual({ key: 'sk-new', name: null, disabled: true });
    expect(() => parseUpdateByokRequest({ provider: 'groq' })).toThrow(/provider/);
    expect(() => parseUpdateByokRequest({ disabled: 'yes' })).toThrow(/disabled/);
  });

  it('masks keys to a hint', () => {
    expect(maskSecret('sk-proj-abcdefgh-AbCd')).toBe('sk-...AbCd');
    expect(maskSecret('short-key')).toBe('...ey');
  });
});
