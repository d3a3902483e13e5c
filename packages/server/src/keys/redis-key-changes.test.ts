import { describeWithService, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { closeRedisConnection, createRedisConnection } from '../redis/redis-connection.js';
import { inProcessOnly, type KeyChangeFeed } from './key-change-feed.js';
import { openKeyChangeFeed, RedisKeyChanges } from './redis-key-changes.js';

const unreachable = await probeTcp(TEST_REDIS_URL);
const logger = createLogger('silent');

async function eventually(feed: KeyChangeFeed, hash: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((await feed.changedHashes()).includes(hash)) return performance.now() - started;
    if (performance.now() - started > 1000) throw new Error(`${hash} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeWithService('Redis', unreachable, () => {
  describe('RedisKeyChanges', () => {
    const connections: Redis[] = [];
    const connect = () => {
      const redis = createRedisConnection({ url: TEST_REDIS_URL });
      connections.push(redis);
      return redis;
    };
    afterEach(async () => {
      await Promise.all(connections.splice(0).map((redis) => closeRedisConnection(redis)));
    });
    const channel = `switchyard-test-${String(process.pid)}-${Math.random().toString(36).slice(2)}:key-changes`;
    const start = (fallback: KeyChangeFeed = inProcessOnly) =>
      RedisKeyChanges.start({ publisher: connect(), subscriber: connect(), channel, fallback, logger });

    it('pushes a change announced by one process to the others, once', async () => {
      const [a, b] = [await start(), await start()];
      await a.announce('hash_1');
      expect(await eventually(b, 'hash_1')).toBeLessThan(500);
      expect(await b.changedHashes()).toEqual([]);
    });

    it('merges what the store poll reports, and keeps pushed hashes when the poll fails', async () => {
      let fail = true;
      const polled: KeyChangeFeed = {
        announce: () => Promise.resolve(),
        changedHashes: () => (fail ? Promise.reject(new Error('database down')) : Promise.resolve(['hash_polled'])),
      };
      const [a, b] = [await start(), await start(polled)];
      await a.announce('hash_2');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(b.changedHashes()).rejects.toThrow('database down');
      fail = false;
      expect(await b.changedHashes()).toEqual(['hash_2', 'hash_polled']);
    });

    it('a failed publish is logged, not thrown: the store poll still carries the change', async () => {
      const warnings: string[] = [];
      const publisher = { publish: () => Promise.reject(new Error('redis down')) } as unknown as Redis;
      const feed = await RedisKeyChanges.start({
        publisher,
        subscriber: connect(),
        channel,
        fallback: inProcessOnly,
        logger: { ...logger, warn: (message: string) => warnings.push(message) },
      });
      await expect(feed.announce('hash_3')).resolves.toBeUndefined();
      expect(warnings).toHaveLength(1);
    });

    it('openKeyChangeFeed subscribes when Redis is configured and closes its connections', async () => {
      const opened = await openKeyChangeFeed({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: `${channel}:` }, { changedSince: () => Promise.resolve([]) }, logger);
      expect(opened.feed).toBeInstanceOf(RedisKeyChanges);
      await opened.feed.announce('hash_4');
      expect(await eventually(opened.feed, 'hash_4')).toBeLessThan(500);
      await opened.close();
    });
  });
});

describe('openKeyChangeFeed without Redis', () => {
  it('polls the store', async () => {
    const opened = await openKeyChangeFeed({ redisUrl: undefined, redisKeyPrefix: 'x:' }, { changedSince: () => Promise.resolve([]) }, logger);
    expect(opened.feed).not.toBeInstanceOf(RedisKeyChanges);
    expect(await opened.feed.changedHashes()).toEqual([]);
    await opened.close();
  });
});
