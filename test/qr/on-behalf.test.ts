import { encode } from 'uqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, type SigningKeyPair } from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { FAMILY_RELATIONS } from '../../src/domain/family.js';
import { base45Decode, base45Encode } from '../../src/qr/base45.js';
import {
  parseQrText,
  QR_CARD_REF_BYTES,
  QR_MAX_TTL_SECONDS,
  QR_NONCE_BYTES,
  QR_TEXT_PREFIX,
  type QrPayload,
  shortKeyId,
  signQr,
} from '../../src/qr/codec.js';

describe('QR codec: the on-behalf mark of a family member’s code (R32)', () => {
  for (const suite of ['jose', 'sm'] as const) {
    let key: SigningKeyPair;
    let maximal: QrPayload;
    beforeAll(async () => {
      key = await generateSigningKeyPair(`platform-${suite}`, suite);
      maximal = {
        version: 1,
        keyId: await shortKeyId(key.publicJwk),
        purpose: 'identity',
        issuedAt: 0xffffffff - QR_MAX_TTL_SECONDS,
        expiresAt: 0xffffffff,
        channelId: 'bank-app-icbc-01',
        cardRef: new Uint8Array(QR_CARD_REF_BYTES).fill(0xff),
        regionCode: '999999',
        holderSurname: '\uffef',
        nonce: new Uint8Array(QR_NONCE_BYTES).fill(0xff),
      };
    });

    it(`round-trips every relation, and the largest on-behalf code still fits version 7-M (${suite})`, async () => {
      for (const relation of FAMILY_RELATIONS) {
        const payload = { ...maximal, onBehalf: relation };
        const text = await signQr(payload, key);
        expect(parseQrText(text).payload).toEqual(payload);
        // Measured: the mark shares the header byte, so the largest code is as long as before.
        expect(text.length).toBe(178);
        expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(7);
      }
      const own = parseQrText(await signQr(maximal, key)).payload;
      expect(own.onBehalf).toBeUndefined();
    });

    it(`refuses an on-behalf payment code and an unknown relation when encoding (${suite})`, async () => {
      for (const payload of [
        { ...maximal, purpose: 'payment' as const, onBehalf: 'parent' as const },
        { ...maximal, onBehalf: 'cousin' as never },
      ]) {
        const error = await signQr(payload, key).catch((e: unknown) => e);
        expect(isEsscError(error, 'VALIDATION_FAILED')).toBe(true);
      }
    });
  }

  it('reads a header kind beyond the four relations as QR_MALFORMED', async () => {
    const key = await generateSigningKeyPair('platform-x');
    const text = await signQr(
      {
        version: 1,
        keyId: await shortKeyId(key.publicJwk),
        purpose: 'identity',
        issuedAt: 1_760_000_000,
        expiresAt: 1_760_000_060,
        channelId: 'wechat',
        cardRef: new Uint8Array(QR_CARD_REF_BYTES),
        regionCode: '440100',
        holderSurname: '王',
        nonce: new Uint8Array(QR_NONCE_BYTES),
        onBehalf: 'other',
      },
      key,
    );
    const bytes = base45Decode(text.slice(QR_TEXT_PREFIX.length));
    expect(bytes[0]).toBe(0x15);
    bytes[0] = 0x16;
    const forged = QR_TEXT_PREFIX + base45Encode(bytes);
    expect(() => parseQrText(forged)).toThrow(expect.objectContaining({ code: 'QR_MALFORMED' }));
  });
});
