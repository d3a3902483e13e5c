import { readFileSync } from 'node:fs';
import { asString, isRecord, safeParseJson } from '@switchyard/core';
import { ConfigError } from '../config/config-error.js';
import { DEFAULT_TOKEN_URI, parseServiceAccount, type ServiceAccount } from './service-account.js';

/** The fields of an `authorized_user` file (`gcloud auth application-default login`) that a refresh needs. */
export interface AuthorizedUser {
  readonly clientId: string;
  /** Secrets: never log them. */
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly tokenUri: string;
}

export type GoogleCredentialsFile =
  | { readonly type: 'service-account'; readonly account: ServiceAccount }
  | { readonly type: 'authorized-user'; readonly user: AuthorizedUser };

/**
 * A Google credentials JSON: a service-account key or an authorized_user file. Other kinds
 * (external_account, impersonated_service_account) and broken files are ConfigErrors naming
 * `source` without quoting the content.
 */
export function parseGoogleCredentials(text: string, source: string): GoogleCredentialsFile {
  const parsed = safeParseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) throw new ConfigError(`${source}: is not a JSON object`);
  const json = parsed.value;
  if (json['type'] !== 'authorized_user') return { type: 'service-account', account: parseServiceAccount(text, source) };
  const field = (name: string): string => {
    const value = asString(json[name]);
    if (value === undefined || value === '') throw new ConfigError(`${source}: the authorized_user credentials have no "${name}"`);
    return value;
  };
  return {
    type: 'authorized-user',
    user: {
      clientId: field('client_id'),
      clientSecret: field('client_secret'),
      refreshToken: field('refresh_token'),
      tokenUri: asString(json['token_uri']) ?? DEFAULT_TOKEN_URI,
    },
  };
}

/** Reads and parses a credentials file once (at start-up); an unreadable file is a ConfigError. */
export function readGoogleCredentialsFile(file: string, field: string): GoogleCredentialsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${field}: cannot read the Google credentials file ${file}: ${reason}`);
  }
  return parseGoogleCredentials(text, `${field} (${file})`);
}
