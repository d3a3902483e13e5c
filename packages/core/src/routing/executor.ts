import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import type { Endpoint } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { safeParseJson } from '../json.js';
import type { Clock } from '../ports/clock.js';
import type { CredentialSource } from '../ports/credential-source.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import { createMediaStep } from '../media/media-step.js';
import type { ProviderAttempt } from '../ports/store.js';
import type { UpstreamHttp } from '../ports/upstream-http.js';
import type { ProviderAdapter, ProviderSettings } from '../providers/provider-adapter.js';
import { normalizeRetryAfter } from '../providers/shared/map-http-error.js';
import { filterUnsupportedParameters } from './filter-parameters.js';
import { decideAttempt, type RetryConfig } from './retry-policy.js';
import { decodeEventStream, decodeJsonBody, fromList, openStream, type Opening } from './stream-events.js';

/** A configured provider: its connection settings and the adapter that speaks its API. */
export interface ProviderRuntime {
  readonly settings: ProviderSettings;
  readonly adapter: ProviderAdapter;
  /** Adapters for the provider's other upstream APIs, chosen by `Endpoint.api` (e.g. `responses`). */
  readonly apis?: Readonly<Record<string, ProviderAdapter>>;
}

export interface ExecutorDeps {
  readonly upstream: UpstreamHttp;
  readonly providers: ReadonlyMap<string, ProviderRuntime>;
  readonly retry: RetryConfig;
  readonly random: () => number;
  readonly clock: Clock;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Short-lived provider credentials (OAuth tokens); NO_CREDENTIALS when every provider uses static keys. */
  readonly credentials: CredentialSource;
  /**
   * Downloads http(s) image/file URLs for adapters with `inlineRemoteMedia`; without it such URLs are
   * refused with a 400 (NO_MEDIA_FETCHER).
   */
  readonly media?: MediaFetcher;
}

export interface ExecuteInput {
  readonly request: ChatCompletionRequest;
  /** Endpoints in the order to try them (from the routing policy). */
  readonly plan: readonly Endpoint[];
  readonly stream: boolean;
  readonly signal: AbortSignal;
}

export interface Committed {
  readonly endpoint: Endpoint;
  readonly runtime: ProviderRuntime;
  /** The served response: the events up to the commit point, then the rest as they arrive. */
  readonly events: AsyncGenerator<CanonicalEvent>;
  readonly droppedParameters: readonly string[];
}

export type ExecutionOutcome =
  | { readonly ok: true; readonly committed: Committed; readonly attempts: readonly ProviderAttempt[] }
  | { readonly ok: false; readonly error: GatewayError; readonly attempts: readonly ProviderAttempt[] };

/**
 * Walks the plan: retries an endpoint for retryable errors, moves on for fallback-worthy ones, and
 * stops at the commit point (first content event). Nothing after the commit point falls back.
 */
export async function execute(deps: ExecutorDeps, input: ExecuteInput): Promise<ExecutionOutcome> {
  const attempts: ProviderAttempt[] = [];
  let lastError: GatewayError | undefined;
  const mediaFor = createMediaStep(input.request, deps.media, input.signal);
  for (const endpoint of input.plan) {
    const runtime = runtimeForApi(deps.providers.get(endpoint.providerId), endpoint);
    if (runtime === undefined) continue;
    const prepared = await mediaFor(runtime.adapter);
    if (!prepared.ok) {
      // Media that cannot be downloaded: no attempt is made; endpoints that take URLs may still serve.
      if (prepared.error.code === 'client_closed') return { ok: false, error: prepared.error, attempts };
      lastError = prepared.error;
      continue;
    }
    for (let retries = 0; ; retries++) {
      const started = deps.clock.monotonicMs();
      const { request, dropped } = filterUnsupportedParameters(prepared.request, endpoint.supportedParameters);
      const opening = await attempt(deps, runtime, endpoint, { ...input, request });
      const latencyMs = Math.round(deps.clock.monotonicMs() - started);
      if (opening.ok) {
        attempts.push(attemptRecord(endpoint, 200, latencyMs));
        const committed = { endpoint, runtime, events: opening.events, droppedParameters: dropped };
        return { ok: true, committed, attempts };
      }
      lastError = opening.error;
      attempts.push(attemptRecord(endpoint, opening.error.options.upstreamStatus ?? opening.error.status, latencyMs, opening.error.code));
      const decision = decideAttempt(opening.error, retries, deps.retry, deps.random);
      if (decision.action === 'give-up') return { ok: false, error: opening.error, attempts };
      if (decision.action === 'next-endpoint') break;
      await deps.sleep(decision.delayMs, input.signal);
      if (input.signal.aborted) return { ok: false, error: clientClosed(), attempts };
    }
  }
  const error = lastError ?? new GatewayError('no_route', 'No provider is configured for the requested model.');
  return { ok: false, error, attempts };
}

async function attempt(
  deps: ExecutorDeps,
  runtime: ProviderRuntime,
  endpoint: Endpoint,
  input: ExecuteInput,
): Promise<Opening> {
  const { adapter, settings } = runtime;
  try {
    const accessToken = await deps.credentials.accessToken(settings, input.signal);
    const spec = adapter.buildRequest({
      request: input.request,
      upstreamModel: endpoint.upstreamModel,
      settings,
      stream: input.stream,
      maxCompletionTokens: endpoint.maxCompletionTokens ?? undefined,
      now: deps.clock.now(),
      ...(accessToken === undefined ? {} : { accessToken }),
    });
    const response = await deps.upstream.send(spec, {
      signal: input.signal,
      timeoutMs: settings.timeoutMs,
      provider: settings.name,
    });
    if (response.status < 200 || response.status >= 300) {
      const text = await response.text();
      const parsed = safeParseJson(text);
      const headers = normalizeRetryAfter(response.headers, deps.clock.now());
      const failure = { status: response.status, headers, body: parsed.ok ? parsed.value : text };
      return { ok: false, error: adapter.mapError(failure, settings.name) };
    }
    const events =
      spec.framing === 'json'
        ? fromList(await decodeJsonBody(adapter, response, settings.name))
        : decodeEventStream(adapter, response.body, settings.name, spec.framing);
    return await openStream(events);
  } catch (error) {
    return { ok: false, error: GatewayError.from(error) };
  }
}

/** The provider's runtime with the adapter of the endpoint's API (config validation ensures it exists). */
function runtimeForApi(runtime: ProviderRuntime | undefined, endpoint: Endpoint): ProviderRuntime | undefined {
  if (runtime === undefined || endpoint.api === undefined) return runtime;
  const adapter = runtime.apis?.[endpoint.api];
  return adapter === undefined ? undefined : { ...runtime, adapter };
}

function attemptRecord(endpoint: Endpoint, status: number, latencyMs: number, errorCode?: string): ProviderAttempt {
  const record = {
    providerId: endpoint.providerId,
    providerName: endpoint.providerName,
    endpointId: endpoint.id,
    modelId: endpoint.modelId,
    status,
    latencyMs,
  };
  return errorCode === undefined ? record : { ...record, errorCode };
}

function clientClosed(): GatewayError {
  return new GatewayError('client_closed', 'The client closed the connection.');
}

/** setTimeout as a promise that resolves early when `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
