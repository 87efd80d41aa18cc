import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoginPortal, createMemoryNonceStore } from '../../src/acceptor/index.js';
import { type ErrorCode, EsscError, isEsscError } from '../../src/domain/errors.js';
import type { PortalAdapter } from '../../src/platform/port.js';
import { type Demo, demoWithCard, PASSWORD, SUITES, ZHANG } from './fixtures.js';

async function rejectionCode(promise: Promise<unknown>): Promise<ErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw new Error(`rejected with a non-EsscError: ${String(error)}`);
  }
  throw new Error('resolved, expected a rejection');
}

/** The user's side: scan the portal's code in wechat, then confirm with the password. */
async function scanAndConfirm(demo: Demo, qrText: string, how: 'password' | 'face' = 'password') {
  const request = await demo.client.scanLogin({ signNo: demo.signNo, qrText });
  await demo.client.confirmLogin({
    signNo: demo.signNo,
    requestId: request.requestId,
    verification:
      how === 'password'
        ? { password: PASSWORD }
        : { realPerson: demo.platform.realPersonProof(ZHANG.idNumber) },
  });
  return request;
}

/** An adapter that counts `jwks()` calls and can hand out another session's answer. */
function spyAdapter(
  inner: PortalAdapter,
  overrides: Partial<Pick<PortalAdapter, 'portalId' | 'getLoginSession'>> = {},
) {
  const calls = { jwks: 0 };
  const adapter: PortalAdapter = {
    portalId: overrides.portalId ?? inner.portalId,
    createLoginSession: (input, ctx) => inner.createLoginSession(input, ctx),
    getLoginSession:
      overrides.getLoginSession ?? ((input, ctx) => inner.getLoginSession(input, ctx)),
    jwks: (ctx) => {
      calls.jwks += 1;
      return inner.jwks(ctx);
    },
  };
  return { adapter, calls };
}

