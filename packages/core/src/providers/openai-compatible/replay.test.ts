import { chunksToSse, readFixture, readJsonFixture, sseToFrames, indexRows } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';

/**
 * Every INDEX.md row of the provider folders this adapter owns is either replayed here or skipped
 * with a reason. Covered files: `.json` → parseResponse (or mapError when `status` is given);
 * `.chunks.txt` → re-framed as SSE; `.sse`, `.sse.txt`, `.bin` → raw SSE bodies. Each goes through
 * the real byte-level SSE decoder in small chunks.
 */
interface Covered {
  readonly file: string;
  /** HTTP status when the file is an error body (mapError). */
  readonly status?: number;
}
interface Manifest {
  readonly covered: readonly Covered[];
  /** Path prefix (relative to the provider folder) or exact file → reason. */
  readonly skipped: Readonly<Record<string, string>>;
}

const files = (...names: string[]): Covered[] => names.map((file) => ({ file }));

const OPENAI_NODE = [
  'ChatCompletionStream__stream-emits-content-logprobs-events-1.sse.txt',
  'ChatCompletionStream__stream-emits-refusal-logprobs-events-1.sse.txt',
  'ChatCompletionStream__stream-is-robust-against-leading-newline-chunks-1.sse.txt',
  'ChatCompletionStream__stream-works-1.sse.txt',
  'parser__parse-zod-deserialises-response-format-1.json',
  'parser__parse-zod-merged-schemas-2.json',
  'parser__parse-zod-nested-schema-extraction-2.json',
  'parser__parse-zod-recursive-schema-extraction-2.json',
  'parser__parse-zod-ref-schemas-with-transform-2.json',
  'parser__parse-zod-top-level-recursive-schemas-1.json',
].map((name) => `openai-node/${name}`);

const OPENAI_PYTHON = [
  '173417d553406f034f643e5db3f8d591fb691ebac56f5ae39a22cc7d455c5353',
  '2018feb66ae13fcf5333d61b95849decc68d3f63bd38172889367e1afb1e04f7',
  '4cc50a6135d254573a502310e6af1246f55edb6ad95fa24059f160996b68866d',
  '569c877e69429d4cbc1577d2cd6dd33878095c68badc6b6654a69769b391a1c1',
  '7e5ea4d12e7cc064399b6631415e65923f182256b6e6b752950a3aaa2ad2320a',
  '83b060bae42eb41c4f1edbb7c1542b954b37d9dfd1910b964ddebc9677e6ae85',
  'a247c49c5fcd492bfb7a02a3306ad615ed8d8f649888ebfddfbc3ee151f44d46',
  'a491adda08c3d4fde95f5b2ee3f60f7f745f1a56d82e62f58031cc2add502380',
  'c6aa7e397b7123c3501f25df3a05d4daf7e8ad6d61ffa406ab5361fe36a8d5b1',
  'd615580118391ee13492193e3a8bb74642d23ac1ca13fe37cb6e889b66f759f6',
  'e2aad469b71d1d4894ff833ea147020a9d875eb7ce644a0ff355581690a4cbfd',
  'f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b',
].map((hash) => `openai-python/${hash}.bin`);

