import type { ProviderAdapter, ProviderCapabilities, HttpRequestSpec } from '@switchyard/core';
import { parseChatCompletionRequest, type ChatCompletionRequest } from '@switchyard/protocol';

/**
 * One client request (OpenAI/OpenRouter format) that exercises a feature. `needs` names the
 * capability that must not be `unsupported` for the case to apply to an adapter; `reasoning`
 * cases run on the flavor's reasoning model.
 */
export interface FeatureCase {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly needs?: keyof ProviderCapabilities;
  /** Only when the capability is exactly `native` (e.g. image URLs the provider fetches itself). */
  readonly nativeOnly?: boolean;
  readonly reasoning?: boolean;
  readonly stream?: boolean;
}

const user = (content: unknown): Record<string, unknown> => ({ role: 'user', content });
const HI = [user('Say hi.')];
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};
const TIME_TOOL = {
  type: 'function',
  function: { name: 'get_time', description: 'Current time', parameters: { type: 'object', properties: {} } },
};
// A 1×1 transparent PNG, a tiny PDF, and a short WAV header: shapes only, nobody decodes them here.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF_BASE64 = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const WAV_BASE64 = Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt ').toString('base64');

const TOOL_TURNS = [
  user('Weather in Paris and the time?'),
  {
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ],
  },
  { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":18}' },
  { role: 'tool', tool_call_id: 'call_2', content: '12:00' },
];

