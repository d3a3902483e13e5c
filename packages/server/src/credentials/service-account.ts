import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { asString, isRecord, safeParseJson } from '@switchyard/core';
import { ConfigError } from '../config/config-error.js';

export const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** The fields of a Google service-account key file (`"type": "service_account"`) that token minting needs. */
export interface ServiceAccount {
  readonly clientEmail: string;
  /** PEM, PKCS#8. A secret: never log it. */
  readonly privateKey: string;
  readonly privateKeyId: string | undefined;
  readonly tokenUri: string;
}

/**
 * Parses a service-account key. Anything else (an authorized_user file from `gcloud auth
 * application-default login`, missing fields, not JSON) is a ConfigError naming `source` but never
 * quoting the content.
 */
export function parseServiceAccount(text: string, source: string): ServiceAccount {
  const parsed = safeParseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) throw new ConfigError(`${source}: is not a JSON object`);
  const json = parsed.value;
  const type = asString(json['type']);
  if (type !== 'service_account') {
    throw new ConfigError(
      `${source}: expected a Google service-account key ("type": "service_account"), got ${type === undefined ? 'no "type"' : `"type": "${type}"`}`,
    );
  }
  const clientEmail = asString(json['client_email']);
  const privateKey = asString(json['private_key']);
  if (clientEmail === undefined || clientEmail === '') throw new ConfigError(`${source}: the service-account key has no "client_email"`);
  if (privateKey === undefined || !privateKey.includes('PRIVATE KEY')) {
    throw new ConfigError(`${source}: the service-account key has no PEM "private_key"`);
  }
  try {
    createPrivateKey(privateKey);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${source}: the service-account "private_key" is not a usable RSA key (${reason})`);
  }
  return {
    clientEmail,
    privateKey,
    privateKeyId: asString(json['private_key_id']),
    tokenUri: asString(json['token_uri']) ?? DEFAULT_TOKEN_URI,
  };
}

/** Reads and parses a key file once (at start-up); an unreadable file is a ConfigError. */
export function readServiceAccountFile(file: string, field: string): ServiceAccount {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${field}: cannot read the service-account key file ${file}: ${reason}`);
  }
  return parseServiceAccount(text, `${field} (${file})`);
}
