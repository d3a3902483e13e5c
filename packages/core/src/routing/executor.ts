import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import type { Endpoint } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { safeParseJson } from '../json.js';
import type { Clock } from '../ports/clock.js';
import { credentialContext, type CredentialSource } from '../ports/credential-source.js';
import type { EndpointStats } from '../ports/endpoint-stats.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import { createMediaStep } from '../media/media-step.js';
import type { ProviderAttempt } from '../ports/store.js';
import type { UpstreamHttp } from '../ports/upstream-http.js';
import type { ProviderAdapter, ProviderSettings } from '../providers/provider-adapter.js';
import { normalizeRetryAfter } from '../providers/shared/map-http-error.js';
import { failureSample } from '../stats/sample-rules.js';
import { attemptRecord, breakerSkip, deadlineExceeded, failureStatus, noteAfterCommit } from './attempt-records.js';
import { filterUnsupportedParameters } from './filter-parameters.js';
import { isOwnKeyFault, type PlannedEndpoint } from './policy/byok-first.js';
import { decideAttempt, type RetryConfig } from './retry-policy.js';
import { decodeEventStream, decodeJsonBody, openList, openStream, type Opening } from './stream-events.js';

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
  /** Short-lived provider credentials (OAuth tokens, AWS keys); NO_CREDENTIALS when every provider uses static keys. */
  readonly credentials: CredentialSource;
  /** Per-endpoint health: asked before each attempt (circuit breaker), told how each attempt went. */
  readonly stats: EndpointStats;
  /**
   * Downloads http(s) image/file URLs for adapters with `inlineRemoteMedia`; without it such URLs are
   * refused with a 400 (NO_MEDIA_FETCHER).
   */
  readonly media?: MediaFetcher;
}

export interface ExecuteInput {
  readonly request: ChatCompletionRequest;
  /** Endpoints in the order to try them (from the routing policy; `byok` ones with the account's own key). */
  readonly plan: readonly PlannedEndpoint[];
  /** The settings (the account's own API key) for a `byok` endpoint; one without them is skipped. */
  readonly byokSettings?: (endpoint: PlannedEndpoint) => ProviderSettings | undefined;
  readonly stream: boolean;
  readonly signal: AbortSignal;
}

export interface Committed {
  readonly endpoint: Endpoint;
  readonly runtime: ProviderRuntime;
  /** The served response: the events up to the commit point, then the rest as they arrive. */
  readonly events: AsyncGenerator<CanonicalEvent>;
  /** The same events as a list when the answer arrived whole (a JSON body): readable without an await per event. */
  readonly list?: readonly CanonicalEvent[];
  readonly droppedParameters: readonly string[];
  /** Served with the account's own provider key. */
  readonly byok: boolean;
}

export type ExecutionOutcome =
  | { readonly ok: true; readonly committed: Committed; readonly attempts: readonly ProviderAttempt[] }
  | { readonly ok: false; readonly error: GatewayError; readonly attempts: readonly ProviderAttempt[] };

/**
 * Walks the plan: retries an endpoint for retryable errors, moves on for fallback-worthy ones, and
 * stops at the commit point (first content event). Nothing after the commit point falls back. Each
 * attempt asks the endpoint's circuit breaker first and reports its outcome to `deps.stats`; no
 * attempt starts after the request deadline (`retry.requestDeadlineMs`).
 * `attempts` lists every attempt; if the committed stream later breaks, its entry gains the error.
 */
export async function execute(deps: ExecutorDeps, input: ExecuteInput): Promise<ExecutionOutcome> {
  const walk: Walk = {
    attempts: [],
    lastError: undefined,
    deadlineAtMs: deps.clock.monotonicMs() + deps.retry.requestDeadlineMs,
  };
  const mediaFor = createMediaStep(input.request, deps.media, input.signal);
  for (const endpoint of input.plan) {
    const runtime = withByokSettings(runtimeForApi(deps.providers.get(endpoint.providerId), endpoint), endpoint, input);
    if (runtime === undefined) continue;
    const prepared = await mediaFor(runtime.adapter);
    if (!prepared.ok) {
      // Media that cannot be downloaded: no attempt is made; endpoints that take URLs may still serve.
      if (prepared.error.code === 'client_closed') return { ok: false, error: prepared.error, attempts: walk.attempts };
      walk.lastError = prepared.error;
      continue;
    }
    const result = await tryEndpoint(deps, { ...input, request: prepared.request }, endpoint, runtime, walk);
    if (result !== undefined) return result;
  }
  return { ok: false, error: finalError(deps, walk), attempts: walk.attempts };
}

/** The error of a walk that ran out of endpoints; a last attempt cut short by the deadline names the deadline. */
function finalError(deps: ExecutorDeps, walk: Walk): GatewayError {
  const last = walk.lastError;
  if (last === undefined) return new GatewayError('no_route', 'No provider is configured for the requested model.');
  const pastDeadline = deps.clock.monotonicMs() >= walk.deadlineAtMs;
  return pastDeadline && last.code === 'upstream_timeout' ? deadlineExceeded(deps.retry.requestDeadlineMs, last) : last;
}

/** The state of one walk over the plan. */
interface Walk {
  readonly attempts: ProviderAttempt[];
  lastError: GatewayError | undefined;
  readonly deadlineAtMs: number;
}

