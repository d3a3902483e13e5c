import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { AwsCredentials } from './bedrock/sign-sigv4.js';
import type { ProviderCapabilities } from './capabilities.js';

/**
 * How the executor reads the upstream response body: one JSON document, Server-Sent Events, or
 * AWS's binary `application/vnd.amazon.eventstream` (Bedrock ConverseStream).
 */
export type Framing = 'json' | 'sse' | 'aws-eventstream';

/** A fully built HTTP request; the executor sends it as is. */
export interface HttpRequestSpec {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly framing: Framing;
}

/** Connection settings of one configured provider (from config and env). */
export interface ProviderSettings {
  /** Routing slug, e.g. "openai", "anthropic", "ollama". */
  readonly id: string;
  /** Display name, e.g. "OpenAI". */
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** Extra headers sent on every request to this provider. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /**
   * Adapter-specific settings from config (`options:`), env already interpolated: e.g. Bedrock
   * `region`, `access_key_id`; Vertex `project`, `location`; Azure `api_version`. May hold secrets:
   * never log them.
   */
  readonly options?: Readonly<Record<string, string>>;
}

export interface BuildContext {
  /** The validated client request, with parameters the endpoint does not support already dropped. */
  readonly request: ChatCompletionRequest;
  /** The provider's model name, e.g. "claude-sonnet-4-5". */
  readonly upstreamModel: string;
  readonly settings: ProviderSettings;
  readonly stream: boolean;
  /** The endpoint's output limit from the catalog (a default for providers that require max_tokens). */
  readonly maxCompletionTokens: number | undefined;
  /** The time of the attempt, from the Clock port (request signing, e.g. AWS SigV4). */
  readonly now: Date;
  /** A short-lived OAuth access token from the executor's CredentialSource (Vertex AI), if any. */
  readonly accessToken?: string;
  /** AWS keys from the executor's CredentialSource (the AWS default chain, for Bedrock), if any. */
  readonly awsCredentials?: AwsCredentials;
}

/** One SSE event as the frame decoder produced it. */
export interface StreamFrame {
  readonly event?: string;
  readonly data: string;
}

/** One instance per upstream response: a pure state machine over frames. */
export interface StreamDecoder {
  push(frame: StreamFrame): readonly CanonicalEvent[];
  /** Called once at end of input: flush buffered state; synthesize `finish` if the provider sent none. */
  end(): readonly CanonicalEvent[];
}

/** A non-2xx answer from the provider. `body` is parsed JSON when it parsed, else the text. */
export interface UpstreamFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Pure translation between the OpenAI format and one provider API. No I/O, env, clock or logging. */
export interface ProviderAdapter {
  /** Adapter kind as written in config: "openai-compatible", "anthropic", "gemini". */
  readonly kind: string;
  /** What this adapter does with each client feature (docs/providers.md is generated from it). */
  readonly capabilities?: ProviderCapabilities;
  /**
   * The provider cannot fetch media by URL: before `buildRequest`, the executor downloads http(s)
   * URLs of image and file parts (`true`), or of file parts only (`'files'`: the provider fetches
   * image URLs itself but takes files inline only, as OpenAI), with a size limit, a timeout and no
   * private or loopback addresses, and passes them to the adapter as `data:` URLs.
   */
  readonly inlineRemoteMedia?: boolean | 'files';
  buildRequest(ctx: BuildContext): HttpRequestSpec;
  /**
   * Non-streaming response body (parsed JSON) → canonical events. Throws GatewayError on a bad shape.
   * `provider` is the configured display name (`settings.name`): every error raised carries it.
   */
  parseResponse(body: unknown, provider: string): readonly CanonicalEvent[];
  /** A decoder for one streamed response; `provider` (`settings.name`) names the provider in its errors. */
  createStreamDecoder(provider: string): StreamDecoder;
  /** A non-2xx answer → GatewayError; `provider` is the configured display name (`settings.name`). */
  mapError(failure: UpstreamFailure, provider: string): GatewayError;
}