for (const suite of SUITES) {
  describe(`scan-to-login on a government portal (R17) (${suite} suite)`, () => {
    let demo: Demo;
    beforeEach(async () => {
      demo = await demoWithCard({ suite });
    });

    it('gives the verified identity once the user confirms: full name and ID number, no sign number', async () => {
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('gov-portal'),
        now: demo.clock.now,
      });
      const session = await portal.createSession();
      expect(session.qrText).toMatch(/^ESSCLOGIN:/);
      expect(await portal.getSession(session.sessionId)).toEqual({ state: 'pending' });

      const request = await demo.client.scanLogin({ signNo: demo.signNo, qrText: session.qrText });
      expect(request.portal).toEqual({ id: 'gov-portal', name: '国家政务服务平台' });
      expect(await portal.getSession(session.sessionId)).toEqual({ state: 'scanned' });

      await demo.client.confirmLogin({
        signNo: demo.signNo,
        requestId: request.requestId,
        verification: { password: PASSWORD },
      });
      const outcome = await portal.getSession(session.sessionId);
      expect(outcome).toEqual({
        state: 'confirmed',
        identity: {
          name: ZHANG.name,
          idNumber: ZHANG.idNumber,
          regionCode: ZHANG.regionCode,
          level: 1,
          subject: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          method: 'password',
          channelId: 'wechat',
        },
      });
    });

    it('gives the sign number only to a portal registered with it that asks for it (R30)', async () => {
      demo.platform.registerPortal({
        id: 'GD-GOV',
        name: '广东政务服务网',
        scopes: ['regionCode', 'signNo'],
      });
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('GD-GOV'),
        now: demo.clock.now,
      });
      const asked = await portal.createSession({ scopes: ['signNo'] });
      expect((await scanAndConfirm(demo, asked.qrText)).scopes).toEqual(['signNo']);
      const { identity } = await portal.getSession(asked.sessionId);
      expect(identity).toEqual({
        signNo: demo.signNo,
        subject: expect.any(String),
        method: 'password',
        channelId: 'wechat',
      });

      const all = await portal.createSession();
      expect((await scanAndConfirm(demo, all.qrText)).scopes).toEqual(['regionCode']);
      expect((await portal.getSession(all.sessionId)).identity).toEqual({
        regionCode: ZHANG.regionCode,
        subject: identity!.subject,
        method: 'password',
        channelId: 'wechat',
      });

      // Registered without it (the demo's gov-portal): asking for it is VALIDATION_FAILED.
      const other = createLoginPortal({ adapter: demo.platform.portalAdapter('gov-portal') });
      expect(await rejectionCode(other.createSession({ scopes: ['signNo'] }))).toBe(
        'VALIDATION_FAILED',
      );
    });

    it('returns the same identity when asked again, instead of calling it a replay', async () => {
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('gov-portal'),
        now: demo.clock.now,
      });
      const session = await portal.createSession();
      await scanAndConfirm(demo, session.qrText);
      const [a, b] = await Promise.all([
        portal.getSession(session.sessionId),
        portal.getSession(session.sessionId),
      ]);
      const c = await portal.getSession(session.sessionId);
      expect(a.identity?.idNumber).toBe(ZHANG.idNumber);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
    });

    it('redeems an assertion once across portal instances that share a nonce store', async () => {
      const nonceStore = createMemoryNonceStore({ now: demo.clock.now });
      const adapter = demo.platform.portalAdapter('gov-portal');
      const first = createLoginPortal({ adapter, now: demo.clock.now, nonceStore });
      const second = createLoginPortal({ adapter, now: demo.clock.now, nonceStore });
      const session = await first.createSession();
      await scanAndConfirm(demo, session.qrText);
      await expect(first.getSession(session.sessionId)).resolves.toMatchObject({
        state: 'confirmed',
      });
      expect(await rejectionCode(second.getSession(session.sessionId))).toBe('QR_REPLAYED');
    });

    it('tells a real-person confirmation apart from a password one', async () => {
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('gov-portal'),
        now: demo.clock.now,
      });
      const session = await portal.createSession();
      await scanAndConfirm(demo, session.qrText, 'face');
      const { identity } = await portal.getSession(session.sessionId);
      expect(identity?.method).toBe('real-person');
    });

    it('reports a rejection, and expiry after 120 s on the clock', async () => {
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('gov-portal'),
        now: demo.clock.now,
      });
      const rejected = await portal.createSession();
      const request = await demo.client.scanLogin({ signNo: demo.signNo, qrText: rejected.qrText });
      await demo.client.rejectLogin({ signNo: demo.signNo, requestId: request.requestId });
      expect(await portal.getSession(rejected.sessionId)).toEqual({ state: 'rejected' });

      const expiring = await portal.createSession();
      demo.clock.advance(120_000);
      expect(await portal.getSession(expiring.sessionId)).toEqual({ state: 'expired' });
    });

    it('refuses an assertion addressed to another portal', async () => {
      demo.platform.registerPortal({ id: 'other-portal', name: '另一个门户' });
      const inner = demo.platform.portalAdapter('gov-portal');
      // A misrouted answer: this portal is `other-portal`, the assertion is for `gov-portal`.
      const { adapter } = spyAdapter(inner, { portalId: 'other-portal' });
      const portal = createLoginPortal({ adapter, now: demo.clock.now });
      const session = await portal.createSession();
      await scanAndConfirm(demo, session.qrText);
      expect(await rejectionCode(portal.getSession(session.sessionId))).toBe(
        'QR_INVALID_SIGNATURE',
      );
    });

    it('refuses an assertion of another session, or an altered one', async () => {
      const inner = demo.platform.portalAdapter('gov-portal');
      const confirmed = await inner.createLoginSession();
      await scanAndConfirm(demo, confirmed.qrText);
      const { assertion } = await inner.getLoginSession({ sessionId: confirmed.sessionId });

      const { adapter: swapped } = spyAdapter(inner, {
        getLoginSession: async () => ({ state: 'confirmed', assertion }),
      });
      const portal = createLoginPortal({ adapter: swapped, now: demo.clock.now });
      expect(await rejectionCode(portal.getSession('ls_some_other_session'))).toBe(
        'QR_INVALID_SIGNATURE',
      );

      const last = assertion!.at(-2) === 'A' ? 'B' : 'A';
      const altered = `${assertion!.slice(0, -2)}${last}${assertion!.at(-1)}`;
      const { adapter: tampered } = spyAdapter(inner, {
        getLoginSession: async () => ({ state: 'confirmed', assertion: altered }),
      });
      const portal2 = createLoginPortal({ adapter: tampered, now: demo.clock.now });
      expect(await rejectionCode(portal2.getSession(confirmed.sessionId))).toBe(
        'QR_INVALID_SIGNATURE',
      );

      const { adapter: missing } = spyAdapter(inner, {
        getLoginSession: async () => ({ state: 'confirmed' }),
      });
      const portal3 = createLoginPortal({ adapter: missing, now: demo.clock.now });
      expect(await rejectionCode(portal3.getSession(confirmed.sessionId))).toBe(
        'QR_INVALID_SIGNATURE',
      );
    });

    it('refuses an assertion redeemed after its expiry (LOGIN_EXPIRED)', async () => {
      const portal = createLoginPortal({
        adapter: demo.platform.portalAdapter('gov-portal'),
        now: demo.clock.now,
      });
      const session = await portal.createSession();
      await scanAndConfirm(demo, session.qrText);
      demo.clock.advance(120_000 + 30_000 + 1_000);
      expect(await rejectionCode(portal.getSession(session.sessionId))).toBe('LOGIN_EXPIRED');
    });

    it('loads the platform keys once, and again only when an assertion names a new key', async () => {
      const { adapter, calls } = spyAdapter(demo.platform.portalAdapter('gov-portal'));
      const portal = createLoginPortal({ adapter, now: demo.clock.now });
      const one = await portal.createSession();
      await scanAndConfirm(demo, one.qrText);
      await portal.getSession(one.sessionId);
      const two = await portal.createSession();
      await scanAndConfirm(demo, two.qrText);
      await portal.getSession(two.sessionId);
      expect(calls.jwks).toBe(1);

      await demo.platform.rotateSigningKey();
      const three = await portal.createSession();
      await scanAndConfirm(demo, three.qrText);
      await expect(portal.getSession(three.sessionId)).resolves.toMatchObject({
        state: 'confirmed',
      });
      expect(calls.jwks).toBe(2);
    });

    it('refuses a clock tolerance above 30 s', () => {
      expect(() =>
        createLoginPortal({
          adapter: demo.platform.portalAdapter('gov-portal'),
          clockToleranceSeconds: 60,
        }),
      ).toThrow(/clockToleranceSeconds/);
    });
  });
}

