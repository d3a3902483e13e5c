import type { Chat } from '../resources/chat.js';
import type { RequestOptions } from '../core/options.js';
import type { ChatMessage, ChatRequestBase } from '../types/chat-request.js';
import type { ChatUsage } from '../types/chat-response.js';

/** What one model answered, what it cost and how long it took. */
export interface ModelResult {
  readonly model: string;
  /** The answer's text; null when the call failed or the model answered nothing. */
  readonly content: string | null;
  /** `usage.cost` in USD; null when unknown or the call failed. */
  readonly cost: number | null;
  readonly latency_ms: number;
  readonly usage: ChatUsage | null;
  /** The generation id, for `generations.getGeneration`. */
  readonly id: string | null;
  readonly error?: Error;
}

/** A prompt: one user message's text, or whole messages. */
export type Prompt = string | ChatMessage[];

/** Request fields sent to every model (temperature, max_tokens, provider…). */
export type CompareOptions = Omit<ChatRequestBase, 'model' | 'models' | 'messages'> & { readonly request_options?: RequestOptions };

/** The client part the helpers use (any `Switchyard`). */
export interface ChatClient {
  readonly chat: Pick<Chat, 'send'>;
}

export function promptMessages(prompt: Prompt): ChatMessage[] {
  return typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt;
}

async function ask(client: ChatClient, model: string, messages: ChatMessage[], options: CompareOptions): Promise<ModelResult> {
  const { request_options: requestOptions, ...fields } = options;
  const started = performance.now();
  try {
    const response = await client.chat.send({ ...fields, model, messages, stream: false }, requestOptions);
    const content = response.choices[0]?.message.content ?? null;
    const usage = response.usage ?? null;
    return { model, content, cost: usage?.cost ?? null, latency_ms: Math.round(performance.now() - started), usage, id: response.id };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { model, content: null, cost: null, latency_ms: Math.round(performance.now() - started), usage: null, id: null, error: failure };
  }
}

/**
 * Sends the same prompt to several models in parallel. Never rejects for a model's failure: that
 * model's result carries the `error`. Results are in the order of `models`.
 */
export function compare(client: ChatClient, prompt: Prompt, models: readonly string[], options: CompareOptions = {}): Promise<ModelResult[]> {
  const messages = promptMessages(prompt);
  return Promise.all(models.map((model) => ask(client, model, messages, options)));
}
