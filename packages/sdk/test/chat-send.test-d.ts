/**
 * Type tests (run by typecheck.test.ts through `tsc -p packages/sdk/tsconfig.test-d.json`): the
 * `chat.send` overloads, `withResponse()`, and the shapes resource methods return.
 */
import { expectTypeOf } from 'vitest';
import {
  Switchyard,
  type APIPromise,
  type ChatResponse,
  type ChatStreamChunk,
  type CurrentKeyResponse,
  type GenerationResponse,
  type ModelResult,
  type ModelsListResponse,
  type Stream,
  type WithResponse,
} from '../src/index.js';

const client = new Switchyard({ apiKey: 'sk-test', baseURL: 'http://localhost:8080/api/v1' });
const messages = [{ role: 'user' as const, content: 'Hi' }];

// stream omitted or false: a ChatResponse; stream: true: a Stream of chunks.
expectTypeOf(client.chat.send({ model: 'openai/gpt-4o', messages })).toEqualTypeOf<APIPromise<ChatResponse>>();
expectTypeOf(client.chat.send({ model: 'openai/gpt-4o', messages, stream: false })).resolves.toEqualTypeOf<ChatResponse>();
expectTypeOf(client.chat.send({ model: 'openai/gpt-4o', messages, stream: true })).toEqualTypeOf<APIPromise<Stream<ChatStreamChunk>>>();
expectTypeOf(client.chat.send({ model: 'openai/gpt-4o', messages, stream: true })).resolves.toEqualTypeOf<Stream<ChatStreamChunk>>();

// A boolean only known at run time: either.
declare const streaming: boolean;
expectTypeOf(client.chat.send({ model: 'openai/gpt-4o', messages, stream: streaming })).resolves.toEqualTypeOf<ChatResponse | Stream<ChatStreamChunk>>();

async function overloads(): Promise<void> {
  const answer = await client.chat.send({ model: 'openai/gpt-4o', messages });
  // @ts-expect-error the non-streaming overload does not return a Stream
  const notAStream: Stream<ChatStreamChunk> = answer;
  void notAStream;
  // @ts-expect-error a ChatResponse is not async-iterable
  for await (const chunk of answer) void chunk;

  const stream = await client.chat.send({ model: 'openai/gpt-4o', messages, stream: true });
  for await (const chunk of stream) expectTypeOf(chunk).toEqualTypeOf<ChatStreamChunk>();
  expectTypeOf(stream.tee()).toEqualTypeOf<[Stream<ChatStreamChunk>, Stream<ChatStreamChunk>]>();
  expectTypeOf(stream.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
  expectTypeOf(stream.controller).toEqualTypeOf<AbortController>();
  // @ts-expect-error a Stream has no choices
  void stream.choices;

  // @ts-expect-error messages are required
  void client.chat.send({ model: 'openai/gpt-4o' });
  // @ts-expect-error wire names, not camelCase
  void client.chat.send({ model: 'openai/gpt-4o', messages, maxTokens: 5 });
}
void overloads;

// withResponse(): the body and the Response, on every method.
expectTypeOf(client.models.list().withResponse()).resolves.toEqualTypeOf<WithResponse<ModelsListResponse>>();
expectTypeOf(client.chat.send({ model: 'm', messages, stream: true }).withResponse()).resolves.toEqualTypeOf<WithResponse<Stream<ChatStreamChunk>>>();
expectTypeOf(client.models.list().asResponse()).resolves.toEqualTypeOf<Response>();

// Resource methods return the server's bodies.
expectTypeOf(client.apiKeys.getCurrentKeyMetadata()).resolves.toEqualTypeOf<CurrentKeyResponse>();
expectTypeOf(client.generations.getGeneration({ id: 'gen-1' })).resolves.toEqualTypeOf<GenerationResponse>();
expectTypeOf(client.credits.getCredits()).resolves.toEqualTypeOf<{ data: { total_credits: number; total_usage: number } }>();
expectTypeOf(client.compare('Hi', ['a', 'b'])).resolves.toEqualTypeOf<ModelResult[]>();
// @ts-expect-error getGeneration needs an id
void client.generations.getGeneration({});

// `await using` closes the client at the end of the block.
async function disposable(): Promise<void> {
  await using scoped = new Switchyard({ apiKey: 'sk-test' });
  expectTypeOf(scoped.close()).toEqualTypeOf<Promise<void>>();
}
void disposable;
