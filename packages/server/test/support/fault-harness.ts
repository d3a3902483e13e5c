import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import type { RecordedRequest, Scripted } from '@switchyard/test-support';
import { expect } from 'vitest';
import { API_KEY, type TestGateway } from './harness.js';
import { call } from './http.js';

/**
 * Loopback providers that fail on command: each provider answers from its own queue of scripted
 * answers (by the first path segment of the request, e.g. `/together/v1/...` → "together"), and
 * with `otherwise` once its queue is empty.
 */
export class ProviderScripts {
  private readonly queues = new Map<string, Scripted[]>();

  constructor(
    private readonly t: TestGateway,
    private readonly otherwise: (provider: string, request: RecordedRequest) => Scripted,
  ) {
    t.upstream.always((request) => {
      const provider = providerOf(request);
      return this.queues.get(provider)?.shift() ?? this.otherwise(provider, request);
    });
  }

  /** The next answers of `provider`, in order. */
  next(provider: string, ...answers: Scripted[]): this {
    this.queues.set(provider, [...(this.queues.get(provider) ?? []), ...answers]);
    return this;
  }

  reset(): void {
    this.queues.clear();
    this.t.upstream.reset();
  }

  /** How many requests each provider received, e.g. `{ together: 2, fireworks: 1 }`. */
  calls(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.t.upstream.requests) counts[providerOf(request)] = (counts[providerOf(request)] ?? 0) + 1;
    return counts;
  }
}

export function providerOf(request: RecordedRequest): string {
  return request.url.split('/')[1] ?? '';
}

/** Authenticated GET on the gateway (through the validating proxy); asserts 200 and returns `data`. */
export async function getData<T = Record<string, unknown>>(t: TestGateway, path: string): Promise<T> {
  const response = await call(t, 'GET', path, API_KEY);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: T }).data;
}

/** The key's total spend so far (USD), including records still in the write-behind queue. */
export async function keyUsage(t: TestGateway): Promise<number> {
  return (await getData<{ usage: number }>(t, '/key')).usage;
}

/**
 * Generation records as the API shows them. The ids of new records are read from the gateway's
 * SQLite file, so a test finds the record of a request whatever its answer was (error answers after
 * routing also carry `x-generation-id`).
 */
export class GenerationLog {
  private readonly seen = new Set<string>();

  private constructor(private readonly store: SqlStore) {}

  static open(t: TestGateway): GenerationLog {
    return new GenerationLog(createSqliteStore({ path: t.gateway.config.server.sqlitePath }));
  }

  /** Marks every record so far as seen. */
  async skipExisting(): Promise<void> {
    for (const id of await this.ids()) this.seen.add(id);
  }

  /** The one record written since the last call (waits for the write-behind flush). */
  async latest(t: TestGateway): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i++) {
      const fresh = (await this.ids()).filter((id) => !this.seen.has(id));
      if (fresh.length > 1) throw new Error(`expected one new generation record, found ${fresh.length}`);
      const id = fresh[0];
      if (id !== undefined) {
        this.seen.add(id);
        return getData(t, `/generation?id=${id}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no new generation record within 2.5 s');
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async ids(): Promise<string[]> {
    const rows = await this.store.db.selectFrom('generations').select('id').execute();
    return rows.map((row) => row.id);
  }
}

/** `provider_responses` as [provider_name, status, error_code] rows. */
export function attemptsOf(record: Record<string, unknown>): [string, number, string | null][] {
  const attempts = record['provider_responses'] as { provider_name: string; status: number; error_code: string | null }[];
  return attempts.map((a) => [a.provider_name, a.status, a.error_code]);
}