const MANIFEST: Readonly<Record<string, Manifest>> = {
  openai: {
    covered: [
      ...files(...OPENAI_NODE, ...OPENAI_PYTHON),
      ...files(
        'vercel-ai/openai-chat/azure-model-router.1.chunks.txt',
        'vercel-ai/openai-chat/openai-text.chunks.txt',
        'vercel-ai/openai-chat/openai-text.json',
      ),
      // Error bodies share the OpenAI envelope whatever the endpoint: replayed through mapError.
      { file: 'vercel-ai/openai-chat/reasoning-model-legacy-parameter-error.json', status: 400 },
      { file: 'vercel-ai/openai-responses/openai-error.1.json', status: 429 },
      { file: 'vercel-ai/openai-responses/reasoning-model-temperature-error.json', status: 400 },
      { file: 'vercel-ai/openai-image/gpt-image-response-format-error.json', status: 400 },
    ],
    skipped: {
      'vercel-ai/openai-responses/': 'Responses API (output items / response.* events): not this adapter',
      'vercel-ai/openai-completion/': 'legacy Completions API (prompt → text), not chat',
      'vercel-ai/openai-embedding/': 'Embeddings API, not chat',
      'vercel-ai/openai-image/': 'Images API, not chat',
      'vercel-ai/openai-skills/': 'Skills API, not chat',
      'vercel-ai/openai-speech-translation/': 'Realtime speech translation events, not chat',
      'vercel-ai/openai-transcription/': 'Audio transcription API, not chat',
    },
  },
  'openai-compatible': {
    covered: files('vercel-ai/openai-compatible-chat/anthropic-fallback-tool-call.sse'),
    skipped: {},
  },
  deepseek: {
    covered: files(
      ...['json.json', 'reasoning.chunks.txt', 'reasoning.json', 'text.chunks.txt', 'text.json'],
      ...['tool-call.chunks.txt', 'tool-call.json'],
    ).map(({ file }) => ({ file: `vercel-ai/deepseek-chat/deepseek-${file}` })),
    skipped: {},
  },
  groq: {
    covered: files(
      ...['reasoning.chunks.txt', 'reasoning.json', 'text.chunks.txt', 'text.json', 'tool-call.chunks.txt'],
      'tool-call.json',
    ).map(({ file }) => ({ file: `vercel-ai/groq-${file}` })),
    skipped: { 'vercel-ai/groq-transcription-text.json': 'audio transcription API, not chat' },
  },
  xai: {
    covered: files(
      'vercel-ai/openai-compatible-chat/xai-text.chunks.txt',
      'vercel-ai/openai-compatible-chat/xai-text.json',
      'vercel-ai/openai-compatible-chat/xai-tool-call.chunks.txt',
      'vercel-ai/openai-compatible-chat/xai-tool-call.json',
      'vercel-ai/xai-text.chunks.txt',
      'vercel-ai/xai-text.json',
      'vercel-ai/xai-tool-call.chunks.txt',
      'vercel-ai/xai-tool-call.json',
    ),
    skipped: { 'vercel-ai/xai-responses/': 'xAI Responses API (output items / response.* events): not this adapter' },
  },
  mistral: {
    covered: files(
      ...['incremental-tool-call.chunks.txt', 'reasoning.chunks.txt', 'reasoning.json', 'text.chunks.txt'],
      ...['text.json', 'tool-call.chunks.txt', 'tool-call.json'],
    ).map(({ file }) => ({ file: `vercel-ai/mistral-${file}` })),
    skipped: { 'vercel-ai/mistral-transcription.json': 'audio transcription API, not chat' },
  },
  perplexity: {
    covered: files('citations.chunks.txt', 'citations.json', 'text.chunks.txt', 'text.json').map(({ file }) => ({
      file: `vercel-ai/perplexity-${file}`,
    })),
    skipped: {},
  },
  togetherai: {
    covered: [],
    skipped: { 'vercel-ai/togetherai-reranking/': 'Rerank API, not chat' },
  },
  moonshotai: {
    covered: files('reasoning.json', 'stream.chunks.txt', 'text.json', 'tool-call.json').map(({ file }) => ({
      file: `vercel-ai/moonshotai-${file}`,
    })),
    skipped: {},
  },
  alibaba: {
    covered: files(
      ...['reasoning.chunks.txt', 'reasoning.json', 'text.chunks.txt', 'text.json', 'tool-call.chunks.txt'],
      'tool-call.json',
    ).map(({ file }) => ({ file: `vercel-ai/alibaba-${file}` })),
    skipped: {},
  },
};

/** INDEX.md cells of one row: exercises (auto tags) and stop/finish reasons. */
function indexFacts(provider: string, file: string): { tags: string[]; finish: string } {
  const line = readFixture('INDEX.md')
    .split('\n')
    .find((row) => row.startsWith(`| \`${file.slice(provider.length + 1)}\``));
  if (line === undefined) throw new Error(`INDEX.md has no row for ${file}`);
  const cells = line.split(' | ');
  return { tags: (cells[3] ?? '').split(',').map((tag) => tag.trim()), finish: (cells[4] ?? '').trim() };
}

const adapter = createOpenAiCompatibleAdapter(OPENAI_COMPATIBLE_FLAVORS['generic'] ?? ({} as never));

