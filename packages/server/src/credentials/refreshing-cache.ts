import { GatewayError, type Clock } from '@switchyard/core';

/** A cached credential is replaced this long before it expires (or at half its lifetime, if shorter). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** A fetched credential and when it expires (undefined: long-term, kept until restart). */
export interface Expiring<T> {
  readonly value: T;
  readonly expiresAtMs: number | undefined;
}

interface Entry<T> {
  readonly value: T;
  readonly refreshAtMs: number;
}

/**
 * Credentials by key, each fetched once and reused until shortly before it expires. Concurrent
 * callers share one in-flight fetch, which is not tied to any caller's signal (a client that goes
 * away must not fail the others; the fetch has its own timeouts). Failures are not cached.
 */
export class RefreshingCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<Entry<T>>>();

  constructor(private readonly clock: Clock) {}

  async get(key: string, fetch: () => Promise<Expiring<T>>, signal: AbortSignal, provider: string): Promise<T> {
    const cached = this.entries.get(key);
    if (cached !== undefined && this.clock.now().getTime() < cached.refreshAtMs) return cached.value;
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      pending = this.load(key, fetch).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return (await untilAborted(pending, signal, provider)).value;
  }

  private async load(key: string, fetch: () => Promise<Expiring<T>>): Promise<Entry<T>> {
    const fetched = await fetch();
    const now = this.clock.now().getTime();
    const entry = { value: fetched.value, refreshAtMs: refreshAt(now, fetched.expiresAtMs) };
    this.entries.set(key, entry);
    return entry;
  }
}

function refreshAt(now: number, expiresAtMs: number | undefined): number {
  if (expiresAtMs === undefined) return Number.POSITIVE_INFINITY;
  return expiresAtMs - Math.min(REFRESH_MARGIN_MS, Math.max(0, (expiresAtMs - now) / 2));
}

/** `promise`, or a client_closed rejection as soon as this caller's `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, provider: string): Promise<T> {
  const closed = () => new GatewayError('client_closed', 'the client closed the request', { provider });
  if (signal.aborted) return Promise.reject(closed());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(closed());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
