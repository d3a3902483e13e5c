import { MemoryEndpointStats, MemoryRateLimiter, type EndpointStats, type HealthConfig, type RateLimiter } from '@switchyard/core';
import type { Logger } from '../logger.js';
import { closeRedisConnection, createRedisConnection } from './redis-connection.js';
import { RedisEndpointStats } from './redis-endpoint-stats.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** State that several gateway processes must share: rate-limit counters and endpoint health. */
export interface SharedState {
  readonly limiter: RateLimiter;
  readonly stats: EndpointStats;
  /** Sends what is still buffered and closes the connection. */
  close(): Promise<void>;
}

export interface SharedStateSettings {
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
}

/** Redis when `redisUrl` is configured (fails start-up when it does not answer), in-process otherwise. */
export async function openSharedState(settings: SharedStateSettings, health: HealthConfig, logger: Logger): Promise<SharedState> {
  const { redisUrl, redisKeyPrefix: prefix } = settings;
  if (redisUrl === undefined) {
    return { limiter: new MemoryRateLimiter(), stats: new MemoryEndpointStats(health), close: () => Promise.resolve() };
  }
  const redis = createRedisConnection({ url: redisUrl });
  redis.on('error', (error: unknown) => logger.warn('redis connection error', { error }));
  try {
    const stats = await RedisEndpointStats.start({ redis, logger, config: health, streamKey: `${prefix}endpoint-samples` });
    return {
      limiter: new RedisRateLimiter(redis, prefix),
      stats,
      async close() {
        await stats.close().catch((error: unknown) => logger.warn('endpoint stats: last sync to Redis failed', { error }));
        await closeRedisConnection(redis);
      },
    };
  } catch (error) {
    redis.disconnect();
    throw new Error(`storage.redis_url: Redis does not answer (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
