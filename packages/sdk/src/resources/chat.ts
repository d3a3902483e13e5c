import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import type { Stream } from '../core/streaming.js';
import { runTools, type RunToolsParams, type RunToolsResult } from '../helpers/run-tools.js';
import type { ChatRequest, ChatRequestNonStreaming, ChatRequestStreaming } from '../types/chat-request.js';
import type { ChatResponse, ChatStreamChunk } from '../types/chat-response.js';
import { APIResource } from './resource.js';

/** `POST /chat/completions`. */
export class Chat extends APIResource {
  /** A chat completion: `stream: true` gives a `Stream<ChatStreamChunk>`, otherwise a `ChatResponse`. */
  send(params: ChatRequestNonStreaming, options?: RequestOptions): APIPromise<ChatResponse>;
  send(params: ChatRequestStreaming, options?: RequestOptions): APIPromise<Stream<ChatStreamChunk>>;
  send(params: ChatRequest, options?: RequestOptions): APIPromise<ChatResponse | Stream<ChatStreamChunk>>;
  send(params: ChatRequest, options?: RequestOptions): APIPromise<ChatResponse | Stream<ChatStreamChunk>> {
    const spec = { method: 'POST', path: '/chat/completions', body: params } as const;
    if (params.stream === true) return this.client.requestStream<ChatStreamChunk>(spec, options);
    return this.client.request<ChatResponse>(spec, options);
  }

  /**
   * Sends the conversation, runs the local functions of the tools the model calls, sends their
   * results back, and repeats until the model answers without calling a tool (or `max_rounds`).
   */
  runTools(params: RunToolsParams, options?: RequestOptions): Promise<RunToolsResult> {
    return runTools((request) => this.send(request, options), params);
  }
}
