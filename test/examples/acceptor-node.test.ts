/**
 * examples/acceptor-node: two hospital desks (two `desk.ts` processes) sharing one real
 * `redis-server`, verifying codes a channel app got from the sandbox over HTTP. Where
 * `redis-server` is not installed the suite is skipped with the reason printed — except in CI
 * (`CI` set), which installs it: there a missing server fails the run.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpAdapter } from '../../src/http/index.js';
import { createClient, type EsscClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createMemoryStorage, createOfflineCodes } from '../../src/offline/index.js';
import { type RunningSandbox, seedDemoKeys, startSandbox } from '../../src/sandbox/index.js';
import { skipMessage, warnSkipped } from '../system-packages.js';
import { redisServerInstalled, startRedisServer, type TestRedisServer } from './redis-server.js';

const inCi = Boolean(process.env.CI);
warnSkipped('test/examples/acceptor-node', 'redis-server', redisServerInstalled);

const ZHANG = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';
const CARD_REF_SECRET = 'test-hospital-card-ref-secret-0123456789';

/** One `desk.ts` process: write a scanned code, read the line it prints. */
class Desk {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private readonly waiters: ((line: string) => void)[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(name: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'examples/acceptor-node/desk.ts'], {
      env: { ...process.env, NO_COLOR: '1', ESSC_DESK: name, ...env },
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
  }

  /** Types one code and a line end, as a USB scanner does; resolves with the desk's answer. */
  scan(text: string): Promise<string> {
    const next = this.lines.shift();
    const line =
      next !== undefined
        ? Promise.resolve(next)
        : new Promise<string>((resolve) => this.waiters.push(resolve));
    this.child.stdin.write(`${text}\r\n`);
    return line;
  }

  /** Ends stdin (the desk closes its Redis connection and exits). */
  async end(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

describe('redis-server for the acceptor-node example', () => {
  // Only CI promises the install (.ci/run apt-installs it); a developer without it skips the
  // suites below, and is told why.
  it.runIf(inCi)('is installed in CI', () => {
    expect(redisServerInstalled, skipMessage('test/examples/acceptor-node', 'redis-server')).toBe(
      true,
    );
  });
});

describe.skipIf(!redisServerInstalled)('examples/acceptor-node: two desks, one Redis', () => {
  let redis: TestRedisServer;
  let sandbox: RunningSandbox;
  let client: EsscClient;
  let signNo: string;
  const desks: Desk[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await startSandbox({
      platform: MockPlatform.demo({ passwordHashIterations: 1000 }),
      webhooks: false,
    });
    const { channels } = await seedDemoKeys(sandbox.platform);
    // The channel app's side, over HTTP with its channel key, as a channel backend holds it.
    client = createClient({
      adapter: createHttpAdapter({
        baseUrl: sandbox.url,
        channelId: 'wechat',
        channelKey: channels.wechat!,
      }),
    });
    const card = await client.apply({
      channelUserId: 'wx-openid-zhang',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: sandbox.platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    signNo = card.signNo;
  });

  afterAll(async () => {
    for (const desk of desks) desk.kill();
    await Promise.all(desks.map((desk) => desk.exited));
    await sandbox?.close();
    await redis?.stop();
  });

  function openDesk(name: string, extraEnv: Record<string, string> = {}): Desk {
    const desk = new Desk(name, {
      ESSC_JWKS_URL: `${sandbox.url}/.well-known/jwks.json`,
      ESSC_STATUS_LIST_URL: `${sandbox.url}/v1/status-lists/offline`,
      REDIS_URL: redis.url,
      ESSC_CARD_REF_SECRET: CARD_REF_SECRET,
      ...extraEnv,
    });
    desks.push(desk);
    return desk;
  }

  const issue = async () => (await client.issueQr({ signNo })).text;

  it('a code accepted at one desk is refused at the other with QR_REPLAYED', async () => {
    const deskA = openDesk('desk-1');
    const deskB = openDesk('desk-2');

    const text = await issue();
    const accepted = await deskA.scan(text);
    expect(accepted).toMatch(
      /^desk-1 ACCEPTED identity 张\* 440100 card=[A-Za-z0-9_-]{22} channel=wechat$/,
    );
    const replayed = await deskB.scan(text);
    expect(replayed).toBe(
      'desk-2 REFUSED QR_REPLAYED 二维码已使用 — Ask the user for a fresh code; a replayed code may be a copy.',
    );
    // …and at the desk that accepted it, too.
    expect(await deskA.scan(text)).toMatch(/^desk-1 REFUSED QR_REPLAYED /);

    // A fresh code of the same card: accepted at desk 2, with the same card reference, since
    // both desks hold the hospital's secret.
    const next = await deskB.scan(await issue());
    expect(next).toMatch(/^desk-2 ACCEPTED identity 张\* 440100 /);
    const cardRef = (line: string) => /card=(\S+)/.exec(line)?.[1];
    expect(cardRef(next)).toBe(cardRef(accepted));

    // What a scanner types that is not an e-card code at all.
    expect(await deskA.scan('https://example.com/not-a-card')).toMatch(
      /^desk-1 REFUSED QR_MALFORMED /,
    );

    // The full name and ID number never reach the desk's output.
    for (const line of [accepted, replayed, next]) {
      expect(line).not.toContain(ZHANG.name);
      expect(line).not.toContain(ZHANG.idNumber);
    }

    // End of input: each desk closes its Redis connection and exits cleanly.
    expect(await deskA.end()).toBe(0);
    expect(await deskB.end()).toBe(0);
    expect(deskA.stderr).toBe('');
    expect(deskB.stderr).toBe('');
  }, 90_000);

  it('an offline code is accepted with the status list; a desk loading it after a revocation refuses it', async () => {
    // The phone provisioned a credential while online; in the basement it makes codes alone.
    const offline = createOfflineCodes({ client, storage: createMemoryStorage() });
    await offline.provision({ signNo, verification: { password: PASSWORD } });
    const desk = openDesk('desk-5');
    expect(await desk.scan((await offline.issueCode({ signNo })).text)).toMatch(
      /^desk-5 ACCEPTED identity 张\* 440100 card=[A-Za-z0-9_-]{22} channel=wechat offline$/,
    );
    await client.revokeOfflineCredentials({ signNo, verification: { password: PASSWORD } });
    const later = openDesk('desk-6');
    expect(await later.scan((await offline.issueCode({ signNo })).text)).toMatch(
      /^desk-6 REFUSED CREDENTIAL_REVOKED 离线凭证已撤销 — /,
    );
    expect(await desk.end()).toBe(0);
    expect(await later.end()).toBe(0);
  }, 90_000);

  it('a parent’s code shown by the holder is accepted as on behalf, with the parent’s card', async () => {
    // 张三's father, a pensioner without a phone: a physical card, added to 张三's family with
    // the father's own face check and 张三's password (R31).
    const father = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
    sandbox.platform.addPerson(father);
    const member = await client.addFamilyMember({
      signNo,
      relation: 'parent',
      name: father.name,
      idNumber: father.idNumber,
      verification: { password: PASSWORD },
      memberProof: sandbox.platform.realPersonProof(father.idNumber),
    });
    const desk = openDesk('desk-4');
    const own = await desk.scan(await issue());
    const onBehalf = await desk.scan(
      (await client.issueQr({ signNo, memberId: member.memberId })).text,
    );
    expect(onBehalf).toMatch(
      /^desk-4 ACCEPTED identity 张\* 440100 card=[A-Za-z0-9_-]{22} channel=wechat on-behalf=parent$/,
    );
    // The father's card, not 张三's: another card reference; and 张三's own code is his own.
    const cardRef = (line: string) => /card=(\S+)/.exec(line)?.[1];
    expect(cardRef(onBehalf)).not.toBe(cardRef(own));
    expect(own).not.toContain('on-behalf');
    expect(onBehalf).not.toContain(father.name);
    expect(onBehalf).not.toContain(father.idNumber);
    expect(await desk.end()).toBe(0);
  }, 90_000);

  it('a desk whose Redis is down refuses (PLATFORM_UNAVAILABLE) rather than accept unrecorded', async () => {
    // A port nothing listens on (the test server's port + 1 is not guaranteed free, so use 1).
    const desk = openDesk('desk-3', { REDIS_URL: 'redis://127.0.0.1:1' });
    const line = await desk.scan(await issue());
    expect(line).toMatch(/^desk-3 REFUSED PLATFORM_UNAVAILABLE .* \(scan again\)$/);
    expect(await desk.end()).toBe(0);
    expect(desk.stderr).toContain('redis:');
  }, 90_000);
});
