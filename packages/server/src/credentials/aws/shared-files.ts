import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import { envValue, type AwsChainContext } from './aws-context.js';

type Env = AwsChainContext['env'];
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** One profile of the shared files: its name, and its settings (credentials file over config file). */
export interface AwsProfile {
  readonly name: string;
  /** The profile appears in at least one of the two files. */
  readonly found: boolean;
  readonly settings: ReadonlyMap<string, string>;
}

/**
 * The sections of an AWS shared file (INI): `[name]` headers, `key = value` lines, `#` and `;`
 * comments. Indented lines (nested settings such as `s3 =` blocks) are skipped.
 */
export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header !== null) {
      const name = (header[1] ?? '').trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    if (/^\s/.test(raw) || current === undefined) continue;
    const eq = line.indexOf('=');
    if (eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/** `~/…` → under `homeDir`. */
function expandHome(file: string, homeDir: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(homeDir, file.slice(1)) : file;
}

export function credentialsFilePath(env: Env, homeDir: string): string {
  return expandHome(envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? path.join(homeDir, '.aws', 'credentials'), homeDir);
}

export function configFilePath(env: Env, homeDir: string): string {
  return expandHome(envValue(env, 'AWS_CONFIG_FILE') ?? path.join(homeDir, '.aws', 'config'), homeDir);
}

/** A shared file's sections; an absent file has none, an unreadable one is a ConfigError naming it. */
export function readIniFile(file: string): IniSections {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot read the AWS shared file ${file}: ${reason}`);
  }
  return parseIni(text);
}

/** The profile to use: `explicit` (a provider's `options.profile`), AWS_PROFILE, else `default`. */
export function profileName(env: Env, explicit?: string): string {
  return explicit ?? envValue(env, 'AWS_PROFILE') ?? 'default';
}

/** Reads profile `name` from both shared files (each read anew: they may change while we run). */
export function loadProfile(env: Env, homeDir: string, name: string): AwsProfile {
  const fromCredentials = readIniFile(credentialsFilePath(env, homeDir)).get(name);
  const config = readIniFile(configFilePath(env, homeDir));
  const fromConfig = config.get(`profile ${name}`) ?? (name === 'default' ? config.get('default') : undefined);
  const settings = new Map([...(fromConfig ?? []), ...(fromCredentials ?? [])]);
  return { name, found: fromCredentials !== undefined || fromConfig !== undefined, settings };
}

/** The AWS region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`. */
export function awsRegion(env: Env, homeDir: string, profile?: string): string | undefined {
  const fromEnv = envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION');
  if (fromEnv !== undefined) return fromEnv;
  const region = loadProfile(env, homeDir, profileName(env, profile)).settings.get('region');
  return region === undefined || region === '' ? undefined : region;
}
