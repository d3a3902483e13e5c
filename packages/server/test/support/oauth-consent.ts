import { OpenRouter } from '@openrouter/sdk';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from './harness.js';

/** A minimal browser for the `/auth` consent page: reads the form, keeps its cookie, posts it back. */

export interface ConsentPage {
  readonly status: number;
  readonly headers: Headers;
  readonly html: string;
  /** `name=value` of the CSRF cookie the page set, for the next request. */
  readonly cookie: string | undefined;
  /** The hidden inputs of the form (csrf_token included). */
  readonly fields: Record<string, string>;
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
}

export async function openConsent(url: string): Promise<ConsentPage> {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1] ?? '')] = unescapeHtml(match[2] ?? '');
  }
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, headers: response.headers, html, cookie: setCookie?.split(';')[0], fields };
}

export interface ConsentPost {
  readonly fields: Record<string, string>;
  readonly cookie?: string | undefined;
  /** The Origin header a browser sends with the post; defaults to the page's own origin. */
  readonly origin?: string | null;
}

export async function postConsent(origin: string, post: ConsentPost): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (post.cookie !== undefined) headers['cookie'] = post.cookie;
  if (post.origin !== null) headers['origin'] = post.origin ?? origin;
  return fetch(`${origin}/auth`, { method: 'POST', headers, body: new URLSearchParams(post.fields).toString(), redirect: 'manual' });
}

/** Opens the page at `url`, approves with `apiKey`, and returns the post's answer. */
export async function approveConsent(url: string, apiKey: string): Promise<Response> {
  const page = await openConsent(url);
  if (page.status !== 200) throw new Error(`consent page answered ${String(page.status)}: ${page.html}`);
  return postConsent(new URL(url).origin, { fields: { ...page.fields, api_key: apiKey, decision: 'approve' }, cookie: page.cookie });
}

/** The `code` parameter of a 303 to the callback URL. */
export function codeFrom(response: Response): string {
  const location = response.headers.get('location');
  if (response.status !== 303 || location === null) throw new Error(`expected a 303 redirect, got ${String(response.status)}`);
  const code = new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`no code in ${location}`);
  return code;
}

export interface OAuthGateway {
  readonly t: TestGateway;
  /** Where the consent page (`/auth`) lives: the gateway's origin, without `/api/v1`. */
  readonly origin: string;
  /** An app's SDK: no key at all (the exchange needs none). */
  readonly app: OpenRouter;
}

/** A test gateway for the OAuth PKCE flow: the gateway, its origin and a keyless app SDK. */
export async function startOAuthGateway(options: TestGatewayOptions = {}): Promise<OAuthGateway> {
  const t = await startTestGateway(options);
  return { t, origin: new URL(t.baseURL).origin, app: new OpenRouter({ serverURL: t.baseURL }) };
}
