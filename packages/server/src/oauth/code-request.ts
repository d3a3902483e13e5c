import { GatewayError, type CodeChallengeMethod, type MicroUsd, type NewOAuthCode } from '@switchyard/core';
import { formatPath } from '@switchyard/protocol';
import { z } from 'zod';
import { validateCallbackUrl } from './callback-url.js';
import { isValidChallenge } from './pkce.js';
import type { OAuthSettings } from './oauth-config.js';

/** Largest spend limit an app may ask for: $1 000 000 000, far inside the safe-integer microdollar range. */
const MAX_LIMIT_USD = 1_000_000_000;

/** `POST /auth/keys/code` body (OpenRouter's fields); the consent page's query and form use the same names. */
const codeRequestSchema = z.strictObject({
  callback_url: z.string().optional(),
  code_challenge: z.string().min(1).optional(),
  code_challenge_method: z.enum(['S256', 'plain']).optional(),
  limit: z.number().min(0).max(MAX_LIMIT_USD).optional(),
  usage_limit_type: z.enum(['daily', 'weekly', 'monthly']).optional(),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  key_label: z.string().trim().min(1).max(100).optional(),
  workspace_id: z.string().optional(),
  // Telemetry fields of OpenRouter's spawn tooling: accepted and ignored.
  spawn_agent: z.string().optional(),
  spawn_cloud: z.string().optional(),
});

/** A validated request for an authorization code: what the key minted from it will look like (fields as on the stored code). */
export type CodeRequest = Pick<
  NewOAuthCode,
  'callbackUrl' | 'codeChallenge' | 'codeChallengeMethod' | 'limitMicro' | 'limitReset' | 'keyLabel' | 'keyExpiresAt'
>;

export interface CodeRequestContext {
  readonly settings: OAuthSettings;
  readonly now: Date;
  /** The consent page allows leaving out `callback_url` (headless flow); the API requires it. */
  readonly headlessAllowed: boolean;
}

/** Validates a JSON body (API) or the string fields of the consent page (query or form); 400 naming the field. */
export function parseCodeRequest(input: unknown, context: CodeRequestContext): CodeRequest {
  const result = codeRequestSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = formatPath(issue?.path ?? []);
    throw new GatewayError('invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  const body = result.data;
  if (body.workspace_id !== undefined) throw new GatewayError('invalid_request', 'workspace_id: workspaces are not supported by this gateway');
  const callbackUrl = checkCallback(body.callback_url, context);
  const challenge = checkChallenge(body.code_challenge, body.code_challenge_method, context.settings);
  if (callbackUrl === null && challenge.codeChallenge === null) {
    throw new GatewayError('invalid_request', 'code_challenge: Required when there is no callback_url (the headless flow shows the code on screen)');
  }
  return {
    callbackUrl,
    ...challenge,
    limitMicro: body.limit === undefined ? null : (Math.round(body.limit * 1_000_000) as MicroUsd),
    limitReset: body.usage_limit_type ?? null,
    keyLabel: body.key_label ?? null,
    keyExpiresAt: checkExpiry(body.expires_at, context.now),
  };
}

/**
 * The consent page's query or form fields as the JSON body the schema expects: empty fields are
 * absent and `limit` is a number. Unknown fields are kept so that the strict schema names them.
 */
export function codeRequestFromForm(fields: Readonly<Record<string, string>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === '') continue;
    body[name] = name === 'limit' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return body;
}

function checkCallback(raw: string | undefined, context: CodeRequestContext): string | null {
  if (raw === undefined) {
    if (context.headlessAllowed) return null;
    throw new GatewayError('invalid_request', 'callback_url: Required');
  }
  return validateCallbackUrl(raw, context.settings.allowedCallbackOrigins).toString();
}

function checkChallenge(
  challenge: string | undefined,
  method: CodeChallengeMethod | undefined,
  settings: OAuthSettings,
): Pick<CodeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  if (challenge === undefined) {
    if (method !== undefined) throw new GatewayError('invalid_request', 'code_challenge: Required when code_challenge_method is given');
    if (settings.requireCodeChallenge) throw new GatewayError('invalid_request', 'code_challenge: Required by this gateway (PKCE)');
    return { codeChallenge: null, codeChallengeMethod: null };
  }
  const effective = method ?? 'plain'; // RFC 7636 §4.3: the method defaults to plain
  if (!isValidChallenge(effective, challenge)) {
    const shape = effective === 'S256' ? 'BASE64URL(SHA256(code_verifier)): 43 characters of [A-Za-z0-9_-]' : 'the code_verifier itself: 43-128 characters of [A-Za-z0-9-._~]';
    throw new GatewayError('invalid_request', `code_challenge: not a valid ${effective} challenge (expected ${shape})`);
  }
  return { codeChallenge: challenge, codeChallengeMethod: effective };
}

function checkExpiry(value: string | null | undefined, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const at = new Date(value);
  if (at.getTime() <= now.getTime()) throw new GatewayError('invalid_request', 'expires_at: must be in the future');
  return at;
}
