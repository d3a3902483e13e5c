import {
  createCatalog,
  GatewayError,
  NO_ROUTING_DEFAULTS,
  planChat,
  UNKNOWN_HEALTH,
  type Endpoint,
  type GuardrailRecord,
  type GuardrailRepository,
  type MicroUsd,
  type ModelEntry,
} from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { budgetWindow } from './budget-window.js';
import { GuardrailEnforcer } from './guardrail-enforcer.js';
import { applyZdr, parseCreateGuardrail, parseIdList, parsePage, parseUpdateGuardrail } from './guardrail-request.js';
import { planGuarded } from './guarded-plan.js';
import { withCanonicalModels } from './guardrail-models.js';

function endpoint(modelId: string, providerId: string, zdr = false): Endpoint {
  return {
    id: `${modelId}@${providerId}`,
    modelId,
    providerId,
    providerName: providerId.toUpperCase(),
    upstreamModel: modelId,
    pricingStrings: { prompt: '0.000001', completion: '0.000001' },
    pricing: { prompt: 1_000_000n, completion: 1_000_000n, request: 0n, image: 0n, inputCacheRead: undefined, inputCacheWrite: undefined, internalReasoning: undefined },
    contextLength: 32_000,
    maxCompletionTokens: null,
    supportedParameters: new Set(['temperature', 'max_tokens']),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr },
  };
}

function model(id: string, endpoints: readonly Endpoint[]): ModelEntry {
  return {
    id,
    canonicalSlug: `${id}-2025`,
    name: id,
    description: '',
    created: 0,
    contextLength: 32_000,
    inputModalities: ['text'],
    outputModalities: ['text'],
    tokenizer: 'Other',
    instructType: null,
    defaultParameters: null,
    huggingFaceId: null,
    endpoints,
  };
}

/** The GatewayError that `run` throws; fails when it returns or throws something else. */
function guardedPlanError(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError, but nothing was thrown');
}

const CATALOG = createCatalog([
  model('a/one', [endpoint('a/one', 'alpha'), endpoint('a/one', 'beta', true)]),
  model('a/two', [endpoint('a/two', 'alpha')]),
]);

function guardrail(overrides: Partial<GuardrailRecord> = {}): GuardrailRecord {
  return {
    id: 'g1',
    accountId: 'acct',
    name: 'Prod',
    description: null,
    limitMicro: null,
    resetInterval: null,
    includeByokInBudgets: false,
    allowedProviders: null,
    ignoredProviders: null,
    allowedModels: null,
    ignoredModels: null,
    enforceZdr: [],
    createdAt: new Date(0),
    updatedAt: null,
    ...overrides,
  };
}

const request = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({ model: 'a/one', messages: [{ role: 'user', content: 'hi' }], ...extra });
const health = { get: () => UNKNOWN_HEALTH };

function plan(guardrails: readonly GuardrailRecord[], body = request()) {
  return planGuarded((defaults) => planChat(body, CATALOG, defaults, health, () => 0), NO_ROUTING_DEFAULTS, guardrails);
}

describe('planGuarded', () => {
  it.each([
    ['no guardrail: every endpoint', [], request(), ['a/one@alpha', 'a/one@beta']],
    ['allowed providers narrow', [guardrail({ allowedProviders: ['beta'] })], request(), ['a/one@beta']],
    ['the request narrows further inside the guardrail', [guardrail({ allowedProviders: ['alpha', 'beta'] })], request({ provider: { only: ['alpha'] } }), ['a/one@alpha']],
    ['a disallowed fallback model is skipped, the allowed one serves', [guardrail({ allowedModels: ['a/one-2025'] })], request({ models: ['a/two'] }), ['a/one@alpha', 'a/one@beta']],
    ['ZDR for the model group keeps ZDR endpoints', [guardrail({ enforceZdr: ['other'] })], request(), ['a/one@beta']],
  ])('%s', (_name, guardrails, body, ids) => {
    expect(plan(guardrails, body).plan.endpoints.map((e) => e.id).sort()).toEqual(ids);
  });

  it.each([
    ['a model off the list', [guardrail({ allowedModels: ['a/two'] })], request(), { models: ['a/one'] }],
    ['an ignored model', [guardrail({ ignoredModels: ['a/one'] })], request(), { models: ['a/one'] }],
    ['a request that tries to widen the providers', [guardrail({ allowedProviders: ['beta'] })], request({ provider: { only: ['alpha'] } }), { providers: ['alpha'] }],
    ['an ignored provider', [guardrail({ ignoredProviders: ['alpha'] })], request({ model: 'a/two' }), { providers: ['alpha'] }],
    ['ZDR without a ZDR endpoint', [guardrail({ enforceZdr: ['other'] })], request({ model: 'a/two' }), { zdr: true }],
  ])('403 naming the guardrail for %s', (_name, guardrails, body, blocked) => {
    const error = guardedPlanError(() => plan(guardrails, body));
    expect(error.status).toBe(403);
    expect(error.message).toContain('"Prod"');
    expect(error.options.metadata).toEqual({ guardrail_id: 'g1', guardrail_name: 'Prod', blocked });
  });

  it('names the first guardrail that blocks anything, also when only their intersection is empty', () => {
    const open = guardrail({ id: 'g0', name: 'Open' });
    expect(guardedPlanError(() => plan([open, guardrail({ allowedModels: ['a/two'] })])).options.metadata).toMatchObject({ guardrail_name: 'Prod' });
    const together = guardedPlanError(() => plan([guardrail({ allowedProviders: ['alpha'] }), guardrail({ id: 'g2', name: 'Beta', allowedProviders: ['beta'] })]));
    expect(together.options.metadata).toEqual({ guardrail_id: 'g1', guardrail_name: 'Prod', blocked: { providers: ['beta'] } });
  });

  it('keeps the routing error when the request fails without the guardrail too', () => {
    const error = guardedPlanError(() => plan([guardrail({ allowedProviders: ['alpha'] })], request({ provider: { only: ['gamma'] } })));
    expect(error.code).toBe('no_route');
    expect(guardedPlanError(() => plan([guardrail()], request({ model: 'x/unknown' }))).code).toBe('model_not_found');
  });
});

