import { describe, expect, it } from 'vitest';
import { chat, endpoint, healthOf, model, scripted } from './__fixtures__/routing-table.js';
import { modelListed, modelReasons, requiresZdr, zdrModelGroup } from './model-filter.js';
import type { ModelChoice } from './model-variants.js';
import { parseProviderPreferences } from './parse-preferences.js';
import { planRoute } from './plan-route.js';
import { mergePreferences, type ProviderPreferences } from './preferences.js';
import { requestNeeds } from './request-needs.js';

const choice = (id: string, extra: Partial<ModelChoice> = {}): ModelChoice => ({
  model: model(id, [endpoint(id, 'alpha')], { canonicalSlug: `${id}-20250101` }),
  requested: id,
  freeOnly: false,
  sort: undefined,
  thinking: false,
  ...extra,
});

describe('zdrModelGroup', () => {
  it.each([
    ['anthropic/claude-sonnet-4.5', 'anthropic'],
    ['openai/gpt-4o-mini', 'openai'],
    ['google/gemini-2.5-flash', 'google'],
    ['x-ai/grok-4', 'xai'],
    ['meta-llama/llama-3.3-70b-instruct', 'other'],
    ['no-author', 'other'],
  ])('%s → %s', (id, group) => {
    expect(zdrModelGroup(id)).toBe(group);
  });
});

describe('modelListed', () => {
  it.each([
    ['the id', ['a/m'], choice('a/m'), true],
    ['the canonical slug', ['a/m-20250101'], choice('a/m'), true],
    ['case-insensitively', ['A/M'], choice('a/m'), true],
    ['another model', ['a/other'], choice('a/m'), false],
    ['a routing variant of a listed model', ['a/m'], choice('a/m', { requested: 'a/m:nitro', sort: 'throughput' }), true],
    ['the free variant of a listed model', ['a/m'], choice('a/m', { requested: 'a/m:free', freeOnly: true }), true],
    ['the free variant by its :free entry', ['a/m:free'], choice('a/m', { requested: 'a/m:free', freeOnly: true }), true],
    ['not the paid model by a :free entry', ['a/m:free'], choice('a/m'), false],
  ])('%s', (_name, list, chosen, expected) => {
    expect(modelListed(list, chosen)).toBe(expected);
  });
});

describe('guardrail layers merged with a request (a request narrows, never widens)', () => {
  const guard: ProviderPreferences = { allowedModels: ['a/m', 'b/n'], only: ['alpha', 'beta'], ignoredModels: ['c/o'] };
  it.each([
    ['no guardrail: every model', [], ['a/m', 'z/z'], []],
    ['allowed model passes', [guard], ['a/m'], []],
    ['a model off the allowlist is excluded', [guard], ['z/z'], ['allowed_models']],
    ['an ignored model is excluded even when allowed by another list', [guard, { allowedModels: ['c/o'] }], ['c/o'], ['allowed_models', 'ignored_model']],
    ['two allowlists intersect', [guard, { allowedModels: ['b/n'] }], ['a/m'], ['allowed_models']],
  ])('%s', (_name, layers, ids, expected) => {
    const preferences = mergePreferences(layers);
    for (const id of ids) expect(modelReasons(choice(id), preferences)).toEqual(expected);
  });

  it('zdr: the request may add it, a guardrail group forces it for that group only', () => {
    expect(requiresZdr(choice('a/m'), mergePreferences([{ zdrModelGroups: ['other'] }]))).toBe(true);
    expect(requiresZdr(choice('openai/x'), mergePreferences([{ zdrModelGroups: ['anthropic'] }]))).toBe(false);
    // A request's zdr: false cannot loosen the guardrail.
    expect(requiresZdr(choice('anthropic/x'), mergePreferences([{ zdrModelGroups: ['anthropic'] }, parseProviderPreferences({ zdr: false })]))).toBe(true);
    expect(requiresZdr(choice('openai/x'), mergePreferences([{}, parseProviderPreferences({ zdr: true })]))).toBe(true);
  });

  const A = endpoint('a/m', 'alpha', { zdr: true });
  const B = endpoint('a/m', 'beta');
  const C = endpoint('a/m', 'gamma', { zdr: true });
  const M = model('a/m', [A, B, C]);
  const plan = (layers: readonly ProviderPreferences[], provider?: unknown) => {
    const input = {
      models: [{ model: M, requested: 'a/m', freeOnly: false, sort: undefined, thinking: false }],
      preferences: mergePreferences([...layers, parseProviderPreferences(provider)]),
      needs: requestNeeds(chat()),
    };
    const result = planRoute(input, healthOf(), scripted(0));
    return { ids: result.endpoints.map((e) => e.providerId), excluded: Object.fromEntries(result.excluded.map((e) => [e.provider, e.reasons.join(',')])) };
  };

  const cases: [string, ProviderPreferences[], unknown, string[], Record<string, string>][] = [
    ['guardrail only: its providers', [{ only: ['alpha', 'beta'] }], undefined, ['alpha', 'beta'], { gamma: 'allowed_providers' }],
    ['request narrows inside the guardrail', [{ only: ['alpha', 'beta'] }], { only: ['beta'] }, ['beta'], { alpha: 'allowed_providers', gamma: 'allowed_providers' }],
    ['request cannot widen: gamma stays out', [{ only: ['alpha'] }], { only: ['alpha', 'gamma'] }, ['alpha'], { beta: 'allowed_providers', gamma: 'allowed_providers' }],
    ['request ignore adds to the guardrail', [{ only: ['alpha', 'beta'] }], { ignore: ['alpha'] }, ['beta'], { alpha: 'ignored_provider', gamma: 'allowed_providers' }],
    ['guardrail ZDR for the group', [{ zdrModelGroups: ['other'] }], { zdr: false }, ['alpha', 'gamma'], { beta: 'data_policy:zdr' }],
    ['disjoint lists leave nothing', [{ only: ['alpha'] }], { only: ['beta'] }, [], { alpha: 'allowed_providers', beta: 'allowed_providers', gamma: 'allowed_providers' }],
  ];
  it.each(cases)('%s', (_name, layers, provider, ids, excluded) => {
    const result = plan(layers, provider);
    expect(result.ids.sort()).toEqual(ids);
    expect(result.excluded).toEqual(excluded);
  });
});
