/**
 * The replay key of a dynamic QR code is what verifiers sharing a nonce store (Redis) agree on
 * (R16): its form must not change between versions — base64url of key id ‖ card reference ‖
 * nonce, after the store's prefix when one is given (issue 25 builds it in one string).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qrReplayKey } from '../../src/qr/codec.js';

describe('qrReplayKey', () => {
  it('is base64url of keyId ‖ cardRef ‖ nonce, after the prefix', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        (keyId, cardRef, nonce) => {
          const expected = Buffer.concat([keyId, cardRef, nonce]).toString('base64url');
          expect(qrReplayKey({ keyId, cardRef, nonce })).toBe(expected);
          expect(qrReplayKey({ keyId, cardRef, nonce }, 'qr1:')).toBe(`qr1:${expected}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a known key (a shared store written by an earlier version still matches)', () => {
    const key = qrReplayKey(
      {
        keyId: Uint8Array.of(1, 2, 3, 4),
        cardRef: Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i),
        nonce: Uint8Array.from({ length: 8 }, (_, i) => 0xf0 + i),
      },
      'qr1:',
    );
    expect(key).toBe('qr1:AQIDBKChoqOkpaanqKmqq_Dx8vP09fb3');
  });
});
