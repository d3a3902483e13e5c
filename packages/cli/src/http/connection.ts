import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/api/v1';

export interface Connection {
  readonly baseUrl: string;
  /** Absent only for commands whose routes are public (the model list). */
  readonly apiKey: string | undefined;
}

/** --base-url and --api-key (or SWITCHYARD_BASE_URL / SWITCHYARD_API_KEY) of the running command. */
export function connectionOf(command: Command, needsKey: boolean): Connection {
  const options = command.optsWithGlobals<{ baseUrl?: string; apiKey?: string }>();
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new UsageError(`--base-url: "${baseUrl}" is not an http(s) URL`);
  const apiKey = options.apiKey;
  if (needsKey && (apiKey === undefined || apiKey === '')) {
    throw new UsageError('no API key: pass --api-key or set SWITCHYARD_API_KEY (switchyard keys create --name cli makes one)');
  }
  return { baseUrl, apiKey: apiKey === '' ? undefined : apiKey };
}
