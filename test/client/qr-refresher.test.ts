import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { EsscError, isEsscError } from '../../src/domain/errors.js';
import type { DynamicQr, UserVerification } from '../../src/domain/types.js';
import {
  createClient,
  createQrRefresher,
  type QrIssuer,
  type QrRefreshErrorEvent,
} from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { PASSWORD, ZHANG } from '../acceptor/fixtures.js';

const LIFETIME_MS = 60_000;

/**
 * A stand-in for the client: answers `issueQr` from a script of outcomes (a code, or an error
 * to throw), recording each call. Codes live 60 s from the (faked) current time.
 */
function scriptedIssuer(script: (EsscError | Error | 'code')[] = []) {
  const calls: { purpose?: string; verification?: UserVerification }[] = [];
  let serial = 0;
  const issuer: QrIssuer = {
    async issueQr(input) {
      calls.push({
        ...(input.purpose ? { purpose: input.purpose } : {}),
        ...(input.verification ? { verification: input.verification } : {}),
      });
      const next = script.shift() ?? 'code';
      if (next !== 'code') throw next;
      serial += 1;
      const issuedAt = Date.now();
      return {
        text: `EC1:CODE${serial}`,
        purpose: input.purpose ?? 'identity',
        issuedAt: new Date(issuedAt).toISOString(),
        expiresAt: new Date(issuedAt + LIFETIME_MS).toISOString(),
      } satisfies DynamicQr;
    },
  };
  return { issuer, calls };
}

