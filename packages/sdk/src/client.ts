import { HttpClient } from './core/http-client.js';
import type { ClientOptions } from './core/options.js';
import { compare, type CompareOptions, type ModelResult, type Prompt } from './helpers/compare.js';
import { consensus, type ConsensusOptions, type ConsensusResult } from './helpers/consensus.js';
import { Analytics, Credits, Generations, Organization } from './resources/account.js';
import { ApiKeys } from './resources/api-keys.js';
import { Byok } from './resources/byok.js';
import { Chat } from './resources/chat.js';
import { Guardrails } from './resources/guardrails.js';
import { Endpoints, Models, Providers } from './resources/models.js';
import { OAuth } from './resources/oauth.js';

/**
 * The Switchyard client. Resource groups and method names follow the OpenRouter SDK's; fields are
 * the wire's (snake_case); every method returns an `APIPromise` (`await` it for the body, or
 * `.withResponse()` for the body and the `Response`).
 *
 * ```ts
 * const client = new Switchyard({ apiKey: process.env.SWITCHYARD_API_KEY, baseURL: 'http://localhost:8080/api/v1' });
 * const answer = await client.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export class Switchyard extends HttpClient {
  readonly chat: Chat = new Chat(this);
  readonly models: Models = new Models(this);
  readonly endpoints: Endpoints = new Endpoints(this);
  readonly providers: Providers = new Providers(this);
  readonly apiKeys: ApiKeys = new ApiKeys(this);
  readonly credits: Credits = new Credits(this);
  readonly generations: Generations = new Generations(this);
  readonly analytics: Analytics = new Analytics(this);
  readonly guardrails: Guardrails = new Guardrails(this);
  readonly oAuth: OAuth = new OAuth(this);
  readonly byok: Byok = new Byok(this);
  readonly organization: Organization = new Organization(this);

  constructor(options: ClientOptions = {}) {
    super(options);
  }

  /** The same prompt to several models in parallel, with each one's answer, cost and latency. */
  compare(prompt: Prompt, models: readonly string[], options?: CompareOptions): Promise<ModelResult[]> {
    return compare(this, prompt, models, options);
  }

  /** The answer at least `quorum` of `models` agree on, with the votes. */
  consensus(prompt: Prompt, models: readonly string[], options?: ConsensusOptions): Promise<ConsensusResult> {
    return consensus(this, prompt, models, options);
  }
}
