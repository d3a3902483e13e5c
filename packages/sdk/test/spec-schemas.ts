/**
 * Which OpenRouter spec schema each SDK method's answer must match: the e2e tests validate every
 * real answer with it, and spec-shapes.test.ts checks our declared types against the same schemas.
 */
const inline = (method: string, route: string, status = 200) =>
  `#/paths/${route.replaceAll('/', '~1')}/${method}/responses/${String(status)}/content/application~1json/schema`;

export const RESPONSE_SCHEMAS = {
  'chat.send': 'ChatResult',
  'chat.send(stream)': 'ChatStreamChunk',
  'models.list': 'ModelsListResponse',
  'models.count': 'ModelsCountResponse',
  'models.get': 'ModelResponse',
  'models.listForUser': 'ModelsListResponse',
  'endpoints.list': inline('get', '/models/{author}/{slug}/endpoints'),
  'endpoints.listZdrEndpoints': inline('get', '/endpoints/zdr'),
  'providers.list': inline('get', '/providers'),
  'apiKeys.getCurrentKeyMetadata': inline('get', '/key'),
  'apiKeys.list': inline('get', '/keys'),
  'apiKeys.create': inline('post', '/keys', 201),
  'apiKeys.get': inline('get', '/keys/{hash}'),
  'apiKeys.update': inline('patch', '/keys/{hash}'),
  'apiKeys.delete': inline('delete', '/keys/{hash}'),
  'credits.getCredits': inline('get', '/credits'),
  'generations.getGeneration': 'GenerationResponse',
  'analytics.getUserActivity': 'ActivityResponse',
  'guardrails.list': 'ListGuardrailsResponse',
  'guardrails.create': 'CreateGuardrailResponse',
  'guardrails.get': 'GetGuardrailResponse',
  'guardrails.update': 'UpdateGuardrailResponse',
  'guardrails.delete': 'DeleteGuardrailResponse',
  'guardrails.listKeyAssignments': 'ListKeyAssignmentsResponse',
  'guardrails.listMemberAssignments': 'ListMemberAssignmentsResponse',
  'guardrails.listGuardrailKeyAssignments': 'ListKeyAssignmentsResponse',
  'guardrails.listGuardrailMemberAssignments': 'ListMemberAssignmentsResponse',
  'guardrails.bulkAssignKeys': 'BulkAssignKeysResponse',
  'guardrails.bulkUnassignKeys': 'BulkUnassignKeysResponse',
  'guardrails.bulkAssignMembers': 'BulkAssignMembersResponse',
  'guardrails.bulkUnassignMembers': 'BulkUnassignMembersResponse',
  'byok.list': 'ListBYOKKeysResponse',
  'byok.create': 'CreateBYOKKeyResponse',
  'byok.get': 'GetBYOKKeyResponse',
  'byok.update': 'UpdateBYOKKeyResponse',
  'byok.delete': 'DeleteBYOKKeyResponse',
  'organization.listMembers': inline('get', '/organization/members'),
  'oAuth.createAuthCode': inline('post', '/auth/keys/code'),
  'oAuth.exchangeAuthCodeForApiKey': inline('post', '/auth/keys'),
} as const;

export type SdkMethod = keyof typeof RESPONSE_SCHEMAS;
