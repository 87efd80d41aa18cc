/**
 * Two acceptors sharing one real Redis race on the same code, a thousand times (R15, R16):
 * every code is accepted exactly once, the other verifier answers `QR_REPLAYED`. Each
 * verifier has its own ioredis connection, as two gates on two machines would, so the race
 * is decided by Redis's `SET … NX`, not by one client's command queue.
 *
 * Where `redis-server` is not installed the suite is skipped with the reason printed —
 * except in CI, which installs it (the convention of test/redis/redis-nonce-store.test.ts).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQrVerifier, type QrVerifier } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/index.js';
import { createRedisNonceStore } from '../../src/redis/index.js';
import { type Demo, demoWithCard, issue } from '../acceptor/fixtures.js';
import {
  redisServerInstalled,
  startRedisServer,
  type TestRedisServer,
} from '../examples/redis-server.js';
import { warnSkipped } from '../system-packages.js';

const RACES = 1_000;
warnSkipped('test/redis/race', 'redis-server', redisServerInstalled);

describe.skipIf(!redisServerInstalled)('two verifiers, two Redis clients, one code', () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];
  let demo: Demo;
  let gates: [QrVerifier, QrVerifier];

  beforeAll(async () => {
    server = await startRedisServer();
    demo = await demoWithCard();
    const jwks = await demo.platform.jwks();
    const keyPrefix = `race:${Math.random().toString(36).slice(2)}:`;
    const gate = () => {
      const client = new Redis({ host: '127.0.0.1', port: server.port });
      clients.push(client);
      return createQrVerifier({
        jwks,
        now: demo.clock.now,
        nonceStore: createRedisNonceStore({ client, keyPrefix, now: demo.clock.now }),
      });
    };
    gates = [gate(), gate()];
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  it(`accepts each of ${RACES} fresh codes exactly once; the loser gets QR_REPLAYED`, async () => {
    const tally = { accepted: 0, replayed: 0, other: [] as unknown[] };
    const wins = [0, 0];
    for (let i = 0; i < RACES; i++) {
      const text = await issue(demo);
      // Who asks first alternates, so each gate is seen both winning and losing.
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      const settled = await Promise.allSettled(order.map((gate) => gates[gate]!.verify(text)));
      const outcomes = order[0] === 0 ? settled : [settled[1]!, settled[0]!];
      const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
      tally.accepted += accepted;
      outcomes.forEach((o, gate) => {
        if (o.status === 'fulfilled') wins[gate]! += 1;
        else if (isEsscError(o.reason, 'QR_REPLAYED')) tally.replayed += 1;
        else tally.other.push(o.reason);
      });
      // Fail on the first bad race, naming it, rather than after a thousand.
      if (accepted !== 1) expect.fail(`race ${i}: ${accepted} verifiers accepted the code`);
    }
    expect(tally).toEqual({ accepted: RACES, replayed: RACES, other: [] });
    expect(wins.every((w) => w > 0)).toBe(true);
  }, 120_000);
});