describe('withCanonicalModels', () => {
  it('stores ids and slugs as canonical slugs, keeps :free, drops duplicates, leaves other fields', () => {
    const patch = withCanonicalModels({ name: 'x', allowedModels: ['a/one', 'a/one-2025', 'a/two:free'], ignoredModels: null }, CATALOG);
    expect(patch).toEqual({ name: 'x', allowedModels: ['a/one-2025', 'a/two-2025:free'], ignoredModels: null });
  });

  it('400 naming the entry for a model the catalog does not know', () => {
    const error = guardedPlanError(() => withCanonicalModels({ ignoredModels: ['a/one', 'a/nope'] }, CATALOG));
    expect(error.options.metadata).toEqual({ field: 'ignored_models[1]' });
  });
});

describe('budgetWindow', () => {
  const now = new Date('2025-04-02T10:00:00.000Z'); // a Wednesday
  it.each([
    ['daily', '2025-04-02T00:00:00.000Z', '2025-04-03T00:00:00.000Z'],
    ['weekly', '2025-03-31T00:00:00.000Z', '2025-04-07T00:00:00.000Z'],
    ['monthly', '2025-04-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z'],
  ] as const)('%s', (interval, from, to) => {
    expect(budgetWindow(interval, now)).toEqual({ range: [Date.parse(from), Date.parse(to)], resetsAt: new Date(to) });
  });
  it('no interval: all time, no reset', () => {
    expect(budgetWindow(null, now)).toEqual({ range: undefined, resetsAt: null });
  });
});

describe('guardrail requests', () => {
  it('parses a create body into micro-dollars, lists and ZDR groups (per-group values beat enforce_zdr)', () => {
    const input = parseCreateGuardrail({ name: ' Prod ', limit_usd: 1.5, allowed_models: ['a', 'a', 'b'], enforce_zdr: true, enforce_zdr_openai: false, content_filters: null });
    expect(input.patch).toEqual({ name: 'Prod', limitMicro: 1_500_000, allowedModels: ['a', 'b'] });
    expect(applyZdr([], input.zdr)).toEqual(['anthropic', 'google', 'xai', 'other']);
  });

  it('PATCH changes only the given ZDR groups; null lists clear', () => {
    const input = parseUpdateGuardrail({ enforce_zdr_xai: true, allowed_providers: null });
    expect(input.patch).toEqual({ allowedProviders: null });
    expect(applyZdr(['openai'], input.zdr)).toEqual(['openai', 'xai']);
  });

  it.each([
    [() => parseUpdateGuardrail({ workspace_id: 'w' }), 'workspace_id'],
    [() => parseUpdateGuardrail({ name: '' }), 'name'],
    [() => parseCreateGuardrail({ name: 'x', limit_usd: Number.MAX_SAFE_INTEGER }), 'limit_usd'],
    [() => parseCreateGuardrail({ name: 'x', enforce_zdr_google: 'yes' }), 'enforce_zdr_google'],
    [() => parseIdList({ key_hashes: [] }, 'key_hashes'), 'key_hashes'],
    [() => parseIdList({}, 'member_user_ids'), 'member_user_ids'],
    [() => parsePage('-1', undefined), 'offset'],
    [() => parsePage(undefined, '0'), 'limit'],
  ])('400 naming the field (%#)', (parse, field) => {
    const error = guardedPlanError(parse);
    expect(error.code).toBe('invalid_request');
    expect(error.options.metadata).toEqual({ field });
  });

  it('pages default to offset 0, limit 50', () => {
    expect(parsePage(undefined, undefined)).toEqual({ offset: 0, limit: 50 });
    expect(parsePage('5', '100')).toEqual({ offset: 5, limit: 100 });
  });
});

describe('GuardrailEnforcer', () => {
  const clock = { now: () => new Date('2025-04-02T10:00:00.000Z'), monotonicMs: () => 0 };
  const key = { id: 'key_1' } as Parameters<GuardrailEnforcer['admit']>[0];

  it("returns the key's guardrails, cached until invalidated, whatever their budgets (reserved by the ledger)", async () => {
    const calls: string[] = [];
    const repository = {
      forKey: (keyId: string) => {
        calls.push(keyId);
        return Promise.resolve([guardrail({ limitMicro: 0 as MicroUsd, resetInterval: 'daily' })]);
      },
    } as unknown as GuardrailRepository;
    const enforcer = new GuardrailEnforcer(repository, clock, { ttlMs: 60_000 });
    expect((await enforcer.admit(key)).map((g) => g.id)).toEqual(['g1']);
    await enforcer.admit(key);
    expect(calls).toEqual(['key_1']);
    enforcer.invalidate();
    await enforcer.admit(key);
    expect(calls).toEqual(['key_1', 'key_1']);
  });
});
