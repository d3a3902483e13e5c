import { describe, expect, it } from 'vitest';
import { DEFAULT_OAUTH_SETTINGS, oauthConfigSchema, oauthSettings } from './oauth-config.js';

describe('oauth config', () => {
  it('defaults to 10-minute codes, no allow-list, PKCE optional', () => {
    expect(oauthSettings(undefined)).toEqual({ codeTtlMs: 600_000, allowedCallbackOrigins: undefined, requireCodeChallenge: false });
    expect(oauthSettings({})).toEqual(DEFAULT_OAUTH_SETTINGS);
  });

  it('reads every field', () => {
    const file = oauthConfigSchema.parse({ code_ttl_ms: 120_000, allowed_callback_origins: ['https://app.example', 'http://localhost:*'], require_code_challenge: true });
    expect(oauthSettings(file)).toEqual({ codeTtlMs: 120_000, allowedCallbackOrigins: ['https://app.example', 'http://localhost:*'], requireCodeChallenge: true });
  });

  it.each([
    [{ code_ttl_ms: 500 }],
    [{ code_ttl_ms: 7_200_000 }],
    [{ allowed_callback_origins: ['app.example'] }],
    [{ allowed_callback_origins: ['https://app.example/callback'] }],
    [{ allowed_callback_origins: ['ftp://app.example'] }],
    [{ allowed_callback_origins: ['https://app.example?x=1'] }],
    [{ unknown: true }],
  ])('refuses %j', (file) => {
    expect(oauthConfigSchema.safeParse(file).success).toBe(false);
  });
});
