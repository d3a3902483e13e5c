import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SPECS_DIR } from '@switchyard/test-support';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readTypeKeys } from './type-keys.js';

/**
 * The SDK's hand-written types against OpenRouter's OpenAPI spec: for each type, its property names
 * (read from the source by the TypeScript checker) must be the spec schema's, and a property is
 * required in our type exactly when the spec requires it. Deliberate differences are listed here:
 * `extensions` (what Switchyard sends beyond the spec) and `omitted` (spec properties Switchyard does
 * not serve). So a changed type or a changed spec fails this test until the two agree again.
 */
interface Check {
  /** An exported type, or a path to a nested object type (`CreditsResponse.data`). */
  readonly type: string;
  /** A component schema name, or a JSON pointer into the spec. */
  readonly schema: string;
  readonly extensions?: readonly string[];
  readonly omitted?: readonly string[];
}

const inline = (method: string, route: string, status = 200) =>
  `#/paths/${route.replaceAll('/', '~1')}/${method}/responses/${String(status)}/content/application~1json/schema`;
const body = (method: string, route: string) => `#/paths/${route.replaceAll('/', '~1')}/${method}/requestBody/content/application~1json/schema`;

const CHECKS: readonly Check[] = [
  { type: 'ChatResponse', schema: 'ChatResult', extensions: ['provider'], omitted: ['openrouter_metadata'] },
  { type: 'ChatChoice', schema: 'ChatChoice', extensions: ['native_finish_reason'] },
  { type: 'ChatAssistantMessage', schema: 'ChatAssistantMessage', extensions: ['annotations'], omitted: ['audio'] },
  { type: 'ChatUsage', schema: 'ChatUsage', omitted: ['server_tool_use_details'] },
  { type: 'ChatToolCall', schema: 'ChatToolCall' },
  { type: 'ChatStreamChunk', schema: 'ChatStreamChunk', extensions: ['provider'], omitted: ['openrouter_metadata'] },
  { type: 'ChatStreamChoice', schema: 'ChatStreamChoice', extensions: ['native_finish_reason'] },
  { type: 'ChatStreamDelta', schema: 'ChatStreamDelta', extensions: ['annotations'], omitted: ['audio'] },
  { type: 'ChatStreamToolCall', schema: 'ChatStreamToolCall' },
  { type: 'ModelsListResponse', schema: 'ModelsListResponse' },
  { type: 'Model', schema: 'Model', omitted: ['alias_target', 'benchmarks', 'reasoning'] },
  { type: 'ModelArchitecture', schema: 'ModelArchitecture' },
  { type: 'ModelPricing', schema: 'PublicPricing', omitted: ['overrides'] },
  { type: 'TopProviderInfo', schema: 'TopProviderInfo' },
  { type: 'ModelsCountResponse', schema: 'ModelsCountResponse' },
  { type: 'ModelResponse', schema: 'ModelResponse' },
  { type: 'ModelEndpoints', schema: 'ListEndpointsResponse' },
  { type: 'PublicEndpoint', schema: 'PublicEndpoint', omitted: ['supports_voice_cloning'] },
  { type: 'Provider', schema: `${inline('get', '/providers')}/properties/data/items` },
  { type: 'CurrentKeyResponse', schema: inline('get', '/key') },
  { type: 'CurrentKey', schema: `${inline('get', '/key')}/properties/data` },
  { type: 'CurrentKey.rate_limit', schema: `${inline('get', '/key')}/properties/data/properties/rate_limit` },
  { type: 'ApiKey', schema: `${inline('get', '/keys')}/properties/data/items` },
  { type: 'ApiKeyCreateResponse', schema: inline('post', '/keys', 201) },
  { type: 'ApiKeyCreateParams', schema: body('post', '/keys') },
  { type: 'CreditsResponse.data', schema: `${inline('get', '/credits')}/properties/data` },
  { type: 'Generation', schema: 'GenerationResponse/properties/data' },
  { type: 'ProviderResponse', schema: 'ProviderResponse', omitted: ['routed_service_tier'] },
  { type: 'ActivityItem', schema: 'ActivityItem' },
  { type: 'Guardrail', schema: 'Guardrail', omitted: ['content_filter_builtins', 'content_filters', 'enable_free_model_publication', 'enable_free_model_training', 'enable_paid_model_training'] },
  { type: 'GuardrailCreateParams', schema: 'CreateGuardrailRequest', omitted: ['content_filter_builtins', 'content_filters', 'enable_free_model_publication', 'enable_free_model_training', 'enable_paid_model_training'] },
  { type: 'GuardrailListResponse', schema: 'ListGuardrailsResponse' },
  { type: 'KeyAssignment', schema: 'KeyAssignment' },
  { type: 'MemberAssignment', schema: 'MemberAssignment' },
  { type: 'AssignedResponse', schema: 'BulkAssignKeysResponse' },
  { type: 'UnassignedResponse', schema: 'BulkUnassignMembersResponse' },
  { type: 'ByokKey', schema: 'BYOKKey' },
  { type: 'ByokCreateParams', schema: 'CreateBYOKKeyRequest' },
  { type: 'ByokListResponse', schema: 'ListBYOKKeysResponse' },
  { type: 'OrganizationMember', schema: `${inline('get', '/organization/members')}/properties/data/items` },
  { type: 'CreateAuthCodeResponse.data', schema: `${inline('post', '/auth/keys/code')}/properties/data` },
  { type: 'CreateAuthCodeParams', schema: body('post', '/auth/keys/code'), omitted: ['spawn_agent', 'spawn_cloud'] },
  { type: 'ExchangeAuthCodeResponse', schema: inline('post', '/auth/keys') },
  { type: 'ExchangeAuthCodeParams', schema: body('post', '/auth/keys') },
  { type: 'DeletedResponse', schema: 'DeleteGuardrailResponse' },
];

