import { GatewayError } from '@switchyard/core';

const MAX_LENGTH = 2048;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1']);

/**
 * The callback URL an app asked for, checked before anything is sent there: absolute, https (or
 * http on localhost / 127.0.0.1, any port, for local tools), no credentials, no fragment, and, when
 * the operator configured `oauth.allowed_callback_origins`, one of those origins.
 */
export function validateCallbackUrl(raw: string, allowedOrigins: readonly string[] | undefined): URL {
  const refuse = (why: string) =>
    new GatewayError('invalid_request', `callback_url: ${why}`, { metadata: { callback_url: raw.slice(0, MAX_LENGTH) } });
  if (raw.length > MAX_LENGTH) throw refuse(`must be at most ${String(MAX_LENGTH)} characters`);
  if (!URL.canParse(raw)) throw refuse('must be an absolute URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw refuse('must use https (http is allowed only for localhost and 127.0.0.1)');
  }
  if (url.username !== '' || url.password !== '') throw refuse('must not contain credentials');
  if (raw.includes('#')) throw refuse('must not contain a fragment');
  if (allowedOrigins !== undefined && !allowedOrigins.some((entry) => originMatches(entry, url))) {
    throw refuse(`origin ${url.origin} is not allowed on this gateway`);
  }
  return url;
}

/** An allow-list entry is an origin ("https://app.example", "http://localhost:3000") or a loopback origin with any port ("http://localhost:*"). */
export function originMatches(entry: string, url: URL): boolean {
  if (entry.endsWith(':*')) {
    const base = new URL(entry.slice(0, -2));
    return base.protocol === url.protocol && base.hostname === url.hostname;
  }
  return new URL(entry).origin === url.origin;
}

/** `callback` with `params` added to its query (existing parameters, such as an app's `state`, are kept). */
export function callbackWith(callback: string, params: Readonly<Record<string, string>>): string {
  const url = new URL(callback);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
