import type { ChatCompletionRequest } from '@switchyard/protocol';
import { invalidField } from './parse-preferences.js';

/** Request-level limits on what `openrouter/auto` may pick: plugin `{id: "auto-router", allowed_models, excluded_models}`. */
export interface AutoSettings {
  /** Wildcard patterns (`anthropic/*`); a candidate must match one. */
  readonly allowed?: readonly string[];
  /** Wildcard patterns; a matching candidate is skipped. */
  readonly excluded?: readonly string[];
}

function patterns(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string' && item !== '')) {
    throw invalidField(field, 'expected an array of model id patterns (e.g. "anthropic/*")');
  }
  return value;
}

/** The `auto-router` plugin's settings (OpenRouter's), validated; `{}` when the request has none. */
export function autoSettings(request: ChatCompletionRequest): AutoSettings {
  const plugins = (request as Record<string, unknown>)['plugins'];
  if (!Array.isArray(plugins)) return {};
  const index = plugins.findIndex((plugin) => typeof plugin === 'object' && plugin !== null && (plugin as Record<string, unknown>)['id'] === 'auto-router');
  if (index < 0) return {};
  const plugin = plugins[index] as Record<string, unknown>;
  const allowed = patterns(plugin['allowed_models'], `plugins[${index}].allowed_models`);
  const excluded = patterns(plugin['excluded_models'], `plugins[${index}].excluded_models`);
  return { ...(allowed === undefined ? {} : { allowed }), ...(excluded === undefined ? {} : { excluded }) };
}

/** `*` matches any run of characters; everything else literally, case-insensitively. */
export function matchesModelPattern(id: string, pattern: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 'i').test(id);
}