describe('waitForOutcome', () => {
  let demo: Demo;
  beforeEach(async () => {
    demo = await demoWithCard();
    // Only the poll timers are faked: crypto and the platform keep their real async work.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls until the user confirms, then resolves with the identity', async () => {
    const portal = createLoginPortal({
      adapter: demo.platform.portalAdapter('gov-portal'),
      now: demo.clock.now,
    });
    const session = await portal.createSession();
    let settled = false;
    const outcome = portal.waitForOutcome(session.sessionId, { intervalMs: 1000 });
    outcome.finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(settled).toBe(false);
    await scanAndConfirm(demo, session.qrText);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(outcome).resolves.toMatchObject({
      state: 'confirmed',
      identity: { name: ZHANG.name, idNumber: ZHANG.idNumber },
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves with `rejected` and with `expired` too: both are final', async () => {
    const portal = createLoginPortal({
      adapter: demo.platform.portalAdapter('gov-portal'),
      now: demo.clock.now,
    });
    const session = await portal.createSession();
    const outcome = portal.waitForOutcome(session.sessionId);
    const request = await demo.client.scanLogin({ signNo: demo.signNo, qrText: session.qrText });
    await demo.client.rejectLogin({ signNo: demo.signNo, requestId: request.requestId });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(outcome).resolves.toEqual({ state: 'rejected' });

    const late = await portal.createSession();
    const lateOutcome = portal.waitForOutcome(late.sessionId);
    demo.clock.advance(120_000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(lateOutcome).resolves.toEqual({ state: 'expired' });
  });

  it('stops on abort: rejects with the signal’s reason and leaves no timer', async () => {
    const portal = createLoginPortal({
      adapter: demo.platform.portalAdapter('gov-portal'),
      now: demo.clock.now,
    });
    const session = await portal.createSession();
    const controller = new AbortController();
    const outcome = portal.waitForOutcome(session.sessionId, { signal: controller.signal });
    const caught = outcome.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2500);
    const reason = new Error('user left the page');
    controller.abort(reason);
    expect(await caught).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);

    const aborted = AbortSignal.abort();
    const early = await portal
      .waitForOutcome(session.sessionId, { signal: aborted })
      .catch((error: unknown) => error);
    expect((early as Error).name).toBe('AbortError');
  });

  it('polls through transient failures and rejects on a lasting one', async () => {
    const inner = demo.platform.portalAdapter('gov-portal');
    const session = await inner.createLoginSession();
    let failures = 2;
    const { adapter } = spyAdapter(inner, {
      getLoginSession: async (input, ctx) => {
        if (failures > 0) {
          failures -= 1;
          throw new EsscError('NETWORK');
        }
        return inner.getLoginSession(input, ctx);
      },
    });
    const portal = createLoginPortal({ adapter, now: demo.clock.now });
    const outcome = portal.waitForOutcome(session.sessionId);
    await scanAndConfirm(demo, session.qrText);
    await vi.advanceTimersByTimeAsync(3000);
    await expect(outcome).resolves.toMatchObject({ state: 'confirmed' });

    expect(await rejectionCode(portal.waitForOutcome('ls_unknown'))).toBe('LOGIN_NOT_FOUND');
  });
});
