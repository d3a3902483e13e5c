import { chunksToSse, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent, UsagePatch } from '../../canonical/canonical-event.js';
import { CompletionAssembler } from '../../output/assemble-completion.js';
import type { StreamFrame } from '../provider-adapter.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

const adapter = createOpenAiCompatibleAdapter(OPENAI_COMPATIBLE_FLAVORS['generic'] ?? ({} as never));

function runFrames(frames: readonly StreamFrame[]): CanonicalEvent[] {
  const decoder = adapter.createStreamDecoder('OpenAI');
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function stream(file: string): CanonicalEvent[] {
  const body = file.endsWith('.chunks.txt') ? chunksToSse(file) : readFixture(file);
  return runFrames(sseToFrames(body));
}

function json(file: string): CanonicalEvent[] {
  return [...adapter.parseResponse(readJsonFixture(file), 'OpenAI')];
}

/** The recorded chunks of a vercel/ai fixture, one JSON string per line (for mutated variants). */
function chunkLines(file: string): string[] {
  return readFixture(file)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function assemble(events: readonly CanonicalEvent[]) {
  const assembler = new CompletionAssembler();
  for (const event of events) assembler.push(event);
  return { message: assembler.message(true), finish: assembler.finishReason, native: assembler.nativeFinishReason };
}

function usageOf(events: readonly CanonicalEvent[]): UsagePatch | undefined {
  const usage = events.filter((event) => event.type === 'usage');
  expect(usage.length).toBeLessThanOrEqual(1);
  const first = usage[0];
  return first?.type === 'usage' ? first.usage : undefined;
}

describe('non-streaming bodies', () => {
  it('OpenAI text: content, usage, fingerprint and service tier', () => {
    const events = json('openai/vercel-ai/openai-chat/openai-text.json');
    expect(events[0]).toEqual({
      type: 'response-start',
      upstreamId: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      upstreamModel: 'gpt-4.1-nano-2025-04-14',
      systemFingerprint: 'fp_de604bd877',
      serviceTier: 'default',
    });
    const { message, finish } = assemble(events);
    expect(message.content).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(finish).toBe('stop');
    expect(usageOf(events)).toEqual({ promptTokens: 16, completionTokens: 363, cachedTokens: 0, reasoningTokens: 0 });
  });

  it('DeepSeek tool call: reasoning_content, the call, cache hits', () => {
    const events = json('deepseek/vercel-ai/deepseek-chat/deepseek-tool-call.json');
    const { message, finish } = assemble(events);
    expect(message.reasoning).toMatch(/^The user is asking for the weather in San Francisco/);
    expect(message.reasoning_details).toEqual([expect.objectContaining({ type: 'reasoning.text', format: 'unknown', index: 0 })]);
    expect(message.tool_calls).toEqual([
      { id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', type: 'function', function: { name: 'weather', arguments: '{"location": "San Francisco"}' } },
    ]);
    expect(finish).toBe('tool_calls');
    expect(usageOf(events)).toEqual({ promptTokens: 339, completionTokens: 92, cachedTokens: 320, reasoningTokens: 48 });
  });

  it('xAI counts reasoning outside completion_tokens: it is added back', () => {
    // 291 prompt + 26 completion + 189 reasoning = 506 total.
    expect(usageOf(json('xai/vercel-ai/xai-tool-call.json'))).toEqual({
      promptTokens: 291,
      completionTokens: 215,
      cachedTokens: 244,
      reasoningTokens: 189,
    });
  });

  it('Groq tool call without index or content, and reasoning in `reasoning`', () => {
    const { message } = assemble(json('groq/vercel-ai/groq-tool-call.json'));
    expect(message.content).toBeNull();
    expect(message.tool_calls).toEqual([{ id: 'ax9fskhev', type: 'function', function: { name: 'weather', arguments: '{}' } }]);
    const reasoning = assemble(json('groq/vercel-ai/groq-reasoning.json')).message;
    expect(reasoning.reasoning).toMatch(/^Okay, so the user is asking/);
    expect(reasoning.content).toMatch(/contains \*\*3\*\* instances/);
  });

  it('Mistral thinking parts become reasoning, text parts content', () => {
    const { message } = assemble(json('mistral/vercel-ai/mistral-reasoning.json'));
    expect(message.reasoning).toBe('The user is asking for 2+2. This is basic arithmetic. 2+2=4.');
    expect(message.content).toBe('2 + 2 = 4');
  });

  it('Perplexity citations become url_citation annotations', () => {
    const { message } = assemble(json('perplexity/vercel-ai/perplexity-citations.json'));
    expect(message.annotations).toHaveLength(7);
    expect(message.annotations?.[0]).toEqual({
      type: 'url_citation',
      url_citation: { url: 'https://populationstat.com/united-states/san-francisco' },
    });
  });

  it('Moonshot reports cache reads as top-level cached_tokens', () => {
    const events = json('moonshotai/vercel-ai/moonshotai-reasoning.json');
    expect(usageOf(events)).toEqual({ promptTokens: 20, completionTokens: 30, cachedTokens: 10, reasoningTokens: 22 });
    expect(assemble(events).message.reasoning).toBe('Let me count the letters carefully.');
  });

  it('rejects bodies without choices, and maps a 200 error body', () => {
    expect(() => adapter.parseResponse('nope', 'OpenAI')).toThrow(expect.objectContaining({ code: 'upstream_bad_response' }));
    expect(() => adapter.parseResponse({ id: 'x', choices: [] }, 'OpenAI')).toThrow(expect.objectContaining({ code: 'upstream_bad_response' }));
    const body = readJsonFixture('openai/vercel-ai/openai-responses/openai-error.1.json');
    expect(() => adapter.parseResponse(body, 'OpenAI')).toThrow(expect.objectContaining({ code: 'upstream_quota_exceeded' }));
  });
});

describe('streams', () => {
  it('remaps tool-call indexes that start at 1 to dense 0-based ones', () => {
    const events = stream('openai-compatible/vercel-ai/openai-compatible-chat/anthropic-fallback-tool-call.sse');
    const calls = events.filter((event) => event.type === 'tool-call-delta');
    expect(calls.map((call) => call.index)).toEqual([0, 0, 0]);
    expect(calls[0]).toMatchObject({ id: 'toolu_sanitized', name: 'read_file' });
    expect(calls.slice(1).every((call) => call.id === undefined && call.name === undefined)).toBe(true);
    const { message, finish } = assemble(events);
    expect(message.content).toBe('Reading it.');
    expect(message.tool_calls?.[0]?.function.arguments).toBe('{"path": "a.txt"}');
    expect(finish).toBe('tool_calls');
    expect(usageOf(events)).toBeUndefined();
  });

  it('keeps parallel tool calls apart (openai-python multiple tools)', () => {
    const file = 'openai/openai-python/f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b.bin';
    const { message } = assemble(stream(file));
    expect(message.tool_calls?.map((call) => call.function.name)).toEqual(['GetWeatherArgs', 'get_stock_price']);
    for (const call of message.tool_calls ?? []) expect(() => JSON.parse(call.function.arguments) as unknown).not.toThrow();
  });

  it('serves choice 0 only when n > 1', () => {
    const file = 'openai/openai-python/a491adda08c3d4fde95f5b2ee3f60f7f745f1a56d82e62f58031cc2add502380.bin';
    const content = assemble(stream(file)).message.content ?? '';
    expect(JSON.parse(content)).toMatchObject({ units: expect.any(String) });
  });

  it('streams refusals', () => {
    const events = stream('openai/openai-node/ChatCompletionStream__stream-emits-refusal-logprobs-events-1.sse.txt');
    expect(assemble(events).message.refusal).toMatch(/^I'm very sorry/);
  });

  it('waits for a chunk with an id before response-start (Azure filter chunk first)', () => {
    const events = stream('openai/vercel-ai/openai-chat/azure-model-router.1.chunks.txt');
    expect(events[0]).toEqual({
      type: 'response-start',
      upstreamId: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
      upstreamModel: 'gpt-5-nano-2025-08-07',
    });
    expect(usageOf(events)).toMatchObject({ completionTokens: 78, reasoningTokens: 64 });
  });

  it('DeepSeek: reasoning, tool call and usage inside the last choice chunk', () => {
    const events = stream('deepseek/vercel-ai/deepseek-chat/deepseek-tool-call.chunks.txt');
    const { message, finish } = assemble(events);
    expect(message.reasoning?.length).toBeGreaterThan(0);
    expect(message.tool_calls).toEqual([
      { id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', type: 'function', function: { name: 'weather', arguments: '{"location": "San Francisco"}' } },
    ]);
    expect(finish).toBe('tool_calls');
    expect(usageOf(events)).toEqual({ promptTokens: 339, completionTokens: 83, cachedTokens: 320, reasoningTokens: 39 });
    expect(events.slice(-2).map((event) => event.type)).toEqual(['usage', 'finish']);
  });

  it('Groq: usage from the last choice chunk (also in x_groq.usage)', () => {
    const events = stream('groq/vercel-ai/groq-reasoning.chunks.txt');
    expect(usageOf(events)).toEqual({ promptTokens: 17, completionTokens: 1107, reasoningTokens: 963 });
    const lines = chunkLines('groq/vercel-ai/groq-reasoning.chunks.txt').map((line) => {
      const chunk = JSON.parse(line) as Record<string, unknown>;
      delete chunk['usage'];
      return { data: JSON.stringify(chunk) };
    });
    expect(usageOf(runFrames(lines))).toEqual({ promptTokens: 17, completionTokens: 1107, reasoningTokens: 963 });
  });

  it('xAI stream: reasoning outside completion_tokens is added back', () => {
    expect(usageOf(stream('xai/vercel-ai/xai-tool-call.chunks.txt'))).toEqual({
      promptTokens: 291,
      completionTokens: 222,
      cachedTokens: 290,
      reasoningTokens: 196,
    });
  });

  it('Mistral: whole calls without index, an empty name on later pieces is ignored', () => {
    const plain = assemble(stream('mistral/vercel-ai/mistral-tool-call.chunks.txt')).message;
    expect(plain.tool_calls).toEqual([
      { id: 'gSIMJiOkT', type: 'function', function: { name: 'weather', arguments: '{"location": "San Francisco"}' } },
    ]);
    const events = stream('mistral/vercel-ai/mistral-incremental-tool-call.chunks.txt');
    const calls = events.filter((event) => event.type === 'tool-call-delta');
    expect(calls.map((call) => [call.index, call.name])).toEqual([
      [0, 'webSearchTool'],
      [0, undefined],
    ]);
    expect(usageOf(events)).toEqual({ promptTokens: 171, completionTokens: 14, cachedTokens: 128 });
  });

  it('Mistral thinking chunks stream as reasoning', () => {
    const { message } = assemble(stream('mistral/vercel-ai/mistral-reasoning.chunks.txt'));
    expect(message.reasoning).toBe('The user is asking for 2+2. This is basic arithmetic. 2+2=4.');
    expect(message.content).toBe('2 + 2 = 4');
  });

  it('Perplexity: citations once, cumulative usage once (last wins)', () => {
    const events = stream('perplexity/vercel-ai/perplexity-citations.chunks.txt');
    expect(events.filter((event) => event.type === 'annotation')).toHaveLength(7);
    expect(usageOf(events)).toEqual({ promptTokens: 10, completionTokens: 336 });
  });

  it('Alibaba: empty ids on later pieces and empty trailing pieces add nothing', () => {
    const events = stream('alibaba/vercel-ai/alibaba-tool-call.chunks.txt');
    const calls = events.filter((event) => event.type === 'tool-call-delta');
    expect(calls).toHaveLength(3);
    expect(calls.filter((call) => call.id !== undefined)).toHaveLength(1);
    expect(assemble(events).message.tool_calls?.[0]?.function.arguments).toBe('{"location": "San Francisco"}');
  });

  it('Moonshot: content and finish in one chunk', () => {
    const events = stream('moonshotai/vercel-ai/moonshotai-stream.chunks.txt');
    const { message, finish } = assemble(events);
    expect(message.content).toBe('Hello!');
    expect(message.reasoning).toBe('Thinking aloud. ');
    expect(finish).toBe('stop');
  });
});

describe('stream failures and edge cases (mutated recordings)', () => {
  const file = 'openai/vercel-ai/openai-chat/openai-text.chunks.txt';

  it('a stream that ends without finish_reason is an error', () => {
    const lines = chunkLines(file).filter((line) => !line.includes('"finish_reason":"stop"'));
    for (const ending of [[], [{ data: '[DONE]' }]]) {
      const events = runFrames([...lines.map((data) => ({ data })), ...ending]);
      const last = events.at(-1);
      expect(last?.type).toBe('error');
      if (last?.type === 'error') {
        expect(last.error.code).toBe('upstream_unavailable');
        expect(last.error.message).toMatch(/: stream ended before the response finished$/);
      }
      expect(events.some((event) => event.type === 'finish')).toBe(false);
    }
  });

  it('an unparsable chunk is upstream_bad_response and ends the stream', () => {
    const lines = chunkLines(file);
    const frames = [{ data: lines[0] ?? '' }, { data: '{"id": "chatcmpl-D8Z5', }, { data: lines[1] ?? '' }];
    const events = runFrames(frames);
    expect(events.map((event) => event.type)).toEqual(['response-start', 'error']);
    const error = events[1];
    expect(error?.type === 'error' && error.error.code).toBe('upstream_bad_response');
  });

  it('a chunk with a top-level error becomes an error event', () => {
    const errorBody = readJsonFixture('openai/vercel-ai/openai-responses/openai-error.1.json') as Record<string, unknown>;
    const lines = chunkLines(file).slice(0, 3);
    const events = runFrames([...lines.map((data) => ({ data })), { data: JSON.stringify(errorBody) }, { data: '[DONE]' }]);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') {
      expect(last.error.code).toBe('upstream_quota_exceeded');
      expect(last.error.options.providerCode).toBe('insufficient_quota');
    }
  });

  it('nothing after [DONE] is read; empty frames are skipped', () => {
    const lines = chunkLines('openai/vercel-ai/openai-chat/openai-text.chunks.txt');
    const decoder = adapter.createStreamDecoder('OpenAI');
    const events = [...lines.map((data) => ({ data })), { data: '' }, { data: '[DONE]' }, { data: lines[1] ?? '' }].flatMap(
      (frame) => decoder.push(frame),
    );
    expect(events.at(-1)?.type).toBe('finish');
    expect(decoder.end()).toEqual([]);
  });

  it('a stop after tool calls is reported as tool_calls, the native stop kept', () => {
    const lines = chunkLines('deepseek/vercel-ai/deepseek-chat/deepseek-tool-call.chunks.txt').map((line) =>
      line.replace('"finish_reason":"tool_calls"', '"finish_reason":"stop"'),
    );
    const last = runFrames(lines.map((data) => ({ data }))).at(-1);
    expect(last).toEqual({ type: 'finish', reason: 'tool_calls', native: 'stop' });
  });

  it('maps function_call to tool_calls and unknown reasons to stop (native kept)', () => {
    const lines = chunkLines(file);
    const withReason = (reason: string) =>
      runFrames(lines.map((line) => ({ data: line.replace('"finish_reason":"stop"', `"finish_reason":"${reason}"`) }))).at(-1);
    expect(withReason('function_call')).toEqual({ type: 'finish', reason: 'tool_calls', native: 'function_call' });
    expect(withReason('eos')).toEqual({ type: 'finish', reason: 'stop', native: 'eos' });
    expect(withReason('content_filter')).toEqual({ type: 'finish', reason: 'content_filter', native: 'content_filter' });
  });

  it('a provider reusing index 0 with a new id starts a new call', () => {
    const base = chunkLines('alibaba/vercel-ai/alibaba-tool-call.chunks.txt');
    const first = base[0] ?? '';
    const second = first.replace('call_eee11723464a4b9eb8cee71d', 'call_second').replace('"weather"', '"time"');
    const events = runFrames([first, base[1] ?? '', second, ...base.slice(3)].map((data) => ({ data })));
    const firsts = events.filter((event) => event.type === 'tool-call-delta' && event.id !== undefined);
    expect(firsts.map((event) => event.type === 'tool-call-delta' && [event.index, event.id, event.name])).toEqual([
      [0, 'call_eee11723464a4b9eb8cee71d', 'weather'],
      [1, 'call_second', 'time'],
    ]);
  });

  it('the deprecated function_call streams as one tool call', () => {
    const file = 'openai/openai-python/2018feb66ae13fcf5333d61b95849decc68d3f63bd38172889367e1afb1e04f7.bin';
    const legacy = (data: string): string => {
      if (!data.startsWith('{')) return data;
      const chunk = JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] };
      for (const choice of chunk.choices) {
        const calls = choice.delta['tool_calls'] as { function: unknown }[] | undefined;
        if (calls !== undefined) {
          delete choice.delta['tool_calls'];
          choice.delta['function_call'] = calls[0]?.function;
        }
        if (choice.finish_reason === 'tool_calls') choice.finish_reason = 'function_call';
      }
      return JSON.stringify(chunk);
    };
    const frames = sseToFrames(readFixture(file)).map((frame) => ({ data: legacy(frame.data) }));
    const body = frames.map((frame) => frame.data).join('\n');
    expect(body).not.toContain('tool_calls');
    const events = runFrames(frames);
    const { message, finish, native } = assemble(events);
    expect(message.tool_calls).toHaveLength(1);
    expect(message.tool_calls?.[0]?.id).toMatch(/^call_chatcmpl-.+_0$/);
    expect(() => JSON.parse(message.tool_calls?.[0]?.function.arguments ?? '') as unknown).not.toThrow();
    expect([finish, native]).toEqual(['tool_calls', 'function_call']);
  });

  it('derives a deterministic id when the provider gives none', () => {
    const lines = chunkLines('alibaba/vercel-ai/alibaba-tool-call.chunks.txt').map((line) =>
      line.replace('"id":"call_eee11723464a4b9eb8cee71d"', '"id":""'),
    );
    const call = runFrames(lines.map((data) => ({ data }))).find((event) => event.type === 'tool-call-delta');
    expect(call).toMatchObject({ index: 0, id: 'call_chatcmpl-8e243c57-23b3-9db2-a02e-e3c53929c368_0', name: 'weather' });
  });

  it('passes upstream reasoning_details through and does not duplicate their text', () => {
    const detail = { type: 'reasoning.text', text: 'Let me think.', signature: 'sig', format: 'anthropic-claude-v1', index: 0 };
    const encrypted = { type: 'reasoning.encrypted', data: 'opaque', format: 'anthropic-claude-v1', index: 1 };
    const lines = chunkLines('groq/vercel-ai/groq-reasoning.chunks.txt').map((line) =>
      line.replace('"delta":{"reasoning":"Okay"}', `"delta":{"reasoning":"Let me think.","reasoning_details":${JSON.stringify([detail, encrypted])}}`),
    );
    const events = runFrames(lines.map((data) => ({ data })));
    const reasoning = events.filter((event) => event.type === 'reasoning-delta' || event.type === 'reasoning-detail');
    expect(reasoning[0]).toEqual({ type: 'reasoning-delta', delta: 'Let me think.', detail });
    expect(reasoning[1]).toEqual({ type: 'reasoning-detail', detail: encrypted });
    expect(reasoning[2]?.type === 'reasoning-delta' && reasoning[2].delta).not.toBe('Let me think.');
  });
});
