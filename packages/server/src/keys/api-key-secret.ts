import { hash, randomBytes, randomUUID } from 'node:crypto';

const PREFIX = 'sk-sy-v1-';

/** A new secret: "sk-sy-v1-" + 64 hex characters (256 bits). */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('hex');
}

/** Keys are stored and looked up only by this hash. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** "sk-sy-v1-3f2...9c1d": enough to recognise a key, useless to an attacker. */
export function maskSecret(secret: string): string {
  if (secret.length <= 16) return `${secret.slice(0, 4)}...`;
  const visible = secret.startsWith(PREFIX) ? PREFIX.length + 3 : 6;
  return `${secret.slice(0, visible)}...${secret.slice(-4)}`;
}

export function newKeyId(): string {
  return `key_${randomUUID().replaceAll('-', '')}`;
}
