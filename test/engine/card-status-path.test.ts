/**
 * R3, R13, R14: a card's status changes in one place (src/engine/card-status.ts), so every
 * capability that follows card statuses (`ctx.cardStatusListeners`) hears of each change —
 * a back-office status, a holder's loss report, and a replacement, which cancels the old card.
 * A replacement still tells the bound channels `card.replaced`, not `card.status_changed`.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/client.js';
import type { EngineContext } from '../../src/engine/context.js';
import type { CardRecord } from '../../src/engine/entities.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { levelTwoPayer } from '../payments/payer.js';

describe('the one card-status path', () => {
  it('a replacement cancels the old card through it: listeners hear the old card, channels are told card.replaced', async () => {
    const platform = new MockPlatform();
    const { idNumber, signNo } = await levelTwoPayer(platform);
    const ctx = (engineOf(platform) as unknown as { ctx: EngineContext }).ctx;
    const heard: Pick<CardRecord, 'cardNo' | 'status'>[] = [];
    ctx.cardStatusListeners.push((card) =>
      heard.push({ cardNo: card.cardNo, status: card.status }),
    );
    const wechat = createClient({ adapter: platform.adapter('wechat') });
    await wechat.getCard({ signNo });
    const told: { status: string; replaced: boolean }[] = [];
    wechat.on('card:status', ({ status, replaced }) => told.push({ status, replaced }));
    const { oldCardNo } = await platform.replaceCard(idNumber);
    expect(heard).toEqual([{ cardNo: oldCardNo, status: 'cancelled' }]);
    await expect.poll(() => told).toEqual([{ status: 'cancelled', replaced: true }]);
    wechat.close();
  });
});
