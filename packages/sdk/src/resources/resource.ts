import type { HttpClient } from '../core/http-client.js';

/** A group of methods (`client.models`, `client.apiKeys`…) over the client's transport. */
export abstract class APIResource {
  protected readonly client: HttpClient;

  constructor(client: HttpClient) {
    this.client = client;
  }
}

/** `params` without the keys that go in the path. */
export function withoutKeys<T extends object, K extends keyof T>(params: T, ...keys: K[]): Omit<T, K> {
  const rest = { ...params } as Record<string, unknown>;
  for (const key of keys) delete rest[key as string];
  return rest as Omit<T, K>;
}