export const FEATURE_CASES: readonly FeatureCase[] = [
  { name: 'plain text', body: { messages: HI } },
  { name: 'plain text, streaming', body: { messages: HI }, stream: true, needs: 'streaming' },
  { name: 'system message', body: { messages: [{ role: 'system', content: 'Be terse.' }, ...HI] } },
  { name: 'developer message', body: { messages: [{ role: 'developer', content: 'Be terse.' }, ...HI] } },
  { name: 'system as text parts', body: { messages: [{ role: 'system', content: [{ type: 'text', text: 'Be terse.' }] }, ...HI] } },
  {
    name: 'multi-turn',
    body: { messages: [user('Pick a number.'), { role: 'assistant', content: '7' }, user('Double it.')] },
  },
  { name: 'user text parts', body: { messages: [user([{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }])] } },
  { name: 'tools', body: { messages: HI, tools: [WEATHER_TOOL, TIME_TOOL] }, needs: 'tools' },
  { name: 'tool_choice auto', body: { messages: HI, tools: [WEATHER_TOOL], tool_choice: 'auto' }, needs: 'tool_choice' },
  { name: 'tool_choice none', body: { messages: HI, tools: [WEATHER_TOOL], tool_choice: 'none' }, needs: 'tool_choice' },
  { name: 'tool_choice required', body: { messages: HI, tools: [WEATHER_TOOL], tool_choice: 'required' }, needs: 'tool_choice' },
  {
    name: 'tool_choice named function',
    body: { messages: HI, tools: [WEATHER_TOOL, TIME_TOOL], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
    needs: 'tool_choice',
  },
  {
    name: 'strict tool',
    body: { messages: HI, tools: [{ ...WEATHER_TOOL, function: { ...WEATHER_TOOL.function, strict: true } }] },
    needs: 'tools',
  },
  { name: 'parallel_tool_calls false', body: { messages: HI, tools: [WEATHER_TOOL], parallel_tool_calls: false }, needs: 'parallel_tool_calls' },
  { name: 'tool results (parallel calls)', body: { messages: TOOL_TURNS, tools: [WEATHER_TOOL, TIME_TOOL] }, needs: 'tools' },
  { name: 'tools, streaming', body: { messages: HI, tools: [WEATHER_TOOL], tool_choice: 'auto' }, stream: true, needs: 'tools' },
  { name: 'json_object', body: { messages: [user('Reply in JSON.')], response_format: { type: 'json_object' } }, needs: 'json_object' },
  {
    name: 'json_schema strict',
    body: {
      messages: [user('A city.')],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          strict: true,
          schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
        },
      },
    },
    needs: 'json_schema',
  },
  { name: 'response_format text', body: { messages: HI, response_format: { type: 'text' } } },
  {
    name: 'image URL',
    body: { messages: [user([{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } }])] },
    needs: 'image_url',
    nativeOnly: true,
  },
  {
    name: 'image base64',
    body: { messages: [user([{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }])] },
    needs: 'image_base64',
  },
  {
    name: 'PDF file',
    body: {
      messages: [user([{ type: 'text', text: 'Summarise.' }, { type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PDF_BASE64}` } }])],
    },
    needs: 'pdf',
  },
  {
    name: 'audio input',
    body: { messages: [user([{ type: 'text', text: 'Transcribe.' }, { type: 'input_audio', input_audio: { data: WAV_BASE64, format: 'wav' } }])] },
    needs: 'audio_input',
  },
  { name: 'reasoning effort', body: { messages: HI, reasoning: { effort: 'high' } }, needs: 'reasoning', reasoning: true },
  { name: 'reasoning_effort (OpenAI field)', body: { messages: HI, reasoning_effort: 'low' }, needs: 'reasoning', reasoning: true },
  { name: 'reasoning max_tokens', body: { messages: HI, reasoning: { max_tokens: 2048 }, max_tokens: 4096 }, needs: 'reasoning', reasoning: true },
  { name: 'reasoning disabled', body: { messages: HI, reasoning: { effort: 'none' } }, needs: 'reasoning', reasoning: true },
  { name: 'reasoning, streaming', body: { messages: HI, reasoning: { effort: 'medium' } }, needs: 'reasoning', reasoning: true, stream: true },
  { name: 'max_tokens', body: { messages: HI, max_tokens: 64 } },
  { name: 'max_completion_tokens', body: { messages: HI, max_completion_tokens: 64 } },
  { name: 'stop string', body: { messages: HI, stop: 'END' } },
  { name: 'stop list', body: { messages: HI, stop: ['END', '###'] } },
  { name: 'seed', body: { messages: HI, seed: 42 } },
  { name: 'temperature and top_p', body: { messages: HI, temperature: 0.3, top_p: 0.9 } },
  { name: 'penalties', body: { messages: HI, frequency_penalty: 0.5, presence_penalty: -0.5 } },
  { name: 'logprobs', body: { messages: HI, logprobs: true, top_logprobs: 3 } },
  { name: 'user', body: { messages: HI, user: 'user-1234' } },
];

/** The cases that apply to an adapter, by its declared capabilities. */
export function casesFor(adapter: ProviderAdapter): FeatureCase[] {
  const capabilities = adapter.capabilities;
  if (capabilities === undefined) throw new Error(`adapter ${adapter.kind} declares no capabilities`);
  return FEATURE_CASES.filter((c) => {
    if (c.needs === undefined) return true;
    const support = capabilities[c.needs];
    return c.nativeOnly === true ? support === 'native' : support !== 'unsupported';
  });
}

export interface Target {
  readonly adapter: ProviderAdapter;
  readonly name: string;
  readonly model: string;
  readonly reasoningModel: string;
}

/** The real adapter's request for a case, aimed at the mock. */
export function buildFor(target: Target, baseUrl: string, c: FeatureCase): HttpRequestSpec {
  const model = c.reasoning === true ? target.reasoningModel : target.model;
  const parsed = parseChatCompletionRequest({ model: `test/${model}`, ...c.body, ...(c.stream === true ? { stream: true } : {}) });
  if (!parsed.ok) throw new Error(`case ${c.name} is not a valid client request: ${parsed.message}`);
  const request: ChatCompletionRequest = parsed.value;
  return target.adapter.buildRequest({
    request,
    upstreamModel: model,
    settings: { id: target.name.toLowerCase(), name: target.name, baseUrl, apiKey: 'test-key', headers: {}, timeoutMs: 10_000 },
    stream: c.stream === true,
    maxCompletionTokens: 8192,
    now: new Date('2026-01-01T00:00:00Z'),
  });
}

export interface MockAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends a built request to the mock. Prism mock cannot answer with SSE: a streaming request is sent
 * with `Accept: application/json` so only its request side (URL, headers, body) is validated.
 */
export async function sendToMock(spec: HttpRequestSpec): Promise<MockAnswer> {
  const headers = { ...spec.headers, accept: 'application/json' };
  const response = await fetch(spec.url, { method: spec.method, headers, body: spec.body });
  return { status: response.status, body: await response.text() };
}

/** A readable failure message: the case, the request, and Prism's validation answer. */
export function explainRejection(c: FeatureCase, spec: HttpRequestSpec, answer: MockAnswer): string {
  return `${c.name}: the mock answered ${answer.status}\nPOST ${spec.url}\n${spec.body}\n--- Prism:\n${answer.body.slice(0, 4000)}`;
}
