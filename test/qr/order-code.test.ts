import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair, publicJwks } from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { QR_MAX_TEXT_LENGTH } from '../../src/qr/codec.js';
import { ORDER_CODE_PREFIX, readOrderCode, signOrderCode } from '../../src/qr/order-code.js';

const NOW = Date.UTC(2026, 0, 1, 9, 30);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("the merchant's order code (R45)", () => {
  for (const suite of ['jose', 'sm'] as const) {
    it(`fits QR version 7 at level M like the e-card code, in alphanumeric characters (${suite})`, async () => {
      const key = await generateSigningKeyPair('platform-1', suite);
      const { text, fields } = await signOrderCode(key, NOW, 300);
      // Measured: 141 characters whatever the suite (91 bytes, base45), 7-M holds 178.
      expect(text.length).toBe(141);
      expect(text.length).toBeLessThanOrEqual(QR_MAX_TEXT_LENGTH);
      expect(text.startsWith(ORDER_CODE_PREFIX)).toBe(true);
      expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
      expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(7);
      expect(fields.expiresAt - fields.issuedAt).toBe(300);
      expect(await readOrderCode(text, publicJwks([key]))).toEqual(fields);
    });
  }

  it('names a new order each time (128 random bits)', async () => {
    const key = await generateSigningKeyPair('platform-1', 'jose');
    const a = await signOrderCode(key, NOW, 300);
    const b = await signOrderCode(key, NOW, 300);
    expect(a.fields.codeId).not.toBe(b.fields.codeId);
    expect(a.fields.codeId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is refused when altered, or signed by another platform's key (QR_INVALID_SIGNATURE)", async () => {
    const key = await generateSigningKeyPair('platform-1', 'jose');
    const other = await generateSigningKeyPair('platform-x', 'jose');
    const { text } = await signOrderCode(other, NOW, 300);
    const foreign = await refusal(readOrderCode(text, publicJwks([key])));
    expect(isEsscError(foreign, 'QR_INVALID_SIGNATURE')).toBe(true);
    const own = (await signOrderCode(key, NOW, 300)).text;
    // Every character of the signed part, changed: never read as a code.
    for (const at of [5, 12, 20, 40]) {
      const swapped = own[at] === '0' ? '1' : '0';
      const tampered = `${own.slice(0, at)}${swapped}${own.slice(at + 1)}`;
      const error = await refusal(readOrderCode(tampered, publicJwks([key])));
      expect(isEsscError(error, 'QR_INVALID_SIGNATURE') || isEsscError(error, 'QR_MALFORMED')).toBe(
        true,
      );
    }
  });

  it('is QR_MALFORMED for any other text, the e-card code included, and never echoes it', async () => {
    const key = await generateSigningKeyPair('platform-1', 'jose');
    const { text } = await signOrderCode(key, NOW, 300);
    for (const other of [
      '',
      'EC1:ABC',
      `${text}0`,
      text.slice(0, -1),
      text.toLowerCase(),
      'x'.repeat(10_000),
    ]) {
      const error = await refusal(readOrderCode(other, publicJwks([key])));
      expect(isEsscError(error, 'QR_MALFORMED')).toBe(true);
      expect((error as Error).message).not.toContain(text.slice(4, 20));
    }
  });
});
