import { GatewayError, type ApiKeyRecord } from '@switchyard/core';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { hashSecret } from '../keys/api-key-secret.js';

function bearer(c: Context<AppEnv>): string | undefined {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match?.[1]?.trim();
  }
  return c.req.header('x-api-key')?.trim();
}

/** The calling key (401 when missing, unknown, disabled or expired). */
export async function authenticate(c: Context<AppEnv>, deps: AppDeps): Promise<ApiKeyRecord> {
  const secret = bearer(c);
  if (secret === undefined || secret === '') {
    throw new GatewayError('unauthorized', 'Missing Authentication header (expected "Authorization: Bearer <key>")');
  }
  const key = await deps.keyCache.find(hashSecret(secret));
  if (key === undefined) throw new GatewayError('unauthorized', 'No auth credentials found for this key');
  if (key.disabled) throw new GatewayError('unauthorized', 'This API key is disabled');
  if (key.expiresAt !== null && key.expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw new GatewayError('unauthorized', 'This API key has expired');
  }
  return key;
}

/** Inference routes take inference keys only (a management key cannot run completions). */
export async function authenticateInference(c: Context<AppEnv>, deps: AppDeps): Promise<ApiKeyRecord> {
  const key = await authenticate(c, deps);
  if (key.kind !== 'inference') {
    throw new GatewayError('forbidden', 'Management (provisioning) keys cannot be used for inference; use an API key');
  }
  return key;
}

/** Management routes (`/keys`, …) take provisioning (management) keys only. */
export async function authenticateManagement(c: Context<AppEnv>, deps: AppDeps): Promise<ApiKeyRecord> {
  const key = await authenticate(c, deps);
  if (key.kind !== 'provisioning') throw new GatewayError('forbidden', 'Only management keys can perform this operation');
  return key;
}
