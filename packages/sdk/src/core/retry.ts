const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited for: the error goes to the caller instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** openai-node's rule: 408, 409, 429 and 5xx are retried, unless `x-should-retry` says otherwise. */
export function shouldRetry(response: Response): boolean {
  const hint = response.headers.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  const { status } = response;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long the server asked to wait, in ms (`retry-after-ms`, then `Retry-After` as seconds or an
 * HTTP date); undefined when it did not ask or asked for more than {@link MAX_RETRY_AFTER_MS}.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  let wait = Number.isFinite(ms) ? ms : undefined;
  const header = headers?.get('retry-after') ?? undefined;
  if (wait === undefined && header !== undefined) {
    const seconds = Number(header);
    wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  }
  if (wait === undefined || Number.isNaN(wait) || wait < 0 || wait > MAX_RETRY_AFTER_MS) return undefined;
  return wait;
}

/** The wait before retry number `retry` (0-based): the server's `Retry-After`, else 0.5 s·2ⁿ capped at 8 s, minus up to 25 % jitter. */
export function retryDelayMs(retry: number, headers: Headers | undefined, random: () => number = Math.random): number {
  const asked = retryAfterMs(headers);
  if (asked !== undefined) return asked;
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return base * (1 - random() * 0.25);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
