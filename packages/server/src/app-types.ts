import type { HttpBindings } from '@hono/node-server';
import type { ApiKeyRecord, Catalog, Clock, KeyRepository } from '@switchyard/core';
import type { BillingDeps } from './billing/billing-deps.js';
import type { ByokCredentials } from './byok/byok-credentials.js';
import type { GenerationIds } from './chat/chat-context.js';
import type { ChatDeps } from './chat/chat-service.js';
import type { EnabledProvider } from './config/load-config.js';
import type { GenerationWriter } from './generations/generation-writer.js';
import type { GuardrailDeps } from './guardrails/guardrail-enforcer.js';
import type { KeyCache } from './keys/key-cache.js';
import type { Logger } from './logger.js';
import type { OAuthService } from './oauth/oauth-service.js';
import type { OrganizationDeps } from './organizations/organization-deps.js';
import type { RequestLimits } from './ratelimit/request-limits.js';
import type { GenerationRepository } from '@switchyard/core';

export interface AppDeps {
  readonly catalog: Catalog;
  /** Enabled providers by id (`GET /providers`). */
  readonly providers: ReadonlyMap<string, EnabledProvider>;
  readonly chat: ChatDeps;
  readonly keyCache: KeyCache;
  readonly keys: KeyRepository;
  readonly generations: GenerationRepository;
  readonly writer: GenerationWriter;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly bodyLimitBytes: number;
  readonly generationIds: GenerationIds;
  /** Credits ledger, its settings and the payment-provider hook (`/credits`, `/admin/credits`, `/key`). */
  readonly billing: BillingDeps;
  /** Guardrails: the repository (`/guardrails`) and the per-request enforcer (inference). */
  readonly guardrails: GuardrailDeps;
  readonly oauth: OAuthService;
  /** Free-model quotas and per-key request rates (429 before any upstream call). */
  readonly requestLimits: RequestLimits;
  /** BYOK: the account's own provider keys (`/byok`). */
  readonly byok: ByokCredentials;
  /** Users, memberships and roles (`/organization/members`, `/admin/organizations`) and activity (`/activity`). */
  readonly organizations: OrganizationDeps;
}

export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { apiKey: ApiKeyRecord };
}
