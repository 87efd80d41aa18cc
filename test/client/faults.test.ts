import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { type EsscError, isEsscError } from '../../src/domain/errors.js';
import { mockPlatform } from './helpers.js';

async function errorOf(call: Promise<unknown>): Promise<EsscError> {
  const error = await call.then(
    () => expect.unreachable('the call was accepted'),
    (e: unknown) => e,
  );
  expect(isEsscError(error), String(error)).toBe(true);
  return error as EsscError;
}

const summary = (e: EsscError) => ({ code: e.code, retryable: e.retryable });

describe('when the platform fails (mock fault injection)', () => {
  it('a response lost after the platform applied the call is TIMEOUT; retrying with the same idempotency key returns the card (R20)', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const application = zhang.application();
    const options = { idempotencyKey: 'idk_apply-zhang-1' };

    platform.failNext('apply', { afterCommit: true });
    expect(summary(await errorOf(client.apply(application, options)))).toEqual({
      code: 'TIMEOUT',
      retryable: true,
    });

    const card = await client.apply(application, options);
    expect(card).toMatchObject({ channelId: 'wechat', status: 'active', level: 1 });
    // It was applied once: a new request for the same person finds that binding.
    const again = await errorOf(client.apply(zhang.application()));
    expect({ code: again.code, details: again.details }).toEqual({
      code: 'ALREADY_BOUND',
      details: { signNo: card.signNo },
    });
  });

  it('a change applied before its response was lost is not applied twice by the retry (R20)', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply(person().application());
    const change = { signNo, oldPassword: '258046', newPassword: '739164' };
    const options = { idempotencyKey: 'idk_change-1' };

    platform.failNext('changePassword', { afterCommit: true });
    expect((await errorOf(client.changePassword(change, options))).code).toBe('TIMEOUT');
    await client.changePassword(change, options);
    await client.changePassword({ signNo, oldPassword: '739164', newPassword: '480275' });
  });

  it('a failure before the platform is PLATFORM_UNAVAILABLE and retryable; nothing was applied, so a retry applies', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });

    platform.failNext('apply');
    expect(summary(await errorOf(client.apply(zhang.application())))).toEqual({
      code: 'PLATFORM_UNAVAILABLE',
      retryable: true,
    });
    expect((await client.apply(zhang.application())).status).toBe('active');
  });

  it('a platform that is down answers every call PLATFORM_UNAVAILABLE until it is back', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const responses: unknown[] = [];
    client.on('response', ({ operation, ok, errorCode }) =>
      responses.push({ operation, ok, errorCode }),
    );

    platform.setFaults({ failureRate: 1 });
    expect(summary(await errorOf(client.apply(zhang.application())))).toEqual({
      code: 'PLATFORM_UNAVAILABLE',
      retryable: true,
    });
    expect(responses).toEqual([
      { operation: 'apply', ok: false, errorCode: 'PLATFORM_UNAVAILABLE' },
    ]);

    platform.clearFaults();
    expect((await client.apply(zhang.application())).status).toBe('active');
  });

  it('an aborted call rejects with NETWORK, is not retryable, and changes nothing', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });
    platform.setFaults({ latencyMs: 5_000 });
    const controller = new AbortController();
    const pending = client.apply(zhang.application(), { signal: controller.signal });
    controller.abort();
    expect(summary(await errorOf(pending))).toEqual({ code: 'NETWORK', retryable: false });

    platform.clearFaults();
    // Nothing was applied: the person can still apply in this channel.
    const card = await client.apply(zhang.application());
    expect(card.status).toBe('active');
  });
});
