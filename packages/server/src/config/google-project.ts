import { existsSync, readFileSync } from 'node:fs';
import { asRecord, asString, safeParseJson } from '@switchyard/core';
import { gcloudCredentialsFile } from '../credentials/credential-plans.js';
import { homeDirOf } from '../credentials/create-credential-source.js';
import { ConfigError } from './config-error.js';

const VERTEX_KINDS: ReadonlySet<string> = new Set(['vertex-gemini', 'vertex-anthropic']);
type Env = Readonly<Record<string, string | undefined>>;

/**
 * Vertex options completed with the Google Cloud project the way Google's client libraries find it
 * when `options.project` is absent: GOOGLE_VERTEX_PROJECT or GOOGLE_CLOUD_PROJECT, then the
 * credentials' own project (a service-account key's `project_id`, an authorized_user file's
 * `quota_project_id`) from options.credentials_json / credentials_file, GOOGLE_APPLICATION_CREDENTIALS
 * or gcloud's ADC file. (The metadata server's project is looked up at start-up only when this finds
 * none: `loadConfigDiscoveringProject`.) Other adapter kinds' options are returned as they are.
 */
export function withGoogleProject(kind: string | undefined, options: Record<string, string>, env: Env): Record<string, string> {
  if (kind === undefined || !VERTEX_KINDS.has(kind) || options['project'] !== undefined) return options;
  const project = nonEmpty(env['GOOGLE_VERTEX_PROJECT']) ?? nonEmpty(env['GOOGLE_CLOUD_PROJECT']) ?? credentialsProject(options, env);
  return project === undefined ? options : { ...options, project };
}

function credentialsProject(options: Readonly<Record<string, string>>, env: Env): string | undefined {
  if (nonEmpty(options['access_token']) !== undefined) return undefined;
  const text = nonEmpty(options['credentials_json']) ?? readIfPresent(credentialsFile(options, env));
  if (text === undefined) return undefined;
  const parsed = safeParseJson(text);
  const json = parsed.ok ? asRecord(parsed.value) : undefined;
  return nonEmpty(asString(json?.['project_id'])) ?? nonEmpty(asString(json?.['quota_project_id']));
}

function credentialsFile(options: Readonly<Record<string, string>>, env: Env): string {
  return nonEmpty(options['credentials_file']) ?? nonEmpty(env['GOOGLE_APPLICATION_CREDENTIALS']) ?? gcloudCredentialsFile({ env, homeDir: homeDirOf(env) });
}

function readIfPresent(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot read the Google credentials file ${file}: ${reason}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
