import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIXTURES } from '../../server/test/support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../../server/test/support/harness.js';
import { assertBuilt, closedPort, runCli } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let t: TestGateway;
const cli = (...args: string[]) => runCli(args, { env: { SWITCHYARD_BASE_URL: t.baseURL, SWITCHYARD_API_KEY: API_KEY } });

beforeAll(async () => {
  assertBuilt();
  t = await startTestGateway();
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('switchyard models', () => {
  it('list: a table with context, prices per million tokens and providers', async () => {
    const listed = await cli('models', 'list', '--search', 'gpt-4o-mini');
    expect(listed.code).toBe(0);
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+CONTEXT\s+PROMPT \$\/M\s+COMPLETION \$\/M\s+PROVIDERS$/);
    expect(rows.find((row) => row.startsWith('openai/gpt-4o-mini '))).toMatch(/^openai\/gpt-4o-mini\s+128,000\s+\$0\.15\s+\$0\.60\s+OpenAI$/);
    expect(listed.stderr).toMatch(/^\d+ models?\n$/);
  });

  it('list --json prints the gateway model list; routers show no providers in the table', async () => {
    const json = await cli('models', 'list', '--json');
    const ids = (JSON.parse(json.stdout) as { data: { id: string }[] }).data.map((model) => model.id);
    expect(ids).toContain('openai/gpt-4o-mini');
    expect(ids).toContain('openrouter/auto');
    const table = await cli('models', 'list', '--search', 'openrouter/auto');
    expect(table.stdout).toMatch(/openrouter\/auto\s+.*varies\s+varies\s+-\n/);
  });

  it('show: the model and each endpoint; an unknown model is one line with the server suggestion, exit 1', async () => {
    const shown = await cli('models', 'show', 'openai/gpt-4o-mini');
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(/^openai\/gpt-4o-mini {2}\S/);
    expect(shown.stdout).toMatch(/PROVIDER\s+CONTEXT\s+MAX OUTPUT\s+PROMPT \$\/M\s+COMPLETION \$\/M\s+QUANT\s+STATUS\s+UPTIME 30M/);
    expect(shown.stdout).toMatch(/OpenAI\s+128,000\s+16,384\s+\$0\.15\s+\$0\.60\s+\S+\s+ok\s+-/);
    const json = await cli('models', 'show', 'openai/gpt-4o-mini', '--json');
    expect((JSON.parse(json.stdout) as { data: { endpoints: unknown[] } }).data.endpoints).toHaveLength(1);
    const unknown = await cli('models', 'show', 'openai/gpt-4o-mimi');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^switchyard: 404 Model openai\/gpt-4o-mimi not found\. Did you mean .*"openai\/gpt-4o-mini"/);
    expect(unknown.stderr.split('\n')).toHaveLength(2);
  });
});

describe('operator commands on a running gateway', () => {
  it('a key created with the CLI on its database authenticates at once; disabled, it stops within seconds', async () => {
    const db = ['--data-dir', t.dataDir, '--config', path.join(t.dataDir, 'switchyard.yaml')];
    const secret = (await runCli(['keys', 'create', '--name', 'from the cli', ...db])).stdout.trim();
    const keyStatus = async () => (await fetch(`${t.baseURL}/key`, { headers: { authorization: `Bearer ${secret}` } })).status;
    expect(await keyStatus()).toBe(200);
    expect((await runCli(['keys', 'disable', secret, ...db])).code).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await keyStatus()) === 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await keyStatus()).toBe(401);
  });
});

