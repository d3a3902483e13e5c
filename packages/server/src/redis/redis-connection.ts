import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  readonly url: string;
  /** A command that has no answer after this long fails (the caller decides what a failure means). */
  readonly commandTimeoutMs?: number;
}

/**
 * One Redis connection with short timeouts: a slow or missing Redis must fail a command quickly
 * rather than hold a request. Commands issued while it reconnects fail after one retry.
 */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  return new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

/** Closes politely (QUIT, after the commands already sent) when connected; drops the connection otherwise. */
export async function closeRedisConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit();
}
