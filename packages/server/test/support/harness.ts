import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSpecValidator, createUpstreamContracts, FakeUpstream, ValidatingProxy } from '@switchyard/test-support';
import { stringify } from 'yaml';
import { createLogger, startGateway, type GatewayHandle } from '../../src/index.js';

export const API_KEY = 'sk-sy-v1-test-inference-0000000000000000000000000000000000000000000000000';
export const PROVISIONING_KEY = 'sk-sy-v1-test-provisioning-00000000000000000000000000000000000000000000';

export interface TestGateway {
  readonly gateway: GatewayHandle;
  readonly upstream: FakeUpstream;
  /** `/api/v1` behind the validating proxy: what clients use. */
  readonly baseURL: string;
  readonly dataDir: string;
  /** Contract violations so far: gateway answers vs OpenRouter's spec, upstream requests vs the providers' specs. */
  violations(): string[];
  /** Stops everything; fails if any answer or upstream request broke its contract. */
  close(): Promise<void>;
}

const openRouterSpec = createSpecValidator('openrouter');
/**
 * What the gateway sent upstream must be valid for the provider where it publishes a spec: every
 * Chat Completions body (OpenAI's spec; Mistral's under `/mistral/`), every `/responses` body and
 * every Gemini body (see test-support `upstream-contracts.ts`).
 */
const upstreamContracts = createUpstreamContracts();

export interface TestGatewayOptions {
  /** Extra config merged over the defaults (e.g. more providers or models); a function gets the fake upstream's URL. */
  readonly config?: Record<string, unknown> | ((upstreamUrl: string) => Record<string, unknown>);
  readonly keepaliveMs?: number;
  /** More providers pointed at the fake upstream (given its URL), appended to the built-in four. */
  readonly extraProviders?: (upstreamUrl: string) => readonly Record<string, unknown>[];
  /** More environment variables for the gateway (e.g. AWS_SHARED_CREDENTIALS_FILE, HOME). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The real gateway on a loopback port with the built-in OpenAI, Anthropic, Google AI Studio and
 * Groq providers pointed at one fake upstream that replays recorded provider traffic.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const upstream = await FakeUpstream.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-'));
  const config = {
    server: { keepalive_ms: options.keepaliveMs ?? 5000 },
    retry: { max_retries_per_endpoint: 0, base_delay_ms: 10, max_delay_ms: 50, max_retry_after_ms: 50 },
    // Deterministic routing (cheapest first, catalog order on ties) instead of price-weighted load
    // balancing, so tests know which provider answers; routing-*.test.ts set their own `routing`.
    routing: { provider: { sort: 'price' } },
    providers: [
      { id: 'openai', base_url: `${upstream.url}/openai/v1`, api_key: 'sk-upstream-openai', timeout_ms: 10_000 },
      { id: 'anthropic', base_url: `${upstream.url}/anthropic/v1`, api_key: 'sk-upstream-anthropic', timeout_ms: 10_000 },
      { id: 'google-ai-studio', base_url: `${upstream.url}/gemini/v1beta`, api_key: 'upstream-gemini', timeout_ms: 10_000 },
      { id: 'groq', base_url: `${upstream.url}/groq/openai/v1`, api_key: 'upstream-groq', timeout_ms: 10_000 },
      ...(options.extraProviders?.(upstream.url) ?? []),
    ],
    ...(typeof options.config === 'function' ? options.config(upstream.url) : options.config),
  };
  const configPath = path.join(dataDir, 'switchyard.yaml');
  writeFileSync(configPath, stringify(config));
  const gateway = await startGateway({
    env: { SWITCHYARD_API_KEY: API_KEY, SWITCHYARD_PROVISIONING_KEY: PROVISIONING_KEY, ...options.env },
    cwd: dataDir,
    configPath,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logger: createLogger(process.env['SWITCHYARD_TEST_LOG'] === '1' ? 'debug' : 'silent'),
  });
  const proxy = await ValidatingProxy.start(gateway.url, openRouterSpec);
  const sent: string[] = [];
  upstream.onRequest = (request) => sent.push(...upstreamContracts.errors(request));
  const violations = () => [...proxy.violations, ...sent];
  return {
    gateway,
    upstream,
    baseURL: `${proxy.url}/api/v1`,
    dataDir,
    violations,
    async close() {
      await proxy.close();
      await gateway.close();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
      const found = violations();
      if (found.length > 0) throw new Error(`contract violations:\n${found.join('\n')}`);
      if (proxy.checked.size === 0) throw new Error('the validating proxy checked no answer');
    },
  };
}

/** Raw SSE `data:` payloads (parsed JSON, and the literal "[DONE]") and comment lines of a response body. */
export function parseSseBody(text: string): { data: unknown[]; comments: string[]; done: boolean } {
  const data: unknown[] = [];
  const comments: string[] = [];
  let done = false;
  for (const block of text.split('\n\n')) {
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('data: ')) {
        const payload = line.slice(6);
        if (payload === '[DONE]') done = true;
        else data.push(JSON.parse(payload) as unknown);
      }
    }
  }
  return { data, comments, done };
}
