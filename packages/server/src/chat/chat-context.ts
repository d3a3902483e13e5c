import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';

/** Who asked, from where, and when: what the generation record keeps besides the response. */
export interface ChatContext {
  readonly generationId: string;
  readonly key: ApiKeyRecord;
  readonly createdAt: Date;
  readonly startedMs: number;
  readonly appTitle: string | null;
  readonly httpReferer: string | null;
  readonly userAgent: string | null;
  readonly sessionIdHeader: string | null;
  /** The caller's end-user id (`user`) as sent; providers only ever see its hash. */
  readonly externalUser: string | null;
}

/**
 * OpenRouter hashes `user` before it goes upstream: providers can still tell end users apart
 * (abuse isolation) without learning who they are. Salted with the account, so ids do not
 * correlate across accounts.
 */
export function withHashedUser(request: ChatCompletionRequest, accountId: string): ChatCompletionRequest {
  if (request.user == null) return request;
  const hashed = createHash('sha256').update(`${accountId}:${request.user}`).digest('hex').slice(0, 32);
  return { ...request, user: `user-${hashed}` };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** "gen-1732363200-Xa9…": OpenRouter's generation id shape (unix seconds + 20 random characters). */
export function newGenerationId(now: Date): string {
  const bytes = randomBytes(20);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `gen-${Math.floor(now.getTime() / 1000)}-${suffix}`;
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** Images in the prompt (priced with the endpoint's `image` price; `num_media_prompt`). */
export function countPromptImages(request: ChatCompletionRequest): number {
  let count = 0;
  for (const message of request.messages) {
    if (typeof message.content !== 'object' || message.content === null) continue;
    for (const part of message.content) if (part.type === 'image_url') count += 1;
  }
  return count;
}

/** A rough token count (4 characters a token) for providers that report no usage. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}
