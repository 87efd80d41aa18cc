/**
 * Hosted pages under concurrent requests of one launch (R35, R36): a page ends once, with one
 * receipt and one hosted.completed notification, whatever its GETs and POSTs interleave. The
 * interleavings are forced with a gate on the card page's getCard, never with timers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostedSteps } from '../../src/engine/hosted-steps.js';
import type { PlatformNotification } from '../../src/index.js';
import { createClient } from '../../src/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { PASSWORD } from '../../src/testing/people.js';
import { mockPlatform } from '../client/helpers.js';

const USER = 'wx-user-1';

/** Holds the next runGetCard (the card page's refresh) at a gate until released. */
function gateGetCard() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const real = HostedSteps.prototype.runGetCard;
  vi.spyOn(HostedSteps.prototype, 'runGetCard').mockImplementationOnce(async function (
    this: HostedSteps,
    launch,
  ) {
    reached();
    await gate;
    return real.call(this, launch);
  });
  return { atGate, release };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hosted pages under concurrent requests (R35, R36)', () => {
  it('a card page refreshed (GET) while it is closed (POST) and its card unbound ends once: one receipt, one notification', async () => {
    const { platform, person } = mockPlatform();
    const adapter = platform.adapter('wechat');
    const engine = engineOf(platform);
    const client = createClient({ adapter });
    const { signNo } = await client.apply({
      ...person('张三').application(),
      channelUserId: USER,
    });
    const received: PlatformNotification[] = [];
    adapter.subscribe?.((n) => received.push(n));
    const { url, busiSeq } = await adapter.launchHosted(
      { action: 'card', channelUserId: USER, signNo, returnUrl: 'https://channel.example.cn/back' },
      { idempotencyKey: 'launch-1' },
    );
    const id = new URL(url).searchParams.get('launch')!;
    const { token } = await engine.hostedView(id);
    const ends = vi.spyOn(HostedSteps.prototype, 'end');

    // The GET stops at the gate, before its getCard; meanwhile the card is unbound through the
    // API (so that getCard will be NOT_BOUND) and the citizen closes the page (POST).
    const { atGate, release } = gateGetCard();
    const viewing = engine.hostedView(id);
    await atGate;
    await client.unbind({ signNo, verification: { password: PASSWORD } });
    const closing = engine.hostedStep(id, { token, cancel: true });
    release();
    const [viewed, closed] = await Promise.allSettled([viewing, closing]);

    expect(ends).toHaveBeenCalledTimes(1);
    const completed = received.filter((n) => n.type === 'hosted.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ busiSeq });
    const receipts = [viewed, closed].flatMap((r) =>
      r.status === 'fulfilled' && r.value.done ? [r.value.done.receipt] : [],
    );
    // Whatever each request answers, it is the one receipt the channel was sent.
    expect(new Set([...receipts, completed[0]!.receipt]).size).toBe(1);
  });
});
