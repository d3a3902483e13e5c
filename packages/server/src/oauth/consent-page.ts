import { createHash } from 'node:crypto';
import { microToUsd } from '@switchyard/core';
import type { CodeRequest } from './code-request.js';

/** The only style on the pages; allowed by its hash in the CSP (no inline script, no external asset). */
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}' +
  'h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{font-weight:600}' +
  'dd{margin:0;word-break:break-all}input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}' +
  'button{padding:.5rem 1.2rem;margin:1rem .5rem 0 0}.error{color:#b00020}code{word-break:break-all;font-size:1.1rem}';
const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`);
}

/**
 * Headers for every consent page: a CSP allowing nothing but the page's own style and form posts
 * to the gateway (and, because browsers apply `form-action` to the redirect after a post, the
 * callback's origin), no framing, no caching. The referrer policy is `same-origin`, not
 * `no-referrer`: under `no-referrer` a browser sends `Origin: null` with the form post, which the
 * post's same-origin check refuses; other sites still get no referrer.
 */
export function pageHeaders(callbackOrigin: string | null): Record<string, string> {
  const formAction = callbackOrigin === null ? "'self'" : `'self' ${callbackOrigin}`;
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export interface ConsentFormView {
  readonly request: CodeRequest;
  /** The validated request fields, sent back unchanged as hidden inputs. */
  readonly fields: Readonly<Record<string, string>>;
  readonly csrfToken: string;
  readonly error?: string;
}

export function renderConsentForm(view: ConsentFormView): string {
  const { request } = view;
  const app = request.callbackUrl === null ? 'An application' : new URL(request.callbackUrl).host;
  const rows: [string, string][] = [
    ['Sends you back to', request.callbackUrl ?? 'nowhere: the code is shown on this page'],
    ['Key name', request.keyLabel ?? `OAuth: ${request.callbackUrl === null ? 'headless' : new URL(request.callbackUrl).host}`],
    ['Spend limit', request.limitMicro === null ? 'none' : `$${String(microToUsd(request.limitMicro))}${request.limitReset === null ? '' : `, reset ${request.limitReset}`}`],
    ['Key expires', request.keyExpiresAt?.toISOString() ?? 'never'],
    ['PKCE', request.codeChallengeMethod ?? 'none (anyone holding the code can redeem it)'],
  ];
  const hidden = Object.entries(view.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const error = view.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(view.error)}</p>`;
  return page(
    'Authorize an application',
    `<p><strong>${escapeHtml(app)}</strong> asks for an API key on your Switchyard account. The key can make model requests billed to the account.</p>` +
      `<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>${error}` +
      `<form method="post" action="/auth">${hidden}<input type="hidden" name="csrf_token" value="${escapeHtml(view.csrfToken)}">` +
      '<label for="api_key">Approve with a management (provisioning) key of the account</label>' +
      '<input type="password" id="api_key" name="api_key" autocomplete="off" required>' +
      '<button type="submit" name="decision" value="approve">Approve</button>' +
      '<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></form>',
  );
}

export function renderHeadlessCode(code: string, expiresAt: Date): string {
  return page(
    'Authorization code',
    `<p>Paste this code into the application. It works once, until ${escapeHtml(expiresAt.toISOString())}.</p><p><code>${escapeHtml(code)}</code></p>`,
  );
}

export function renderMessage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}
