import type { Scripted } from './fake-upstream.js';
import { chunksToSse, readFixture, readJsonFixture } from './fixtures.js';

/**
 * Recorded OpenAI-compatible Chat Completions answers (../shared/fixtures) as a fake upstream sends
 * them, and what they carry, for end-to-end assertions.
 */

type Json = Record<string, unknown>;

/**
 * The recording as the vendor sends it: a `*.json` body, a vercel/ai `*.chunks.txt` file re-framed as
 * SSE with the closing `data: [DONE]`, or a raw `*.sse` / `*.txt` body; streams go out in small pieces.
 */
export function recordedAnswer(file: string, chunkSize = 113): Scripted {
  if (file.endsWith('.json')) return { json: readJsonFixture(file) };
  const body = file.endsWith('.chunks.txt') ? `${chunksToSse(file)}data: [DONE]\n\n` : readFixture(file);
  return { body, headers: { 'content-type': 'text/event-stream' }, chunkSize };
}

/** The choice-0 messages (JSON) or deltas (streams) of a recording. */
function recordedMessages(file: string): Json[] {
  if (file.endsWith('.json')) {
    const body = readJsonFixture(file) as { choices?: { message?: Json }[] };
    return [body.choices?.[0]?.message ?? {}];
  }
  const text = readFixture(file);
  const lines = file.endsWith('.chunks.txt')
    ? text.split('\n')
    : text.split('\n').flatMap((line) => (line.startsWith('data: ') && line !== 'data: [DONE]' ? [line.slice(6)] : []));
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { choices?: { delta?: Json }[] }).choices?.[0]?.delta ?? {});
}

const parts = (content: unknown): Json[] => (Array.isArray(content) ? (content as Json[]) : []);

/** The answer text a recording carries: string content, or Mistral's `text` parts. */
export function recordedText(file: string): string {
  return recordedMessages(file)
    .map(({ content }) =>
      typeof content === 'string' ? content : parts(content).map((part) => (part['type'] === 'text' ? String(part['text']) : '')).join(''),
    )
    .join('');
}

/** The reasoning a recording carries: `reasoning` / `reasoning_content`, or Mistral's `thinking` parts. */
export function recordedReasoning(file: string): string {
  return recordedMessages(file)
    .map((message) => {
      const thinking = parts(message['content']).flatMap((part) => (part['type'] === 'thinking' ? parts(part['thinking']).map((piece) => String(piece['text'])) : []));
      return String(message['reasoning'] ?? message['reasoning_content'] ?? '') + thinking.join('');
    })
    .join('');
}