type Schema = { $ref?: string; properties?: Record<string, unknown>; required?: string[]; allOf?: Schema[] } & Record<string, unknown>;

const spec = parse(readFileSync(path.join(SPECS_DIR, 'openrouter/in.openapi.yaml'), 'utf8')) as Schema;

function at(pointer: string): Schema {
  let node: unknown = spec;
  for (const part of pointer.replace(/^#\//, '').split('/')) {
    node = resolve(node as Schema);
    node = (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (node === undefined) throw new Error(`no ${pointer} in the spec`);
  }
  return resolve(node as Schema);
}

function resolve(schema: Schema): Schema {
  return typeof schema.$ref === 'string' ? at(schema.$ref) : schema;
}

/** Properties and required names, allOf members merged. */
function shapeOf(schema: Schema): { properties: string[]; required: string[] } {
  const parts = [schema, ...(schema.allOf ?? []).map(resolve)];
  return {
    properties: [...new Set(parts.flatMap((part) => Object.keys(part.properties ?? {})))],
    required: [...new Set(parts.flatMap((part) => part.required ?? []))],
  };
}

const pointerOf = (schema: string) => (schema.startsWith('#/') ? schema : `#/components/schemas/${schema}`);
const ours = readTypeKeys(CHECKS.map((check) => check.type));
const minus = (a: readonly string[], ...others: (readonly string[])[]) => a.filter((name) => !others.some((other) => other.includes(name))).sort();

describe('SDK types agree with the OpenRouter spec', () => {
  for (const check of CHECKS) {
    it(`${check.type} ↔ ${check.schema}`, () => {
      const keys = ours.get(check.type);
      if (keys === undefined) throw new Error(`no keys read for ${check.type}`);
      const { properties, required } = shapeOf(at(pointerOf(check.schema)));
      const extensions = check.extensions ?? [];
      const omitted = check.omitted ?? [];
      const declared = [...keys.required, ...keys.optional];
      expect(minus(declared, properties, extensions), 'declared but not in the spec (nor listed as extensions)').toEqual([]);
      expect(minus(properties, declared, omitted), 'in the spec but not declared (nor listed as omitted)').toEqual([]);
      expect(minus(required, keys.required, omitted), 'required by the spec but optional in our type').toEqual([]);
      expect(minus(keys.required, required, extensions), 'required in our type but optional in the spec').toEqual([]);
      expect(extensions.filter((name) => properties.includes(name)), 'stale extensions: the spec has them now').toEqual([]);
      expect(omitted.filter((name) => declared.includes(name)), 'stale omissions: our type declares them').toEqual([]);
    });
  }

  it('a disagreement is detected (the check is not vacuous)', () => {
    const { properties } = shapeOf(at(pointerOf('Model')));
    const keys = ours.get('Model');
    expect(minus([...(keys?.required ?? []), 'not_a_field'], properties)).toEqual(['not_a_field']);
    expect(minus(properties, (keys?.required ?? []).slice(1))).toContain(keys?.required[0]);
  });
});
