/**
 * The Redis nonce store against a real `redis-server` started on a free loopback port. Where
 * `redis-server` is not installed, the suite is skipped with the reason printed — except in
 * CI (`CI` set), which installs it: there a missing server fails the run instead of quietly
 * testing nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { createRedisNonceStore, type RedisSetClient } from '../../src/redis/index.js';
import { type Demo, demoWithCard, issue } from '../acceptor/fixtures.js';
import { skipMessage, warnSkipped } from '../system-packages.js';

const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const inCi = Boolean(process.env.CI);
warnSkipped('test/redis/redis-nonce-store', 'redis-server', installed);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('redis-server for the Redis store tests', () => {
  // CI installs redis-server; without it the Redis store would go untested without notice.
  // Only CI promises the install (.ci/run apt-installs it); a developer without it skips the
  // suites below, and is told why.
  it.runIf(inCi)('is installed in CI', () => {
    expect(installed, skipMessage('test/redis/redis-nonce-store', 'redis-server')).toBe(true);
  });
});

describe.skipIf(!installed)('createRedisNonceStore (real redis-server)', () => {
  let server: ChildProcess;
  let redis: Redis;
  let demo: Demo;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Reconnects every 50 ms until the server listens; commands queue meanwhile.
    redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 50 });
    const ignoreWhileStarting = () => undefined;
    redis.on('error', ignoreWhileStarting);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis-server did not answer PING')), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect(pong).toBe('PONG');
    redis.off('error', ignoreWhileStarting);
    demo = await demoWithCard();
  });

  afterAll(async () => {
    redis?.disconnect();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('takes an ioredis client as it is (typed structurally)', () => {
    const client: RedisSetClient = redis;
    expect(typeof client.set).toBe('function');
  });

  it('shared by two verifiers: a code accepted by one is refused by the other (QR_REPLAYED)', async () => {
    const keyPrefix = `test:${Math.random().toString(36).slice(2)}:`;
    const jwks = await demo.platform.jwks();
    const gateA = createQrVerifier({
      jwks,
      now: demo.clock.now,
      nonceStore: createRedisNonceStore({ client: redis, keyPrefix, now: demo.clock.now }),
    });
    const gateB = createQrVerifier({
      jwks,
      now: demo.clock.now,
      nonceStore: createRedisNonceStore({ client: redis, keyPrefix, now: demo.clock.now }),
    });
    const text = await issue(demo);
    await expect(gateA.verify(text)).resolves.toMatchObject({ purpose: 'identity' });
    const refused = await thrownBy(gateB.verify(text));
    expect(isEsscError(refused, 'QR_REPLAYED')).toBe(true);

    // Both racing on one fresh code: one wins.
    const next = await issue(demo);
    const outcomes = await Promise.allSettled([gateA.verify(next), gateB.verify(next)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('records with SET … PX NX: the key expires by itself', async () => {
    const keyPrefix = `test:${Math.random().toString(36).slice(2)}:`;
    const store = createRedisNonceStore({ client: redis, keyPrefix });
    expect(await store.consume('n1', Date.now() + 60_000)).toBe(true);
    expect(await store.consume('n1', Date.now() + 60_000)).toBe(false);
    const ttl = await redis.pttl(`${keyPrefix}n1`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    expect(await store.consume('short', Date.now() + 150)).toBe(true);
    // Wait for Redis to drop the key, watching the key rather than sleeping a fixed time.
    await vi.waitFor(async () => expect(await redis.exists(`${keyPrefix}short`)).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await store.consume('short', Date.now() + 60_000)).toBe(true);
  });

  it('answers true without a round trip for a nonce already past its expiry', async () => {
    const keyPrefix = `test:${Math.random().toString(36).slice(2)}:`;
    const store = createRedisNonceStore({ client: redis, keyPrefix });
    expect(await store.consume('late', Date.now() - 1)).toBe(true);
    expect(await redis.exists(`${keyPrefix}late`)).toBe(0);
  });

  it('reports a Redis that fails as PLATFORM_UNAVAILABLE, never as a first use', async () => {
    const broken: RedisSetClient = { set: () => Promise.reject(new Error('ECONNREFUSED')) };
    const store = createRedisNonceStore({ client: broken });
    const error = await thrownBy(store.consume('n', Date.now() + 60_000));
    expect(isEsscError(error, 'PLATFORM_UNAVAILABLE')).toBe(true);
    const odd: RedisSetClient = { set: () => Promise.resolve('QUEUED') };
    const oddError = await thrownBy(
      createRedisNonceStore({ client: odd }).consume('n', Date.now() + 60_000),
    );
    expect(isEsscError(oddError, 'PLATFORM_UNAVAILABLE')).toBe(true);
  });
});