describe('switchyard chat, generation and activity', () => {
  it('chat streams the answer to stdout, then tokens and cost to stderr; generation and activity show it', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 200 });
    const chat = await cli('chat', 'openai/gpt-4o-mini', 'Invent a holiday', '--max-tokens', '500');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('Harmony Day');
    expect(chat.stdout.endsWith('\n')).toBe(true);
    const summary = /^openai\/gpt-4o-mini via OpenAI: (\d+) prompt \+ (\d+) completion tokens, \$0\.\d+ \((gen-[\w-]+)\)\n$/.exec(chat.stderr);
    expect(summary, chat.stderr).not.toBeNull();
    const sent = t.upstream.requests[0]?.body as { messages: unknown; max_completion_tokens?: number; max_tokens?: number };
    expect(sent.messages).toEqual([{ role: 'user', content: 'Invent a holiday' }]);

    const generation = await cli('generation', summary?.[3] ?? 'missing');
    expect(generation.code).toBe(0);
    expect(generation.stdout).toMatch(/^id:\s+gen-/);
    expect(generation.stdout).toMatch(/\nmodel:\s+openai\/gpt-4o-mini\n/);
    expect(generation.stdout).toMatch(/\nprovider:\s+OpenAI\n/);
    expect(generation.stdout).toContain(`completion tokens: ${summary?.[2] ?? ''}`);
    expect(generation.stdout).toMatch(/attempts:\n {2}OpenAI: HTTP 200 in \d+ ms/);

    const activity = await cli('activity');
    expect(activity.code).toBe(0);
    expect(activity.stdout.split('\n')[0]).toMatch(/^DATE\s+MODEL\s+PROVIDER\s+REQUESTS\s+PROMPT\s+COMPLETION\s+REASONING\s+USAGE\s+BYOK$/);
    expect(activity.stdout).toMatch(/\d{4}-\d{2}-\d{2}\s+openai\/gpt-4o-mini\s+OpenAI\s+1\s+/);
    const csv = await cli('activity', '--csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('date,model,model_permaslug,endpoint_id,provider_name,requests,prompt_tokens,completion_tokens,reasoning_tokens,usage,byok_usage_inference');
    expect(csv.stdout).toContain(',openai/gpt-4o-mini,openai/gpt-4o-mini,openai/gpt-4o-mini@openai,OpenAI,1,');
  });

  it('a system message and a prompt from stdin', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 200 });
    const chat = await runCli(['chat', 'openai/gpt-4o-mini', '-', '--system', 'Be brief'], {
      env: { SWITCHYARD_BASE_URL: t.baseURL, SWITCHYARD_API_KEY: API_KEY },
      input: 'From stdin',
    });
    expect(chat.code).toBe(0);
    const sent = t.upstream.requests[0]?.body as { messages: unknown };
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'From stdin' },
    ]);
  });

  it('a stream that breaks after the first tokens: what arrived is shown, then one error line and exit 1', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 100, chunkDelayMs: 5, destroyAfterBytes: 700 });
    const chat = await cli('chat', 'openai/gpt-4o-mini', 'Invent a holiday');
    expect(chat.code).toBe(1);
    expect(chat.stdout.length).toBeGreaterThan(0);
    expect(chat.stdout.endsWith('\n')).toBe(true);
    expect(chat.stderr).toMatch(/^switchyard: the answer broke off: .+\n$/);
  });

  it('errors are one line: the gateway refusing, no API key (usage, exit 2), no gateway at all', async () => {
    t.upstream.next({ json: FIXTURES.openaiQuotaError(), status: 429 });
    const refused = await cli('chat', 'openai/gpt-4o-mini', 'hi');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^switchyard: \d{3} .+\n$/);
    const noKey = await runCli(['generation', 'gen-1'], { env: { SWITCHYARD_BASE_URL: t.baseURL } });
    expect(noKey).toMatchObject({ code: 2, stderr: 'switchyard: no API key: pass --api-key or set SWITCHYARD_API_KEY (switchyard keys create --name cli makes one)\n' });
    const badKey = await cli('generation', 'gen-1', '--api-key', 'sk-sy-v1-wrong');
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/^switchyard: 401 /);
    const missing = await cli('generation', 'gen-does-not-exist');
    expect(missing).toMatchObject({ code: 1, stderr: 'switchyard: 404 Generation gen-does-not-exist not found\n' });
    const port = await closedPort();
    const nowhere = await cli('models', 'list', '--base-url', `http://127.0.0.1:${String(port)}/api/v1`);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(
      `switchyard: cannot reach the gateway at http://127.0.0.1:${String(port)}/api/v1: connect ECONNREFUSED 127.0.0.1:${String(port)} (is switchyard serve running? set --base-url or SWITCHYARD_BASE_URL)\n`,
    );
    const badDate = await cli('activity', '--date', 'yesterday');
    expect(badDate).toMatchObject({ code: 2, stderr: 'switchyard: --date: "yesterday" is not a date like 2026-11-29\n' });
  });
});
