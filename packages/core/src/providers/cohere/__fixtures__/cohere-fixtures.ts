/**
 * Which recorded Cohere fixtures the adapter replays, what each must yield, and which are skipped and
 * why. Paths are relative to ../shared/fixtures. The expected facts were read off the fixture bodies
 * (message content, tool_plan, tool_calls, usage.billed_units, finish_reason), not taken
 * from the adapter's output.
 */
import type { FinishReason, UsagePatch } from '../../../canonical/canonical-event.js';

export interface ExpectedCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as JSON (compared parsed). */
  readonly args: Record<string, unknown>;
}

export interface Expected {
  readonly finish: readonly [FinishReason, string];
  readonly upstreamId: string;
  readonly text: string;
  /** Thinking content followed by the tool plan. */
  readonly reasoning: string;
  readonly toolCalls: readonly ExpectedCall[];
  readonly usage: UsagePatch;
}

const F = 'cohere/vercel-ai/';

/** Non-streaming V2ChatResponse bodies, replayed through parseResponse. */
export const UNARY_FIXTURES: Readonly<Record<string, Expected>> = {
  [`${F}cohere-citations.json`]: {
    finish: ['stop', 'COMPLETE'],
    upstreamId: '68475c80-574b-4c65-98a4-e81cebab5dce',
    text: 'The key benefits mentioned in this document are:\n1. Automation of tasks\n2. Better decision-making\n3. Cost reduction',
    reasoning: '',
    toolCalls: [],
    usage: { promptTokens: 39, completionTokens: 27 },
  },
  [`${F}cohere-max-tokens.json`]: {
    finish: ['length', 'MAX_TOKENS'],
    upstreamId: '039584d9-7236-4ecb-9dd7-f1bed57888bc',
    text: '**The History of',
    reasoning: '',
    toolCalls: [],
    usage: { promptTokens: 11, completionTokens: 4 },
  },
  [`${F}cohere-null-args.json`]: {
    finish: ['tool_calls', 'TOOL_CALL'],
    upstreamId: '316f0604-ff50-49f6-ba38-c64616e972b4',
    text: '',
    reasoning: 'I will use the currentTime tool to find the current time.',
    toolCalls: [{ id: 'currentTime_tf4dywn8wgnk', name: 'currentTime', args: {} }],
    usage: { promptTokens: 46, completionTokens: 14 },
  },
  [`${F}cohere-reasoning.json`]: {
    finish: ['stop', 'COMPLETE'],
    upstreamId: '53bcb235-5179-4a91-a578-cb372b5430bc',
    text: '2 + 2 = 4',
    reasoning: 'Okay, so I need to figure out what 2 + 2 is. Let me start by recalling what addition means.',
    toolCalls: [],
    usage: { promptTokens: 8, completionTokens: 578 },
  },
  [`${F}cohere-text.json`]: {
    finish: ['stop', 'COMPLETE'],
    upstreamId: 'e7592632-1e3d-424f-b129-bd5f9f980f7b',
    text: 'The capital of France is Paris.',
    reasoning: '',
    toolCalls: [],
    usage: { promptTokens: 12, completionTokens: 7 },
  },
  [`${F}cohere-tool-call.json`]: {
    finish: ['tool_calls', 'TOOL_CALL'],
    upstreamId: 'f201af17-e24a-4396-8f6a-98e8bf9c3432',
    text: '',
    reasoning:
      'I will use the weather tool to find out the weather in San Francisco. I will also use the cityAttractions tool to find out what attractions are in San Francisco.',
    toolCalls: [
      { id: 'weather_dqgshstja6p9', name: 'weather', args: { location: 'San Francisco' } },
      { id: 'cityAttractions_dcxfx4myvx68', name: 'cityAttractions', args: { city: 'San Francisco' } },
    ],
    usage: { promptTokens: 119, completionTokens: 52 },
  },
};

/** vercel/ai `*.chunks.txt` streams (one event payload per line), re-framed as the SSE Cohere sends. */
export const CHUNK_FIXTURES: Readonly<Record<string, Expected>> = {
  [`${F}cohere-empty-tool-call.chunks.txt`]: {
    finish: ['tool_calls', 'TOOL_CALL'],
    upstreamId: '66dec7d7-45e6-427c-8fd9-7d6375d12046',
    text: '',
    reasoning: 'I will use the currentTime tool to find the current time.',
    toolCalls: [{ id: 'currentTime_y46ar19t5gvw', name: 'currentTime', args: {} }],
    usage: { promptTokens: 46, completionTokens: 14 },
  },
  [`${F}cohere-reasoning.chunks.txt`]: {
    finish: ['stop', 'COMPLETE'],
    upstreamId: 'c9117d7f-a7e4-499f-b643-a2a1e139687b',
    text: 'The answer to 2 + 2 is 4.',
    reasoning:
      "The user is asking for the sum of 2 and 2. Since this is a straightforward arithmetic problem, I don't need to use any tools. I can calculate the answer directly.",
    toolCalls: [],
    usage: { promptTokens: 8, completionTokens: 50 },
  },
  [`${F}cohere-text.chunks.txt`]: {
    finish: ['stop', 'COMPLETE'],
    upstreamId: '321d178c-2c12-44d3-ae42-2f5510f6b1cc',
    text: 'The capital of France is Paris.',
    reasoning: '',
    toolCalls: [],
    usage: { promptTokens: 12, completionTokens: 7 },
  },
  [`${F}cohere-tool-call.chunks.txt`]: {
    finish: ['tool_calls', 'TOOL_CALL'],
    upstreamId: '2941521a-b87a-45f6-9b0d-235fd66c3025',
    text: '',
    reasoning: 'I will use the weather tool to find the weather in San Francisco and the cityAttractions tool to find attractions in San Francisco.',
    toolCalls: [
      { id: 'weather_e8p4pn45zt0t', name: 'weather', args: { location: 'San Francisco' } },
      { id: 'cityAttractions_pyxssbwnq9fq', name: 'cityAttractions', args: { city: 'San Francisco' } },
    ],
    usage: { promptTokens: 119, completionTokens: 44 },
  },
};

/** Recorded files of the cohere folder that are not chat: later issues (embeddings, rerank endpoints). */
export const SKIPPED_FIXTURES: Readonly<Record<string, string>> = {
  [`${F}cohere-embedding.json`]: 'not chat: Cohere Embed API (the gateway has no embeddings endpoint yet)',
  [`${F}cohere-reranking/cohere-reranking.1.json`]: 'not chat: Cohere Rerank API (the gateway has no rerank endpoint yet)',
};
