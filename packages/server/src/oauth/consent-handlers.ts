import { GatewayError } from '@switchyard/core';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../app-types.js';
import { approverFromSecret } from './approver.js';
import { callbackWith } from './callback-url.js';
import { codeRequestFromForm, parseCodeRequest, type CodeRequest } from './code-request.js';
import { CSRF_COOKIE, csrfMatches, newCsrfToken } from './consent-csrf.js';
import { pageHeaders, renderConsentForm, renderHeadlessCode, renderMessage } from './consent-page.js';

/** The consent page's fields that describe the code (the same names as the `POST /auth/keys/code` body). */
const REQUEST_FIELDS = ['callback_url', 'code_challenge', 'code_challenge_method', 'limit', 'usage_limit_type', 'expires_at', 'key_label'] as const;
const FORM_LIMIT_BYTES = 16 * 1024;

type Ctx = Context<AppEnv>;
type Status = 200 | 400 | 401 | 403 | 413 | 415;

/**
 * `GET /auth?callback_url=…&code_challenge=…&code_challenge_method=…` (where `createAuthorizationUrl`
 * sends the user) shows what the app asks for; `POST /auth` approves with a provisioning key of the
 * account (303 to `callback_url?code=…`, or the code on the page in the headless flow) or denies
 * (303 to `callback_url?error=access_denied`). Every answer is an HTML page, never JSON.
 */
export function registerConsentPage(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/auth', (c) => {
    const fields = pickFields((name) => c.req.query(name));
    const request = parseOrError(fields, deps);
    if (GatewayError.is(request)) return message(c, 400, 'Invalid authorization request', request.message);
    return showForm(c, request, fields, undefined, 200);
  });

  const limit = bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => message(c as Ctx, 413, 'Request too large', 'The form is too large.') });
  app.post('/auth', limit, async (c) => {
    if (!sameOrigin(c)) return message(c, 403, 'Request refused', 'The form was posted from another site.');
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return message(c, 415, 'Request refused', 'Expected a form post (application/x-www-form-urlencoded).');
    }
    const form = new URLSearchParams(await c.req.text());
    const fields = pickFields((name) => form.get(name) ?? undefined);
    const request = parseOrError(fields, deps);
    if (GatewayError.is(request)) return message(c, 400, 'Invalid authorization request', request.message);
    if (!csrfMatches(getCookie(c, CSRF_COOKIE), form.get('csrf_token') ?? undefined)) {
      return showForm(c, request, fields, 'This form has expired. Please try again.', 403);
    }
    const decision = form.get('decision');
    if (decision === 'deny') return deny(c, request);
    if (decision !== 'approve') return message(c, 400, 'Invalid authorization request', 'decision: expected "approve" or "deny"');
    return approve(c, deps, request, fields, form.get('api_key') ?? '');
  });
}

async function approve(c: Ctx, deps: AppDeps, request: CodeRequest, fields: Record<string, string>, secret: string): Promise<Response> {
  try {
    const approver = await approverFromSecret(secret, deps.keyCache, deps.clock.now());
    const issued = await deps.oauth.issueCode(approver, request);
    deps.logger.info('oauth code approved', { account: approver.accountId, key: approver.id, callback: request.callbackUrl === null ? null : new URL(request.callbackUrl).origin });
    if (request.callbackUrl === null) return c.body(renderHeadlessCode(issued.code, issued.record.expiresAt), 200, pageHeaders(null));
    return redirect(c, callbackWith(request.callbackUrl, { code: issued.code }));
  } catch (error) {
    if (GatewayError.is(error) && (error.code === 'unauthorized' || error.code === 'forbidden')) {
      return showForm(c, request, fields, error.message, error.status as Status);
    }
    throw error;
  }
}

function deny(c: Ctx, request: CodeRequest): Response {
  if (request.callbackUrl === null) return message(c, 200, 'Authorization denied', 'No key was created. You can close this page.');
  return redirect(c, callbackWith(request.callbackUrl, { error: 'access_denied' }));
}

function redirect(c: Ctx, location: string): Response {
  return c.body(null, 303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
}

function showForm(c: Ctx, request: CodeRequest, fields: Record<string, string>, error: string | undefined, status: Status): Response {
  const csrfToken = newCsrfToken();
  setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: true, sameSite: 'Strict', path: '/auth', secure: isHttps(c), maxAge: 3600 });
  const html = renderConsentForm({ request, fields, csrfToken, ...(error === undefined ? {} : { error }) });
  return c.body(html, status, pageHeaders(request.callbackUrl === null ? null : new URL(request.callbackUrl).origin));
}

function message(c: Ctx, status: Status, title: string, text: string): Response {
  return c.body(renderMessage(title, text), status, pageHeaders(null));
}

function pickFields(read: (name: string) => string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of REQUEST_FIELDS) {
    const value = read(name);
    if (value !== undefined && value !== '') fields[name] = value;
  }
  return fields;
}

function parseOrError(fields: Record<string, string>, deps: AppDeps): CodeRequest | GatewayError {
  try {
    return parseCodeRequest(codeRequestFromForm(fields), { settings: deps.oauth.settings, now: deps.clock.now(), headlessAllowed: true });
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
}

/** A browser always sends Origin on a form post; when present it must name this host (any scheme: TLS may end at a proxy). */
function sameOrigin(c: Ctx): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  return URL.canParse(origin) && new URL(origin).host === c.req.header('host');
}

function isHttps(c: Ctx): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}
