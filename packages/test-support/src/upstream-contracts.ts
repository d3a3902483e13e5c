import type { RecordedRequest } from './fake-upstream.js';
import { createSpecValidator, type SpecName, type SpecValidator } from './spec-validator.js';

/** Responses input items by `type`, each checked against its own schema (see `responsesRequestErrors`). */
const RESPONSES_ITEM_SCHEMAS: Readonly<Record<string, string>> = {
  message: 'InputMessage',
  function_call: 'FunctionToolCall',
  function_call_output: 'FunctionCallOutputItemParam',
  reasoning: 'ReasoningItem',
};

/**
 * Errors of a `POST /responses` body against OpenAI's `CreateResponse`. The spec's `InputItem` is a
 * oneOf that only an OpenAPI discriminator can decide (a user message with a content list matches
 * both EasyInputMessage and InputMessage, so plain JSON Schema rejects every valid one): the body is
 * validated with `input` set aside, and each input item against its own schema (assistant
 * messages: EasyInputMessage). A string `input` is valid as it is.
 */
export function responsesRequestErrors(openai: SpecValidator, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['(root) the body is not a JSON object'];
  const record = body as Record<string, unknown>;
  const input = record['input'];
  const rest = openai.errors('CreateResponse', Array.isArray(input) ? { ...record, input: 'placeholder' } : record);
  const items = (Array.isArray(input) ? (input as unknown[]) : []).flatMap((raw, i) => {
    const item = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const type = item['type'] ?? (item['role'] === undefined ? undefined : 'message');
    const schema = item['role'] === 'assistant' ? 'EasyInputMessage' : RESPONSES_ITEM_SCHEMAS[String(type)];
    if (schema === undefined) return [`/input/${i} has an unknown item type ${JSON.stringify(type)}`];
    return openai.errors(schema, item).map((error) => `/input/${i}${error}`);
  });
  return [...rest, ...items];
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Content parts a vendor documents beside OpenAI's, which no published spec describes: checked for
 * their documented shape here, then stood in for by a text part in the OpenAI validation (keyed by
 * the mount prefix).
 */
const VENDOR_PARTS: Readonly<Record<string, Readonly<Record<string, (part: Json) => boolean>>>> = {
  // docs.perplexity.ai/docs/sonar/media: {type: "file_url", file_url: {url}, file_name?}.
  '/perplexity/': {
    file_url: (part) => isRecord(part['file_url']) && typeof part['file_url']['url'] === 'string' && ['undefined', 'string'].includes(typeof part['file_name']),
  },
};

/** The body with the vendor's own parts replaced by empty text parts (errors for malformed ones). */
function withoutVendorParts(path: string, body: unknown): { body: unknown; errors: string[] } {
  const prefix = Object.keys(VENDOR_PARTS).find((candidate) => path.startsWith(candidate));
  const parts = prefix === undefined ? undefined : VENDOR_PARTS[prefix];
  if (parts === undefined || !isRecord(body) || !Array.isArray(body['messages'])) return { body, errors: [] };
  const errors: string[] = [];
  const messages = (body['messages'] as unknown[]).map((message, i) => {
    if (!isRecord(message) || !Array.isArray(message['content'])) return message;
    const content = (message['content'] as unknown[]).map((part, j) => {
      const check = isRecord(part) ? parts[String(part['type'])] : undefined;
      if (check === undefined) return part;
      if (!check(part as Json)) errors.push(`/messages/${i}/content/${j} is not a valid ${String((part as Json)['type'])} part`);
      return { type: 'text', text: '' };
    });
    return { ...message, content };
  });
  return { body: { ...body, messages }, errors };
}

/** Which contract one upstream request must meet, chosen by its path on the fake upstream. */
type Contract = { readonly spec: SpecName; readonly check: (validator: SpecValidator, body: unknown) => string[] };

const schema =
  (name: string) =>
  (validator: SpecValidator, body: unknown): string[] =>
    validator.errors(name, body);

/**
 * The e2e tests mount each provider under its own prefix on one fake upstream (`/mistral/v1`,
 * `/gemini/v1beta`, `/azure/openai/...`): the prefix and the operation pick the provider's spec.
 */
function contractFor(request: RecordedRequest): Contract | undefined {
  if (request.method !== 'POST') return undefined;
  const path = request.url.split('?')[0] ?? request.url;
  if (path.startsWith('/gemini/')) return { spec: 'gemini', check: schema('GenerateContentRequest') };
  if (path.endsWith('/responses')) return { spec: 'openai', check: responsesRequestErrors };
  if (!path.endsWith('/chat/completions')) return undefined;
  if (path.startsWith('/mistral/')) return { spec: 'mistral', check: schema('ChatCompletionRequest') };
  return {
    spec: 'openai',
    check: (validator, body) => {
      const stripped = withoutVendorParts(path, body);
      return [...stripped.errors, ...validator.errors('CreateChatCompletionRequest', stripped.body)];
    },
  };
}

export interface UpstreamContracts {
  /**
   * Violations of the provider's published request schema by what the gateway sent: Chat
   * Completions (OpenAI's spec; Mistral's under `/mistral/`), Responses (`…/responses`) and Gemini
   * (`/gemini/…`). Other providers publish no spec; their requests are not checked here.
   */
  errors(request: RecordedRequest): string[];
}

/** Checks upstream request bodies against the providers' specs (validators are loaded on first use). */
export function createUpstreamContracts(): UpstreamContracts {
  const validators = new Map<SpecName, SpecValidator>();
  const validator = (name: SpecName): SpecValidator => {
    let found = validators.get(name);
    if (found === undefined) {
      found = createSpecValidator(name);
      validators.set(name, found);
    }
    return found;
  };
  return {
    errors(request) {
      const contract = contractFor(request);
      if (contract === undefined) return [];
      return contract.check(validator(contract.spec), request.body).map((error) => `upstream ${request.url} (${contract.spec} spec): ${error}`);
    },
  };
}
