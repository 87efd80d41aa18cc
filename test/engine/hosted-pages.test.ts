/**
 * The hosted pages' state machine (R35–R38) as the platform's pages drive it: hostedView and
 * hostedStep on the engine, the receipts they end with, and MockPlatform.completeHosted.
 */
import { describe, expect, it, vi } from 'vitest';
import { verifyJwt } from '../../src/crypto/index.js';
import { Hosted } from '../../src/engine/hosted.js';
import type { PlatformNotification } from '../../src/index.js';
import { createClient, isEsscError } from '../../src/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { NEW_PASSWORD, PASSWORD, WRONG_PASSWORD } from '../../src/testing/people.js';
import { mockPlatform } from '../client/helpers.js';

const RETURN_URL = 'https://channel.example.cn/hosted/back?from=essc';
const USER = 'wx-user-1';

function setup() {
  const world = mockPlatform();
  const { platform } = world;
  const adapter = platform.adapter('wechat');
  const engine = engineOf(platform);
  const launch = (input: Record<string, unknown>, idempotencyKey = `k-${Math.random()}`) =>
    adapter.launchHosted({ channelUserId: USER, returnUrl: RETURN_URL, ...input } as never, {
      idempotencyKey,
    });
  const launchIdOf = (url: string) => new URL(url).searchParams.get('launch')!;
  const claims = async (receipt: string) => {
    const verified = await verifyJwt(await platform.jwks(), receipt, { now: engine.now() });
    if (!verified.ok) throw new Error(`receipt does not verify: ${verified.reason}`);
    return verified.payload;
  };
  /** A holder bound in wechat through the API, as the user `launch` launches for. */
  const holder = async (bankAccountActive = false) => {
    const person = world.person('张三', bankAccountActive);
    const card = await createClient({ adapter }).apply({
      ...person.application(),
      channelUserId: USER,
    });
    return { ...person, signNo: card.signNo };
  };
  return { ...world, adapter, engine, launch, launchIdOf, claims, holder };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('hosted pages on the engine (R35–R38)', () => {
  it('a hosted apply: face check, set the password, applied (001) receipt that redirects with it', async () => {
    const { platform, engine, launch, launchIdOf, claims } = setup();
    const person = platform.addPerson({
      name: '李小明',
      idNumber: '440106199003071231',
      regionCode: '440100',
    });
    expect(person.cardNo).toBeTruthy();
    const launched = await launch({
      action: 'apply',
      person: { name: '李小明', idNumber: '440106199003071231' },
    });
    expect(launched.url).toMatch(/^https:\/\/essc\.example\.cn\/hosted\/apply\?launch=[\w-]{24}$/);
    expect(launched.busiSeq).toMatch(/^HS/);
    const id = launchIdOf(launched.url);

    let view = await engine.hostedView(id);
    expect(view).toMatchObject({
      action: 'apply',
      step: 'face',
      personName: '李*明',
      channelName: '微信',
    });
    // Viewing again changes nothing.
    expect(await engine.hostedView(id)).toEqual(view);
    view = await engine.hostedStep(id, { token: view.token, face: 'pass' });
    expect(view.step).toBe('new-password');
    view = await engine.hostedStep(id, { token: view.token, newPassword: PASSWORD });
    expect(view.step).toBe('done');
    const { receipt, returnUrl, kind } = view.done!;
    expect(kind).toBe('applied');
    expect(returnUrl).toBe(`${RETURN_URL}&receipt=${encodeURIComponent(receipt)}`);
    const c = await claims(receipt);
    expect(c).toMatchObject({
      kind: 'applied',
      codeType: 'actionType',
      code: '001',
      busiSeq: launched.busiSeq,
      channelId: 'wechat',
      channelUserId: 'wx-user-1',
      signLevel: '1',
      regionCode: '440100',
      aud: 'wechat',
    });
    expect(JSON.stringify(c)).not.toContain(PASSWORD);
    // The e-card is the one the API sees.
    const card = await createClient({ adapter: platform.adapter('wechat') }).getCard({
      signNo: c.signNo as string,
    });
    expect(card.level).toBe(1);
    // Used once.
    expect(await refusal(engine.hostedView(id))).toBe('LAUNCH_USED');
  });

  it('a double submit applies once and answers the finished view again; another token is refused', async () => {
    const { engine, launch, launchIdOf, holder } = setup();
    const { signNo } = await holder();
    const id = launchIdOf((await launch({ action: 'unbind', signNo })).url);
    const view = await engine.hostedView(id);
    const submit = () => engine.hostedStep(id, { token: view.token, password: PASSWORD });
    const [first, second] = await Promise.all([submit(), submit()]);
    expect(first.done?.kind).toBe('unbound');
    expect(second.done?.receipt).toBe(first.done?.receipt);
    expect(await refusal(engine.hostedStep(id, { token: 'forged', password: PASSWORD }))).toBe(
      'LAUNCH_USED',
    );
  });

  it('a stale token answers the current view; an unknown one is VALIDATION_FAILED', async () => {
    const { engine, launch, launchIdOf, holder } = setup();
    const { signNo } = await holder();
    const id = launchIdOf((await launch({ action: 'reset-password', signNo })).url);
    const first = await engine.hostedView(id);
    const next = await engine.hostedStep(id, { token: first.token, face: 'pass' });
    expect(next.step).toBe('new-password');
    expect(await engine.hostedStep(id, { token: first.token, face: 'pass' })).toEqual(next);
    expect(await refusal(engine.hostedStep(id, { token: 'x', newPassword: NEW_PASSWORD }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('a wrong password shows the attempts left; the fifth ends the page closed with PASSWORD_LOCKED', async () => {
    const { platform, engine, launch, launchIdOf, claims, holder } = setup();
    const { signNo } = await holder();
    const { url } = await launch({ action: 'verify-password', signNo });
    const id = launchIdOf(url);
    let view = await engine.hostedView(id);
    expect(view).toMatchObject({ step: 'password', attemptsLeft: 5 });
    for (const left of [4, 3, 2, 1]) {
      view = await engine.hostedStep(id, { token: view.token, password: WRONG_PASSWORD });
      expect(view).toMatchObject({
        step: 'password',
        attemptsLeft: left,
        error: { code: 'PASSWORD_INCORRECT', details: { attemptsLeft: left } },
      });
    }
    const closed = await platform.completeHosted(url, { password: WRONG_PASSWORD });
    expect(await claims(closed)).toMatchObject({
      kind: 'closed',
      code: '111',
      error: 'PASSWORD_LOCKED',
      signNo,
    });
  });

  it('completeHosted throws a wrong password with the attempts left and leaves the page at its step', async () => {
    const { platform, launch, claims, holder } = setup();
    const { signNo } = await holder();
    const { url } = await launch({ action: 'change-password', signNo });
    const wrong = platform.completeHosted(url, {
      password: WRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    await expect(wrong).rejects.toMatchObject({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 4 },
    });
    const receipt = await platform.completeHosted(url, {
      password: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(await claims(receipt)).toMatchObject({ kind: 'password-changed', code: '002' });
  });

  it('expires after 10 minutes on the platform clock', async () => {
    const { platform, launch, advance, holder } = setup();
    const { signNo } = await holder();
    const { url } = await launch({ action: 'verify-face', signNo });
    advance(10 * 60 * 1000);
    expect(await refusal(platform.completeHosted(url))).toBe('LAUNCH_EXPIRED');
  });

  it('an unknown launch id answers exactly what an expired one does (nothing more is told)', async () => {
    const { engine, launch, launchIdOf, advance, holder } = setup();
    const { signNo } = await holder();
    const { url } = await launch({ action: 'verify-password', signNo });
    advance(10 * 60 * 1000);
    const answer = async (id: string) => {
      try {
        await engine.hostedView(id);
      } catch (error) {
        if (isEsscError(error)) return { code: error.code, message: error.message };
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const expired = await answer(launchIdOf(url));
    expect(expired.code).toBe('LAUNCH_EXPIRED');
    expect(await answer('AAAAAAAAAAAAAAAAAAAAAAAA')).toEqual(expired);
  });

  it('refuses a launch without its person or signNo, a signNo not bound, a bad returnUrl', async () => {
    const { launch, holder } = setup();
    const { signNo } = await holder();
    expect(await refusal(launch({ action: 'apply' }))).toBe('VALIDATION_FAILED');
    expect(await refusal(launch({ action: 'unbind' }))).toBe('VALIDATION_FAILED');
    expect(await refusal(launch({ action: 'unbind', signNo: 'ABCDEFGH2345' }))).toBe('NOT_BOUND');
    for (const returnUrl of [
      'http://channel.example.cn/back',
      'javascript:alert(1)',
      'https://user@channel.example.cn/back',
    ]) {
      expect(await refusal(launch({ action: 'unbind', signNo, returnUrl }))).toBe(
        'VALIDATION_FAILED',
      );
    }
    // A mock is in test mode: a loopback http: return is fine.
    await launch({ action: 'unbind', signNo, returnUrl: 'http://127.0.0.1:3000/back' });
  });

  it('a launch held in flight does not hold up another person’s launch (no per-person lock)', async () => {
    const { launch, person } = setup();
    const [a, b] = [person('王一'), person('王二')];
    // The first launch's handler stops at a gate until the second has answered.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const real = Hosted.prototype.launch;
    const spy = vi.spyOn(Hosted.prototype, 'launch').mockImplementationOnce(async function (
      this: Hosted,
      call,
    ) {
      reached();
      await gate;
      return real.call(this, call);
    });
    try {
      const first = launch({ action: 'apply', person: { name: '王一', idNumber: a.idNumber } });
      await atGate;
      // Held behind the first (both apply launches have no signNo), this would never answer.
      const second = await launch({
        action: 'apply',
        person: { name: '王二', idNumber: b.idNumber },
      });
      expect(second.busiSeq).toMatch(/^HS/);
      release();
      expect((await first).busiSeq).not.toBe(second.busiSeq);
    } finally {
      release();
      spy.mockRestore();
    }
  });

  it('a retried launch answers the same page (R20)', async () => {
    const { launch, holder } = setup();
    const { signNo } = await holder();
    const first = await launch({ action: 'card', signNo }, 'same-key');
    expect(await launch({ action: 'card', signNo }, 'same-key')).toEqual(first);
  });

  it('every end is also notified to the channel as hosted.completed, with the receipt', async () => {
    const { platform, adapter, launch, holder } = setup();
    const { signNo } = await holder();
    const received: PlatformNotification[] = [];
    adapter.subscribe?.((n) => received.push(n));
    const { url, busiSeq } = await launch({ action: 'card', signNo });
    const receipt = await platform.completeHosted(url);
    await Promise.resolve();
    expect(received).toContainEqual(
      expect.objectContaining({ type: 'hosted.completed', receipt, busiSeq, signNo }),
    );
  });
});
