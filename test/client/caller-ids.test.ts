/**
 * Channel and portal ids in either case (issue 8): `GD-GOV`, `4400000001` and `wechat-mp` are
 * ids as platforms hand them out, compared exactly, and the longest one still fits the dynamic
 * QR code in version 7-M.
 */
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { createLoginPortal, createQrVerifier } from '../../src/acceptor/index.js';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import { QR_MAX_TEXT_LENGTH } from '../../src/qr/codec.js';
import { mockPlatform } from './helpers.js';

describe('caller ids in either case', () => {
  it('accepts GD-GOV as a portal id: a user logs in to it by scanning its code', async () => {
    const { platform, person } = mockPlatform();
    platform.registerPortal({ id: 'GD-GOV', name: '广东政务服务网' });
    const portal = createLoginPortal({ adapter: platform.portalAdapter('GD-GOV') });
    const client = createClient({ adapter: platform.adapter('wechat') });
    const zhang = person();
    const card = await client.apply(zhang.application());

    const session = await portal.createSession();
    const request = await client.scanLogin({ signNo: card.signNo, qrText: session.qrText });
    expect(request.portal).toEqual({ id: 'GD-GOV', name: '广东政务服务网' });
  });

  it('an upper-case 16-character channel id goes through apply, issueQr and verify, within QR 7-M', async () => {
    const { platform, person } = mockPlatform();
    const channelId = 'GD-HRSS.APP_2026';
    expect(channelId).toHaveLength(16);
    platform.registerChannel({ id: channelId, name: '广东人社' });
    const client = createClient({ adapter: platform.adapter(channelId) });
    // A CJK name: its initial takes 3 bytes, the most a code carries, so this is the largest code.
    const card = await client.apply(person('张三').application());
    expect(card.channelId).toBe(channelId);

    const qr = await client.issueQr({ signNo: card.signNo });
    expect(qr.text.length).toBeLessThanOrEqual(QR_MAX_TEXT_LENGTH);
    expect(qr.text.length).toBe(178);
    expect(encode(qr.text, { ecc: 'M' }).version).toBeLessThanOrEqual(7);

    const acceptor = createQrVerifier({
      jwks: await platform.jwks(),
      now: () => Date.UTC(2026, 0, 1),
    });
    await expect(acceptor.verify(qr.text)).resolves.toMatchObject({
      channelId,
      holderName: '张*',
    });
  });

  it('compares ids exactly: GD-GOV and gd-gov are two channels', async () => {
    const { platform, person } = mockPlatform();
    platform.registerChannel({ id: 'GD-GOV', name: '大写' });
    const upper = createClient({ adapter: platform.adapter('GD-GOV') });
    const lower = createClient({ adapter: platform.adapter('gd-gov') });
    const zhang = person();
    await upper.apply(zhang.application());
    const refused = await lower.apply(zhang.application()).catch((e: unknown) => e);
    expect(isEsscError(refused, 'CHANNEL_UNAUTHORIZED')).toBe(true);
  });
});
