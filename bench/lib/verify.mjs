// One correct answer per target before it is loaded, so that a broken run is not reported as fast.
/* global fetch, AbortSignal -- Node 20 globals */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { CHUNKS_FIXTURE, JSON_FIXTURE } from './nginx.mjs';

function expectedText() {
  return JSON.parse(readFileSync(JSON_FIXTURE, 'utf8')).choices[0].message.content;
}

function expectedStreamText() {
  return readFileSync(CHUNKS_FIXTURE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '')
    .join('');
}

async function post(target, body) {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { response, text: await response.text() };
}

function fail(target, message, text) {
  throw new Error(`${target.name}: ${message}\n${text.slice(0, 1500)}`);
}

/** Non-streaming: 200, JSON with choices and the recorded text; with `requireCost`, usage.cost too. */
export async function verifyJson(target, { requireCost }) {
  const { response, text } = await post(target, target.body);
  if (response.status !== 200) fail(target, `status ${response.status}`, text);
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(target, `answer is not JSON (${error.message})`, text);
  }
  if (!Array.isArray(json.choices) || json.choices.length === 0) fail(target, 'answer has no choices', text);
  if (json.choices[0]?.message?.content !== expectedText()) fail(target, 'answer text differs from the recording', text);
  if (requireCost && typeof json.usage?.cost !== 'number') fail(target, 'answer has no usage.cost', text);
  return { bytes: Buffer.byteLength(text), usage: json.usage, generationId: response.headers.get('x-generation-id') ?? json.id };
}

/** Streaming: 200, text/event-stream, the recorded text reassembled, [DONE]; with `requireCost`, a usage.cost chunk. */
export async function verifyStream(target, { requireCost }) {
  const { response, text } = await post(target, target.body);
  if (response.status !== 200) fail(target, `status ${response.status}`, text);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream')) fail(target, `content-type is "${type}"`, text);
  const data = text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim());
  if (data.at(-1) !== '[DONE]') fail(target, 'stream does not end with data: [DONE]', text.slice(-500));
  const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
  const content = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
  if (content !== expectedStreamText()) fail(target, 'streamed text differs from the recording', text.slice(0, 500));
  const usage = chunks.find((c) => c.usage != null)?.usage;
  if (requireCost && typeof usage?.cost !== 'number') fail(target, 'no chunk carries usage.cost', text.slice(-1500));
  return { bytes: Buffer.byteLength(text), chunks: chunks.length, usage, generationId: chunks[0]?.id };
}

async function getJson(url, headers) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: status ${response.status}\n${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** The generation record of the verification request, once the write-behind queue has stored it. */
export async function verifyGeneration(apiBase, id, headers) {
  await new Promise((resolve) => setTimeout(resolve, 600));
  const { data } = await getJson(`${apiBase}/generation?id=${encodeURIComponent(id)}`, headers);
  if (data?.id !== id) throw new Error(`generation ${id}: unexpected answer ${JSON.stringify(data).slice(0, 300)}`);
  return data;
}

/** USD spent by the key so far (stored + queued generation records). */
export async function keyUsage(apiBase, headers) {
  const { data } = await getJson(`${apiBase}/key`, headers);
  return data.usage;
}