/** Attempts (and retries) one endpoint: an outcome ends the walk, undefined moves on to the next endpoint. */
async function tryEndpoint(
  deps: ExecutorDeps,
  input: ExecuteInput,
  endpoint: PlannedEndpoint,
  runtime: ProviderRuntime,
  walk: Walk,
): Promise<ExecutionOutcome | undefined> {
  const { attempts } = walk;
  const { request, dropped } = filterUnsupportedParameters(input.request, endpoint.supportedParameters);
  for (let retries = 0; ; retries++) {
    const remainingMs = walk.deadlineAtMs - deps.clock.monotonicMs();
    if (remainingMs <= 0) return { ok: false, error: deadlineExceeded(deps.retry.requestDeadlineMs, walk.lastError), attempts };
    if (!deps.stats.admit(endpoint.id, deps.clock.now())) {
      // Listed once per endpoint: a retry refused after the breaker opened adds nothing new.
      const skip = breakerSkip(endpoint);
      if (retries === 0) attempts.push(skip.attempt);
      walk.lastError ??= skip.error;
      return undefined;
    }
    const started = deps.clock.monotonicMs();
    const timeoutMs = Math.max(1, Math.min(runtime.settings.timeoutMs, Math.ceil(remainingMs)));
    const opening = await attempt(deps, runtime, endpoint, { ...input, request }, timeoutMs);
    const latencyMs = Math.round(deps.clock.monotonicMs() - started);
    if (opening.ok) {
      deps.stats.record({ kind: 'success', endpointId: endpoint.id, at: deps.clock.now(), firstTokenMs: latencyMs });
      attempts.push(attemptRecord(endpoint, 200, latencyMs));
      return { ok: true, committed: commit(deps, opening, { endpoint, runtime, dropped, attempts }), attempts };
    }
    const { error } = opening;
    // A refused own key (BYOK) is the account's problem, not the shared endpoint's.
    const sample = isOwnKeyFault(endpoint, error) ? undefined : failureSample(endpoint.id, deps.clock.now(), error);
    // An error that is not the endpoint's fault (the client left, the request was bad) frees a probe slot.
    deps.stats.record(sample ?? { kind: 'abandoned', endpointId: endpoint.id, at: deps.clock.now() });
    walk.lastError = error;
    attempts.push(attemptRecord(endpoint, failureStatus(error), latencyMs, error));
    const decision = decideAttempt(error, retries, deps.retry, deps.random);
    if (decision.action === 'give-up') return { ok: false, error, attempts };
    // A wait that would outlast the deadline is not worth it: the next endpoint can start at once.
    if (decision.action === 'next-endpoint' || deps.clock.monotonicMs() + decision.delayMs >= walk.deadlineAtMs) return undefined;
    await deps.sleep(decision.delayMs, input.signal);
    if (input.signal.aborted) return { ok: false, error: clientClosed(), attempts };
  }
}

/**
 * The committed response. A streamed one is watched as it is read (through its `watch`); a whole
 * answer (JSON) is watched here, once, and handed over as `list` too, to be read without awaits.
 */
function commit(
  deps: ExecutorDeps,
  opening: Extract<Opening, { ok: true }>,
  served: { readonly endpoint: PlannedEndpoint; readonly runtime: ProviderRuntime; readonly dropped: readonly string[]; readonly attempts: ProviderAttempt[] },
): Committed {
  const { endpoint, runtime, dropped, attempts } = served;
  const now = () => deps.clock.now();
  const base = { endpoint, runtime, droppedParameters: dropped, byok: endpoint.byok === true };
  const index = attempts.length - 1;
  const at = { stats: deps.stats, endpoint, now, attempts, index };
  if (opening.list !== undefined) {
    for (const event of opening.list) noteAfterCommit(event, at);
    return { ...base, events: opening.events, list: opening.list };
  }
  opening.watch.onEvent = (event) => noteAfterCommit(event, at);
  return { ...base, events: opening.events };
}

async function attempt(
  deps: ExecutorDeps,
  runtime: ProviderRuntime,
  endpoint: Endpoint,
  input: ExecuteInput,
  timeoutMs: number,
): Promise<Opening> {
  const { adapter, settings } = runtime;
  try {
    const credential = await deps.credentials.credentialFor(settings, input.signal);
    const spec = adapter.buildRequest({
      request: input.request,
      upstreamModel: endpoint.upstreamModel,
      settings,
      stream: input.stream,
      maxCompletionTokens: endpoint.maxCompletionTokens ?? undefined,
      now: deps.clock.now(),
      ...credentialContext(credential),
    });
    const response = await deps.upstream.send(spec, {
      signal: input.signal,
      timeoutMs,
      provider: settings.name,
    });
    if (response.status < 200 || response.status >= 300) {
      const text = await response.text();
      const parsed = safeParseJson(text);
      const headers = normalizeRetryAfter(response.headers, deps.clock.now());
      const failure = { status: response.status, headers, body: parsed.ok ? parsed.value : text };
      return { ok: false, error: adapter.mapError(failure, settings.name) };
    }
    if (spec.framing === 'json') return openList(await decodeJsonBody(adapter, response, settings.name));
    return await openStream(decodeEventStream(adapter, response.body, settings.name, spec.framing));
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

/** A `byok` endpoint runs with the account's settings (its own key), or not at all. */
function withByokSettings(runtime: ProviderRuntime | undefined, endpoint: PlannedEndpoint, input: ExecuteInput): ProviderRuntime | undefined {
  if (runtime === undefined || endpoint.byok !== true) return runtime;
  const settings = input.byokSettings?.(endpoint);
  return settings === undefined ? undefined : { ...runtime, settings };
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
