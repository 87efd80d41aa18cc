import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlatformNotification } from '../../src/index.js';
import { createClient } from '../../src/index.js';
import { recordingFetch, type SandboxWorld, sandboxWorld, ZHANG } from '../sandbox/helpers.js';

let w: SandboxWorld;
beforeEach(async () => {
  w = await sandboxWorld();
});
afterEach(() => w.close());

describe('notifications over the wire (R13)', () => {
  it('an adapter without notifications: true has no subscribe, so a client keeps nothing open', () => {
    expect(w.adapter('wechat').subscribe).toBeUndefined();
    expect(typeof w.adapter('wechat', { notifications: true }).subscribe).toBe('function');
  });

  it('tells every bound channel of a status change, in order, signed like every answer', async () => {
    const wechat = createClient({ adapter: w.adapter('wechat', { notifications: true }) });
    const recorder = recordingFetch();
    const alipayAdapter = w.adapter('alipay', {
      notifications: { waitMs: 5_000 },
      fetch: recorder.fetch,
    });
    const received: PlatformNotification[] = [];
    const unsubscribe = alipayAdapter.subscribe!((n) => received.push(n));
    const alipay = createClient({ adapter: alipayAdapter });
    try {
      const { signNo } = await wechat.apply(w.applyInput(ZHANG));
      await alipay.apply(w.applyInput(ZHANG));
      const { cardNo } = w.platform.currentCard(ZHANG.idNumber);
      w.platform.setCardStatus(cardNo, 'lost');
      w.platform.setCardStatus(cardNo, 'normal');
      await vi.waitFor(() => {
        expect(received.map((n) => [n.type, n.status, n.signNo])).toEqual([
          ['card.status_changed', 'lost', signNo],
          ['card.status_changed', 'active', signNo],
        ]);
      });
      expect(new Set(received.map((n) => n.id)).size).toBe(2);
      expect(recorder.count('/v1/notifications/poll')).toBeGreaterThan(0);
    } finally {
      unsubscribe();
      alipay.close();
      wechat.close();
    }
  });
});
