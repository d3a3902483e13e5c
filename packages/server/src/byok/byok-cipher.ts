import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '@switchyard/core';
import { ConfigError } from '../config/config-error.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A gateway encryption key and the id stored beside what it sealed. */
export interface CipherKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * AES-256-GCM for BYOK provider keys at rest. `seal` uses the first (current) key and stores its id;
 * `open` picks the key by the stored id, so older keys stay readable during a rotation. `context`
 * (the credential's id, account and provider) is bound as additional authenticated data: a sealed
 * key copied to another row does not open.
 */
export class ByokCipher {
  private readonly keys: readonly CipherKey[];

  constructor(keys: readonly CipherKey[]) {
    if (keys.length === 0) throw new RangeError('ByokCipher needs at least one key');
    this.keys = keys;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, context: string): SealedSecret {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: id };
  }

  /** The plaintext; throws when the key id is unknown or the data or context was tampered with. */
  open(sealed: SealedSecret, context: string): string {
    const entry = this.keys.find((candidate) => candidate.id === sealed.keyId);
    if (entry === undefined) throw new Error(`no BYOK encryption key with id ${sealed.keyId}`);
    const data = Buffer.from(sealed.ciphertext, 'base64');
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error('sealed BYOK key is truncated');
    const decipher = createDecipheriv('aes-256-gcm', entry.key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  private get current(): CipherKey {
    const first = this.keys[0];
    if (first === undefined) throw new RangeError('ByokCipher has no key');
    return first;
  }
}

/**
 * The cipher from `SWITCHYARD_BYOK_KEY` (32 bytes as 64 hex digits or base64) and, during a
 * rotation, `SWITCHYARD_BYOK_PREVIOUS_KEYS` (comma-separated, same format; read only). Undefined
 * without `SWITCHYARD_BYOK_KEY`: BYOK is off. A malformed key stops start-up.
 */
export function byokCipherFromEnv(env: NodeJS.ProcessEnv): ByokCipher | undefined {
  const current = env['SWITCHYARD_BYOK_KEY']?.trim();
  if (current === undefined || current === '') return undefined;
  const previous = (env['SWITCHYARD_BYOK_PREVIOUS_KEYS'] ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const keys = [current, ...previous].map((text, index) => cipherKey(text, index === 0 ? 'SWITCHYARD_BYOK_KEY' : 'SWITCHYARD_BYOK_PREVIOUS_KEYS'));
  return new ByokCipher(keys);
}

export function cipherKey(text: string, variable: string): CipherKey {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-fA-F]{64}$/.test(text) && key.toString('base64') !== normalizeBase64(text))) {
    throw new ConfigError(`${variable} must be 32 bytes, as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  // The id names the key without revealing it: a truncated SHA-256 of a domain-separated input.
  const id = createHash('sha256').update('switchyard-byok-key-id:').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

function normalizeBase64(text: string): string {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
}