function replayStream(body: string): CanonicalEvent[] {
  const decoder = adapter.createStreamDecoder('OpenAI');
  const events = sseToFrames(body).flatMap((frame) => decoder.push(frame));
  return [...events, ...decoder.end()];
}

function replay(file: string): CanonicalEvent[] {
  if (file.endsWith('.chunks.txt')) return replayStream(chunksToSse(file));
  if (file.endsWith('.json')) return [...adapter.parseResponse(readJsonFixture(file), 'OpenAI')];
  return replayStream(readFixture(file));
}

describe('fixture coverage', () => {
  for (const [provider, manifest] of Object.entries(MANIFEST)) {
    it(`${provider}: covered ∪ skipped is exactly the INDEX.md rows`, () => {
      const rows = indexRows(provider).map((row) => row.file);
      const covered = manifest.covered.map((entry) => `${provider}/${entry.file}`);
      const rules = Object.keys(manifest.skipped).map((rule) => `${provider}/${rule}`);
      const skipped = rows.filter((file) => rules.some((rule) => file === rule || (rule.endsWith('/') && file.startsWith(rule))));
      const coveredAndSkipped = covered.filter((file) => skipped.includes(file));
      // Error bodies from skipped API folders are replayed through mapError: they are covered, not skipped.
      const errorBodies = manifest.covered.filter((entry) => entry.status !== undefined).map((e) => `${provider}/${e.file}`);
      expect(coveredAndSkipped.filter((file) => !errorBodies.includes(file))).toEqual([]);
      const union = new Set([...covered, ...skipped]);
      expect([...union].sort()).toEqual([...rows].sort());
      for (const rule of rules) expect(rows.some((file) => file === rule || file.startsWith(rule))).toBe(true);
    });
  }
});

describe('replay of recorded traffic', () => {
  for (const [provider, manifest] of Object.entries(MANIFEST)) {
    for (const entry of manifest.covered) {
      const file = `${provider}/${entry.file}`;
      if (entry.status !== undefined) {
        it(`${file} (error body, HTTP ${entry.status})`, () => {
          const error = adapter.mapError({ status: entry.status ?? 500, headers: {}, body: readJsonFixture(file) }, 'OpenAI');
          expect(GatewayError.is(error)).toBe(true);
          expect(error.message).toMatch(/^OpenAI: .+/);
          expect(error.options.raw).toEqual(readJsonFixture(file));
          expect({ code: error.code, status: error.status, options: error.options, message: error.message }).toMatchSnapshot();
        });
        continue;
      }
      it(file, () => {
        const events = replay(file);
        const facts = indexFacts(provider, file);
        expect(events[0]?.type).toBe('response-start');
        expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1);
        const last = events.at(-1);
        expect(last?.type).toBe('finish');
        if (facts.finish !== '' && last?.type === 'finish') expect(last.reason).toBe(facts.finish);
        assertTags(events, facts.tags);
        expect(events).toMatchSnapshot();
      });
    }
  }
});

/** The INDEX.md auto tags, checked against what the adapter produced. */
function assertTags(events: readonly CanonicalEvent[], tags: readonly string[]): void {
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
  if (tags.includes('text')) expect(text.length).toBeGreaterThan(0);
  if (tags.includes('refusal')) expect(events.some((e) => e.type === 'refusal-delta')).toBe(true);
  const toolPieces = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e] : []));
  if (tags.includes('tool-call')) {
    expect(toolPieces.length).toBeGreaterThan(0);
    const firsts = new Map<number, (typeof toolPieces)[number]>();
    for (const piece of toolPieces) if (!firsts.has(piece.index)) firsts.set(piece.index, piece);
    expect([...firsts.keys()]).toEqual([...firsts.keys()].map((_, i) => i));
    for (const first of firsts.values()) {
      expect(first.id).toBeTruthy();
      expect(first.name).toBeTruthy();
    }
  }
  const usage = events.find((e) => e.type === 'usage');
  if (tags.includes('usage')) {
    expect(usage?.type === 'usage' && usage.usage.promptTokens !== undefined && usage.usage.completionTokens !== undefined).toBe(true);
  }
  if (tags.includes('cache-tokens')) expect(usage?.type === 'usage' && usage.usage.cachedTokens !== undefined).toBe(true);
}
