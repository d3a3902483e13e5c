import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import { GatewayError } from '../errors/gateway-error.js';
import { toErrorBody } from '../errors/error-body.js';
import { CompletionAssembler } from './assemble-completion.js';
import { ChunkEncoder } from './chunk-encoder.js';
import { toWireUsage } from './wire-usage.js';

const meta = { id: 'gen-1-x', created: 1, model: 'anthropic/claude-sonnet-4.5', provider: 'Anthropic', systemFingerprint: undefined, serviceTier: undefined };

const events: CanonicalEvent[] = [
  { type: 'response-start', upstreamId: 'msg_1', upstreamModel: 'claude-sonnet-4-5' },
  { type: 'reasoning-delta', delta: 'Let me ', detail: { type: 'reasoning.text', text: 'Let me ', format: 'anthropic-claude-v1', index: 0 } },
  { type: 'reasoning-delta', delta: 'think.', detail: { type: 'reasoning.text', text: 'think.', format: 'anthropic-claude-v1', index: 0 } },
  { type: 'reasoning-detail', detail: { type: 'reasoning.text', signature: 'sig==', format: 'anthropic-claude-v1', index: 0 } },
  { type: 'text-delta', delta: 'Checking ' },
  { type: 'text-delta', delta: 'now.' },
  { type: 'tool-call-delta', index: 0, id: 'toolu_1', name: 'get_weather', argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-delta', index: 1, id: 'toolu_2', name: 'get_time', argumentsDelta: '{}' },
  { type: 'usage', usage: { promptTokens: 10, completionTokens: 20 } },
  { type: 'finish', reason: 'tool_calls', native: 'tool_use' },
];

describe('CompletionAssembler', () => {
  it('merges deltas into one message with reasoning details, tool calls and the finish reason', () => {
    const assembler = new CompletionAssembler();
    for (const event of events) assembler.push(event);
    const usage = toWireUsage({ promptTokens: 10, completionTokens: 20 }, { prompt: 30, completion: 300, total: 330 }, false);
    const completion = assembler.build(meta, usage, { includeReasoning: true });
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Checking now.',
        refusal: null,
        reasoning: 'Let me think.',
        reasoning_details: [{ type: 'reasoning.text', text: 'Let me think.', signature: 'sig==', format: 'anthropic-claude-v1', index: 0 }],
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      finish_reason: 'tool_calls',
      native_finish_reason: 'tool_use',
      logprobs: null,
    });
    expect(completion.usage).toMatchObject({ total_tokens: 30, cost: 0.00033 });
    expect(completion.system_fingerprint).toBeNull();
  });

  it('leaves reasoning out when excluded, and reports a partial answer with its error', () => {
    const assembler = new CompletionAssembler();
    for (const event of events.slice(0, 6)) assembler.push(event);
    const error = toErrorBody(new GatewayError('upstream_unavailable', 'gone')).error;
    const usage = toWireUsage({}, { prompt: 0, completion: 0, total: 0 }, false);
    const choice = assembler.build(meta, usage, { includeReasoning: false, error }).choices[0];
    expect(choice?.message).not.toHaveProperty('reasoning');
    expect(choice?.finish_reason).toBe('error');
    expect(choice?.error?.code).toBe(502);
  });
});

describe('ChunkEncoder', () => {
  it('sends the role once, OpenRouter-style reasoning deltas, and tool call pieces with ids only first', () => {
    const encoder = new ChunkEncoder(meta);
    const chunks = events.map((event) => encoder.encode(event)).filter((chunk) => chunk !== undefined);
    expect(chunks.map((c) => c.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '', reasoning: 'Let me ', reasoning_details: [events[1]?.type === 'reasoning-delta' ? events[1].detail : undefined] },
      { content: '', reasoning: 'think.', reasoning_details: [{ type: 'reasoning.text', text: 'think.', format: 'anthropic-claude-v1', index: 0 }] },
      { content: '', reasoning: null, reasoning_details: [{ type: 'reasoning.text', signature: 'sig==', format: 'anthropic-claude-v1', index: 0 }] },
      { content: 'Checking ' },
      { content: 'now.' },
      { content: null, tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] },
      { content: null, tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      { content: null, tool_calls: [{ index: 1, id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } }] },
    ]);
    expect(chunks.every((c) => c.id === 'gen-1-x' && c.object === 'chat.completion.chunk' && c.provider === 'Anthropic')).toBe(true);
  });

  it('encodeJson is exactly the JSON of encode, and follows a fingerprint learnt later', () => {
    const objects = new ChunkEncoder({ ...meta });
    const mutable = { ...meta } as { systemFingerprint: string | undefined };
    const strings = new ChunkEncoder(mutable as typeof meta);
    events.forEach((event, i) => {
      if (i === 5) {
        mutable.systemFingerprint = 'fp_1';
        (objects as unknown as { meta: { systemFingerprint: string } }).meta.systemFingerprint = 'fp_1';
      }
      const json = strings.encodeJson(event);
      const object = objects.encode(event);
      expect(json === undefined ? undefined : JSON.parse(json)).toEqual(object);
    });
  });

  it('ends with a finish chunk, a usage chunk with no choices, or an error chunk', () => {
    const encoder = new ChunkEncoder(meta);
    expect(encoder.finish('stop', 'end_turn').choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'end_turn' });
    const usage = toWireUsage({ promptTokens: 1, completionTokens: 2 }, { prompt: 1, completion: 2, total: 3 }, false);
    expect(encoder.usage(usage)).toMatchObject({ choices: [], usage: { total_tokens: 3, cost: 0.000003 } });
    const error = encoder.error({ code: 429, message: 'slow', metadata: { error_type: 'rate_limit_exceeded' } });
    expect(error).toMatchObject({ error: { code: 429 }, choices: [{ finish_reason: 'error' }] });
  });
});