describe('createQrRefresher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 5, 1, 8) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a code and issues the next one 10 s before it expires', async () => {
    const { issuer, calls } = scriptedIssuer();
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    const shown: string[] = [];
    refresher.on('qr:refreshed', ({ qr }) => shown.push(qr.text));

    const first = await refresher.start();
    expect(first.text).toBe('EC1:CODE1');
    expect(refresher.current()).toEqual(first);
    expect(calls).toEqual([{ purpose: 'identity' }]);

    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000 - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(refresher.current()?.text).toBe('EC1:CODE2');
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    expect(shown).toEqual(['EC1:CODE1', 'EC1:CODE2', 'EC1:CODE3']);
    refresher.stop();
  });

  it('stops cleanly: no timer left, no code shown, nothing issued later', async () => {
    const { issuer, calls } = scriptedIssuer();
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    await refresher.start();
    expect(vi.getTimerCount()).toBe(1);
    refresher.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(refresher.current()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(calls).toHaveLength(1);
  });

  it('drops a code that arrives after stop()', async () => {
    let release: (qr: DynamicQr) => void = () => undefined;
    const issuer: QrIssuer = {
      issueQr: () =>
        new Promise<DynamicQr>((resolve) => {
          release = resolve;
        }),
    };
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    const refreshed = vi.fn();
    refresher.on('qr:refreshed', refreshed);
    const started = refresher.start();
    refresher.stop();
    const now = new Date().toISOString();
    release({ text: 'EC1:LATE', purpose: 'identity', issuedAt: now, expiresAt: now });
    await started;
    expect(refreshed).not.toHaveBeenCalled();
    expect(refresher.current()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries transient failures with growing delays, reporting each', async () => {
    const { issuer, calls } = scriptedIssuer([
      'code',
      new EsscError('NETWORK'),
      new EsscError('TIMEOUT'),
      new EsscError('PLATFORM_UNAVAILABLE'),
    ]);
    const errors: QrRefreshErrorEvent[] = [];
    const refresher = createQrRefresher(issuer, { signNo: 'S1', onError: (e) => errors.push(e) });
    await refresher.start();
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ retrying: true });
    // Delays: ≤ 1 s, ≤ 2 s, ≤ 4 s (jittered down to half).
    expect(errors[0]!.retryInMs).toBeGreaterThanOrEqual(500);
    expect(errors[0]!.retryInMs).toBeLessThanOrEqual(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    expect(errors[1]!.retryInMs).toBeLessThanOrEqual(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(errors).toHaveLength(3);
    expect(errors[2]!.retryInMs).toBeGreaterThanOrEqual(2000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls).toHaveLength(5);
    expect(refresher.current()?.text).toBe('EC1:CODE2');
    refresher.stop();
  });

  it('stops on a failure that retrying cannot fix (CARD_INACTIVE) and reports it', async () => {
    const { issuer, calls } = scriptedIssuer([
      'code',
      new EsscError('CARD_INACTIVE', undefined, { details: { status: 'lost' } }),
    ]);
    const errors: QrRefreshErrorEvent[] = [];
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    refresher.on('qr:error', (e) => errors.push(e));
    await refresher.start();
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.retrying).toBe(false);
    expect(isEsscError(errors[0]!.error, 'CARD_INACTIVE')).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(refresher.current()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(calls).toHaveLength(2);
  });

  it('rejects start() when the first code cannot be issued, and stays stopped', async () => {
    const { issuer } = scriptedIssuer([new EsscError('NETWORK')]);
    const onError = vi.fn();
    const refresher = createQrRefresher(issuer, { signNo: 'S1', onError });
    const error = await refresher.start().catch((e: unknown) => e);
    expect(isEsscError(error, 'NETWORK')).toBe(true);
    expect(onError).not.toHaveBeenCalled(); // the caller has it already
    expect(vi.getTimerCount()).toBe(0);
    await expect(refresher.start()).resolves.toMatchObject({ text: 'EC1:CODE1' });
    refresher.stop();
  });

  it('on resume, replaces a code that went stale while timers were frozen in the background', async () => {
    const { issuer, calls } = scriptedIssuer();
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    await refresher.start();
    // The app was in the background: the clock moved, the timer did not fire.
    vi.setSystemTime(Date.now() + LIFETIME_MS + 5_000);
    expect(refresher.current()).toBeUndefined();
    const refreshed = new Promise((resolve) => refresher.once('qr:refreshed', resolve));
    refresher.resume();
    await refreshed;
    expect(calls).toHaveLength(2);
    expect(refresher.current()?.text).toBe('EC1:CODE2');
    expect(vi.getTimerCount()).toBe(1);
    refresher.stop();
  });

  it('on resume with a fresh code, only reschedules; after stop(), starts again', async () => {
    const { issuer, calls } = scriptedIssuer();
    const refresher = createQrRefresher(issuer, { signNo: 'S1' });
    await refresher.start();
    vi.setSystemTime(Date.now() + 20_000);
    refresher.resume();
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000 - 20_000);
    expect(calls).toHaveLength(2);

    refresher.stop();
    const refreshed = new Promise((resolve) => refresher.once('qr:refreshed', resolve));
    refresher.resume();
    await refreshed;
    expect(calls).toHaveLength(3);
    refresher.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('asks for a fresh verification for every payment code', async () => {
    const { issuer, calls } = scriptedIssuer();
    const verification = vi.fn(async () => ({ password: PASSWORD }));
    const refresher = createQrRefresher(issuer, {
      signNo: 'S1',
      purpose: 'payment',
      verification,
    });
    await refresher.start();
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    expect(verification).toHaveBeenCalledTimes(2);
    expect(calls.map((c) => c.purpose)).toEqual(['payment', 'payment']);
    expect(calls.every((c) => c.verification !== undefined)).toBe(true);
    refresher.stop();

    expect(() => createQrRefresher(issuer, { signNo: 'S1', purpose: 'payment' })).toThrow(
      /verification/,
    );
  });

  it('stops when the user cancels the verification of a payment code', async () => {
    const { issuer } = scriptedIssuer();
    let cancelled = false;
    const refresher = createQrRefresher(issuer, {
      signNo: 'S1',
      purpose: 'payment',
      verification: async () => {
        if (cancelled) throw new Error('user cancelled');
        return { password: PASSWORD };
      },
    });
    const onError = vi.fn();
    refresher.on('qr:error', onError);
    await refresher.start();
    cancelled = true;
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ retrying: false }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refreshes real codes that an acceptor verifies', async () => {
    // The platform runs on the faked Date, like the refresher.
    const platform = MockPlatform.demo({ passwordHashIterations: 1000 });
    const client = createClient({ adapter: platform.adapter('wechat') });
    const card = await client.apply({
      channelUserId: 'u',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const acceptor = createQrVerifier({ jwks: await platform.jwks() });
    const refresher = createQrRefresher(client, { signNo: card.signNo });
    const first = await refresher.start();
    await expect(acceptor.verify(first.text)).resolves.toMatchObject({ holderName: '张*' });

    const refreshed = new Promise<DynamicQr>((resolve) =>
      refresher.once('qr:refreshed', ({ qr }) => resolve(qr)),
    );
    await vi.advanceTimersByTimeAsync(LIFETIME_MS - 10_000);
    const second = await refreshed;
    expect(second.text).not.toBe(first.text);
    await expect(acceptor.verify(second.text)).resolves.toMatchObject({ holderName: '张*' });
    refresher.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
