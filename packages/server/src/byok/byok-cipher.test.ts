import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { ByokCipher, byokCipherFromEnv, cipherKey } from './byok-cipher.js';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('hex');
const CONTEXT = 'byok_1:acct_1:openai';

describe('ByokCipher', () => {
  it('round-trips a secret and never stores it in the clear', () => {
    const cipher = new ByokCipher([cipherKey(KEY_A, 'K')]);
    const sealed = cipher.seal('sk-proj-secret-1234', CONTEXT);
    expect(sealed.ciphertext).not.toContain('sk-proj');
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain('secret');
    expect(sealed.keyId).toBe(cipher.currentKeyId);
    expect(cipher.open(sealed, CONTEXT)).toBe('sk-proj-secret-1234');
    // A fresh IV each time: the same secret seals differently.
    expect(cipher.seal('sk-proj-secret-1234', CONTEXT).ciphertext).not.toBe(sealed.ciphertext);
  });

  it('fails with the wrong key, even when the key id is forged to match', () => {
    const a = new ByokCipher([cipherKey(KEY_A, 'K')]);
    const sealed = a.seal('sk-secret', CONTEXT);
    const b = new ByokCipher([cipherKey(KEY_B, 'K')]);
    expect(() => b.open(sealed, CONTEXT)).toThrow(/no BYOK encryption key/);
    expect(() => b.open({ ...sealed, keyId: b.currentKeyId }, CONTEXT)).toThrow();
  });

  it('fails on tampered ciphertext, a truncated blob, or another row context', () => {
    const cipher = new ByokCipher([cipherKey(KEY_A, 'K')]);
    const sealed = cipher.seal('sk-secret', CONTEXT);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    expect(() => cipher.open({ ...sealed, ciphertext: bytes.toString('base64') }, CONTEXT)).toThrow();
    expect(() => cipher.open({ ...sealed, ciphertext: 'AAAA' }, CONTEXT)).toThrow(/truncated/);
    expect(() => cipher.open(sealed, 'byok_1:acct_2:openai')).toThrow();
  });

  it('opens keys sealed with a previous key after a rotation, and seals with the new one', () => {
    const old = byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: KEY_A });
    const sealed = old?.seal('sk-old', CONTEXT);
    const rotated = byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: KEY_B, SWITCHYARD_BYOK_PREVIOUS_KEYS: ` ${KEY_A} ,` });
    if (sealed === undefined || rotated === undefined) throw new Error('ciphers expected');
    expect(rotated.open(sealed, CONTEXT)).toBe('sk-old');
    expect(rotated.seal('sk-new', CONTEXT).keyId).not.toBe(sealed.keyId);
  });

  it('is off without SWITCHYARD_BYOK_KEY and refuses malformed keys', () => {
    expect(byokCipherFromEnv({})).toBeUndefined();
    expect(byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: '  ' })).toBeUndefined();
    expect(() => byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => byokCipherFromEnv({ SWITCHYARD_BYOK_KEY: KEY_A, SWITCHYARD_BYOK_PREVIOUS_KEYS: 'zz' })).toThrow(/PREVIOUS/);
  });
});
