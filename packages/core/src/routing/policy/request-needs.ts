import type { ChatCompletionRequest } from '@switchyard/protocol';

/** What the request needs from an endpoint, derived once per request. */
export interface RequestNeeds {
  readonly request: ChatCompletionRequest;
  /** Estimated prompt tokens (text characters / 4, rounded up; images and files not counted). */
  readonly promptTokens: number;
  /** `max_completion_tokens` or `max_tokens`, when given. */
  readonly maxOutputTokens: number | undefined;
  readonly tools: boolean;
  readonly images: boolean;
  /** A JSON schema (needs `structured_outputs`). */
  readonly jsonSchema: boolean;
}

const CHARS_PER_TOKEN = 4;

export function requestNeeds(request: ChatCompletionRequest): RequestNeeds {
  let characters = 0;
  let images = false;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') characters += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') characters += part.text.length;
        else if (part.type === 'image_url') images = true;
      }
    }
  }
  for (const tool of request.tools ?? []) characters += JSON.stringify(tool.function).length;
  return {
    request,
    promptTokens: Math.ceil(characters / CHARS_PER_TOKEN),
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    tools: (request.tools?.length ?? 0) > 0,
    images,
    jsonSchema: request.response_format?.type === 'json_schema',
  };
}
