import type { KeyRepository } from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { closeRedisConnection, createRedisConnection } from '../redis/redis-connection.js';
import { StorePolledKeyChanges, type KeyChangeFeed } from './key-change-feed.js';

export interface RedisKeyChangesOptions {
  readonly publisher: Redis;
  /** A connection of its own: a subscribed connection runs no other commands. */
  readonly subscriber: Redis;
  readonly channel: string;
  /** The guarantee: store polling still bounds staleness when a message is lost (reconnects, a crash between write and publish). */
  readonly fallback: KeyChangeFeed;
  readonly logger: Logger;
}

/**
 * Key changes pushed over Redis pub/sub: other processes usually drop a changed key within
 * milliseconds instead of at their next store poll. Pub/sub delivers at most once, so the store
 * poll stays underneath as the bound.
 */
export class RedisKeyChanges implements KeyChangeFeed {
  private readonly received = new Set<string>();

  private constructor(private readonly options: RedisKeyChangesOptions) {}

  static async start(options: RedisKeyChangesOptions): Promise<RedisKeyChanges> {
    const feed = new RedisKeyChanges(options);
    options.subscriber.on('message', (channel: string, hash: string) => {
      if (channel === options.channel) feed.received.add(hash);
    });
    await options.subscriber.subscribe(options.channel);
    return feed;
  }

  async announce(hash: string): Promise<void> {
    await this.options.fallback.announce(hash);
    try {
      await this.options.publisher.publish(this.options.channel, hash);
    } catch (error) {
      // The change is committed; the other processes' store polls pick it up without the message.
      this.options.logger.warn('key change: Redis publish failed; other processes see it at their next store poll', { error });
    }
  }

  async changedHashes(): Promise<readonly string[]> {
    const polled = await this.options.fallback.changedHashes();
    if (this.received.size === 0) return polled;
    const pushed = [...this.received];
    this.received.clear();
    return [...pushed, ...polled];
  }
}

export interface OpenedKeyChangeFeed {
  readonly feed: KeyChangeFeed;
  close(): Promise<void>;
}

/** Redis pub/sub over store polling when `redisUrl` is set, store polling alone otherwise. */
export async function openKeyChangeFeed(
  settings: { readonly redisUrl: string | undefined; readonly redisKeyPrefix: string },
  keys: Pick<KeyRepository, 'changedSince'>,
  logger: Logger,
): Promise<OpenedKeyChangeFeed> {
  const fallback = new StorePolledKeyChanges(keys);
  if (settings.redisUrl === undefined) return { feed: fallback, close: () => Promise.resolve() };
  const [publisher, subscriber] = [createRedisConnection({ url: settings.redisUrl }), createRedisConnection({ url: settings.redisUrl })];
  for (const connection of [publisher, subscriber]) {
    connection.on('error', (error: unknown) => logger.warn('key change feed: Redis connection error', { error }));
  }
  const close = async () => {
    await Promise.all([closeRedisConnection(publisher), closeRedisConnection(subscriber)]);
  };
  try {
    const feed = await RedisKeyChanges.start({ publisher, subscriber, channel: `${settings.redisKeyPrefix}key-changes`, fallback, logger });
    return { feed, close };
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`storage.redis_url: cannot subscribe to key changes (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
