import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord, GuardrailRecord } from '@switchyard/core';
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
  /** The key's guardrails: their budgets are reserved against with the request's credit hold. */
  readonly guardrails: readonly GuardrailRecord[];
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
const ID_CHARS = 20;
const POOL_BYTES = 4096;

/**
 * "gen-1732363200-Xa9…": OpenRouter's generation id shape (unix seconds + 20 random characters).
 * Random bytes come from a pool refilled 4 KiB at a time: one `randomBytes` call per ~200 ids
 * instead of one per request (it showed up at 3 % of a loaded gateway's CPU).
 */
export class GenerationIds {
  private pool = randomBytes(POOL_BYTES);
  private offset = 0;

  next(now: Date): string {
    if (this.offset + ID_CHARS > POOL_BYTES) {
      this.pool = randomBytes(POOL_BYTES);
      this.offset = 0;
    }
    let suffix = '';
    for (let i = 0; i < ID_CHARS; i++) suffix += ALPHABET[(this.pool[this.offset + i] ?? 0) % ALPHABET.length];
    this.offset += ID_CHARS;
    return `gen-${Math.floor(now.getTime() / 1000)}-${suffix}`;
  }
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
