/**
 * What the sandbox console stands on, without a browser: the page is served with headers that
 * keep other sites out, only where the admin routes are and only to names the sandbox answers;
 * the read-only admin routes mask ID numbers in lists and never carry a key, a password hash
 * or a proof; the balance and test-clock controls refuse bad input without a partial change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import {
  createSandboxHandler,
  createTestClock,
  type RunningSandbox,
  runSandboxCli,
  seedDemoKeys,
  startSandbox,
} from '../../src/sandbox/index.js';
import { freshIdNumber } from '../../src/testing/people.js';

const ZHANG = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';

let running: RunningSandbox | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function sandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  running = await startSandbox({ platform: MockPlatform.demo(), ...options });
  return running;
}

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${running!.url}${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the console page', () => {
  it('is served from the package with a strict Content-Security-Policy and no framing', async () => {
    const { url } = await sandbox();
    const page = await fetch(`${url}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('沙箱 SANDBOX');
    // Nothing from elsewhere: every script and style sheet is the sandbox's own.
    expect(html).not.toMatch(/(src|href)="https?:/);
    const script = await fetch(`${url}/console/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${url}/console/nothing.js`)).status).toBe(404);
    expect((await fetch(`${url}/console`, { method: 'POST' })).status).toBe(405);
  });

  it('goes with the admin routes: admin: false removes both', async () => {
    const { url } = await sandbox({ admin: false });
    expect((await fetch(`${url}/console`)).status).toBe(404);
    expect((await fetch(`${url}/admin/persons`)).status).toBe(404);
  });

  it('answers only the names the sandbox is reached by (DNS rebinding gets 421)', async () => {
    const handle = createSandboxHandler(MockPlatform.demo());
    expect((await handle(new Request('http://attacker.example/console'))).status).toBe(421);
    expect((await handle(new Request('http://localhost:8787/console'))).status).toBe(200);
  });
});

describe('the console admin routes', () => {
  it('lists people with masked ID numbers; one person holds no password hash or proof', async () => {
    const platform = MockPlatform.demo();
    await sandbox({ platform });
    const client = createClient({ adapter: platform.adapter('wechat') });
    const proof = platform.realPersonProof(ZHANG.idNumber);
    await client.apply({
      channelUserId: 'u1',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: proof,
      password: PASSWORD,
    });
    const list = await admin('GET', '/admin/persons');
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    for (const person of DEMO_PEOPLE) expect(text).not.toContain(person.idNumber);
    const zhang = list.body.persons.find((p: { name: string }) => p.name === ZHANG.name);
    expect(zhang).toMatchObject({ idNumberMasked: '440106********1231', cardStatus: 'normal' });
    expect(zhang.eCard.channels).toEqual(['wechat']);

    const detail = await admin('GET', `/admin/cards/${zhang.cardNo}/holder`);
    expect(detail.body).toMatchObject({
      idNumber: ZHANG.idNumber,
      eCard: { level: 1, passwordLocked: false, bindings: [{ channelId: 'wechat' }] },
    });
    expect(await admin('GET', `/admin/persons/${ZHANG.idNumber}`)).toEqual(detail);
    const detailText = JSON.stringify(detail.body);
    expect(detailText).not.toContain(proof);
    expect(detailText).not.toMatch(/passwordHash|pbkdf2|\$/i);
  });

  it("shows a holder's family members (masked) and each person's certification", async () => {
    const platform = MockPlatform.demo();
    await sandbox({ platform });
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply({
      channelUserId: 'u2',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const father = {
      name: '张建国',
      idNumber: freshIdNumber({ district: '440106', birthDate: '19500101' }),
    };
    platform.addPerson({ ...father, regionCode: '440100', benefit: { kind: 'pension' } });
    const member = await client.addFamilyMember({
      signNo,
      relation: 'parent',
      ...father,
      verification: { password: PASSWORD },
      memberProof: platform.realPersonProof(father.idNumber),
    });

    const holder = await admin('GET', `/admin/persons/${ZHANG.idNumber}`);
    expect(holder.body.family).toEqual([
      {
        memberId: member.memberId,
        relation: 'parent',
        name: '张*国',
        idNumber: member.idNumber,
        addedAt: member.addedAt,
      },
    ]);
    expect(JSON.stringify(holder.body.family)).not.toContain(father.idNumber);
    expect(holder.body.certification).toEqual({ status: 'not-required' });
    // Never certified: overdue until he proves it with his own face (R33).
    const parent = await admin('GET', `/admin/persons/${father.idNumber}`);
    expect(parent.body.certification.status).toBe('overdue');
    expect(parent.body.family).toEqual([]);
  });

  it('lists callers with key ids, never key material', async () => {
    const platform = MockPlatform.demo();
    const credentials = await seedDemoKeys(platform);
    await sandbox({ platform });
    const { body } = await admin('GET', '/admin/parties');
    const wechat = engineOf(platform).channel('wechat')!.publicKey!;
    expect(body.channels).toContainEqual(
      expect.objectContaining({ id: 'wechat', keyId: wechat.kid }),
    );
    const text = JSON.stringify(body);
    expect(text).not.toContain(String(wechat.x));
    expect(text).not.toContain(String(credentials.channels.wechat!.d));
  });

  it('sets balances; a bad field changes nothing', async () => {
    const platform = MockPlatform.demo();
    await sandbox({ platform });
    const path = `/admin/persons/${ZHANG.idNumber}/balances`;
    expect(await admin('POST', path, { bank: 500, personalAccount: 300 })).toEqual({
      status: 200,
      body: { bank: 500, personalAccount: 300, deductibleLeft: 0 },
    });
    const refused = await admin('POST', path, { bank: 1, personalAccount: -1 });
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    const beyond = await admin('POST', path, { bank: 1, deductibleLeft: 1 });
    expect(beyond.body.error.code).toBe('VALIDATION_FAILED');
    expect(platform.balances(ZHANG.idNumber)).toEqual({
      bank: 500,
      personalAccount: 300,
      deductibleLeft: 0,
    });
  });

  it('moves a test clock forward, and says so when the sandbox runs none', async () => {
    await sandbox();
    expect((await admin('GET', '/admin/clock')).body.testClock).toBe(false);
    expect((await admin('POST', '/admin/clock/advance', { ms: 1000 })).status).toBe(409);
    await running!.close();

    const clock = createTestClock();
    const platform = MockPlatform.demo({ now: clock.now });
    await sandbox({ platform, testClock: clock });
    const before = engineOf(platform).now();
    const moved = await admin('POST', '/admin/clock/advance', { ms: 86_400_000 });
    expect(moved.body.testClock).toBe(true);
    expect(engineOf(platform).now() - before).toBeGreaterThanOrEqual(86_400_000);
  });

  it('logs notifications and webhook attempts, with the faults in force', async () => {
    const platform = MockPlatform.demo();
    await sandbox({
      platform,
      webhooks: {
        fetch: async () => new Response(null, { status: 204 }),
      },
    });
    await admin('POST', '/admin/channels', {
      id: 'wechat',
      name: '微信',
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    const client = createClient({ adapter: platform.adapter('wechat') });
    await client.apply({
      channelUserId: 'u1',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const { cardNo } = platform.currentCard(ZHANG.idNumber);
    await admin('POST', `/admin/cards/${cardNo}/status`, { status: 'lost' });
    await admin('POST', '/admin/faults/next', { operation: 'getCard' });
    await expect
      .poll(async () => (await admin('GET', '/admin/activity')).body.deliveries.length)
      .toBe(1);
    const { body } = await admin('GET', '/admin/activity');
    expect(body.notifications[0]).toMatchObject({ type: 'card.status_changed', status: 'lost' });
    expect(body.deliveries[0]).toMatchObject({
      type: 'card.status_changed',
      outcome: 'delivered',
      status: 204,
    });
    expect(body.faults.next).toEqual([
      { operation: 'getCard', code: 'PLATFORM_UNAVAILABLE', afterCommit: false },
    ]);
  });
});

describe('essc-sandbox and the console', () => {
  it('prints where the console is; --test-clock lets it move the clock; --no-admin has none', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), signals: false };
    running = await runSandboxCli(['--port', '0', '--seed', 'demo', '--test-clock', '--json'], io);
    const printed = JSON.parse(lines[0]!);
    expect(printed).toMatchObject({ console: `${running!.url}/console`, testClock: true });
    expect((await fetch(printed.console)).status).toBe(200);
    const before = engineOf(running!.platform).now();
    await admin('POST', '/admin/clock/advance', { ms: 3_600_000 });
    expect(engineOf(running!.platform).now() - before).toBeGreaterThanOrEqual(3_600_000);
    await running!.close();

    lines.length = 0;
    running = await runSandboxCli(['--port', '0', '--no-admin', '--json'], io);
    expect(JSON.parse(lines[0]!)).not.toHaveProperty('console');
    expect((await fetch(`${running!.url}/console`)).status).toBe(404);
  });
});
