import type { HttpBindings } from '@hono/node-server';
import type { ApiKeyRecord, Catalog, Clock, KeyRepository } from '@switchyard/core';
import type { GenerationIds } from './chat/chat-context.js';
import type { ChatDeps } from './chat/chat-service.js';
import type { EnabledProvider } from './config/load-config.js';
import type { GenerationWriter } from './generations/generation-writer.js';
import type { KeyCache } from './keys/key-cache.js';
import type { Logger } from './logger.js';
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
}

export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { apiKey: ApiKeyRecord };
}
