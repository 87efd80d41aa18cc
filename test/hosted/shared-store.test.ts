/**
 * A channel's server runs several processes: one launches a hosted page, another receives the
 * browser's return, a third the hosted.completed notification. With one shared store (Redis)
 * any of them verifies the receipt, and only once (R36).
 *
 * Where `redis-server` is not installed the Redis case is skipped with the reason printed —
 * except in CI, which installs it (the convention of test/redis).
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createHostedPages,
  createMemoryNonceStore,
  type HostedPages,
  type NonceStore,
} from '../../src/hosted/index.js';
import { isEsscError } from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { createRedisNonceStore } from '../../src/redis/index.js';
import { freshIdNumber, PASSWORD } from '../../src/testing/people.js';
import {
  redisServerInstalled,
  startRedisServer,
  type TestRedisServer,
} from '../examples/redis-server.js';
import { warnSkipped } from '../system-packages.js';

warnSkipped('test/hosted/shared-store', 'redis-server', redisServerInstalled);

async function code(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

/** Three processes of one channel's server on one store; a launch, and the receipt it ends with. */
async function threeProcesses(store: () => NonceStore) {
  // The real clock: a Redis store keeps a record until a moment of the real clock.
  const platform = new MockPlatform();
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  const process = (): HostedPages =>
    createHostedPages({ adapter: platform.adapter('wechat'), store: store() });
  const [launcher, returnPage, webhook] = [process(), process(), process()];
  const idNumber = freshIdNumber({ district: '440106' });
  platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
  const { url, busiSeq } = await launcher.launch({
    action: 'apply',
    channelUserId: 'wx-1',
    person: { name: '张三', idNumber },
    returnUrl: 'https://channel.example.cn/return',
  });
  const receipt = await platform.completeHosted(url, { password: PASSWORD });
  return { launcher, returnPage, webhook, receipt, busiSeq };
}

describe('hosted pages across the processes of one channel server', () => {
  it('a memory store is per process: another process does not know the launch (RECEIPT_INVALID)', async () => {
    const { returnPage, launcher, receipt } = await threeProcesses(() => createMemoryNonceStore());
    expect(await code(returnPage.verifyReceipt(receipt))).toBe('RECEIPT_INVALID');
    // The launching process itself accepts it.
    expect((await launcher.verifyReceipt(receipt)).kind).toBe('applied');
  });

  describe.skipIf(!redisServerInstalled)('one Redis store', () => {
    let server: TestRedisServer | undefined;
    const clients: Redis[] = [];

    afterAll(async () => {
      for (const client of clients) client.disconnect();
      await server?.stop();
    });

    it('any process verifies the receipt of another’s launch, once', async () => {
      server ??= await startRedisServer();
      const keyPrefix = `hosted:${Math.random().toString(36).slice(2)}:`;
      const { returnPage, webhook, launcher, receipt, busiSeq } = await threeProcesses(() => {
        const client = new Redis({ host: '127.0.0.1', port: server!.port });
        clients.push(client);
        return createRedisNonceStore({ client, keyPrefix });
      });
      expect(await returnPage.verifyReceipt(receipt)).toMatchObject({ kind: 'applied', busiSeq });
      expect(await code(webhook.verifyReceipt(receipt))).toBe('RECEIPT_REPLAYED');
      expect(await code(launcher.verifyReceipt(receipt))).toBe('RECEIPT_REPLAYED');
    });
  });
});
