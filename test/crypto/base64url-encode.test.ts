/**
 * base64url encoding, made in one call for short values (issue 25: every replay key, card
 * reference and signature): the same text as Node's encoder for any length, short or long,
 * and with a prefix exactly the prefix followed by the text.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/crypto/index.js';

describe('base64urlEncode', () => {
  it("is Node's base64url for any bytes, across the one-call limit", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1_600 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64url');
        expect(base64urlEncode(bytes)).toBe(expected);
        expect(base64urlDecode(expected)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
    for (let n = 0; n < 800; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(base64urlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('with a prefix, is the prefix followed by the text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1_000 }), fc.string(), (bytes, prefix) => {
        expect(base64urlEncode(bytes, prefix)).toBe(
          prefix + Buffer.from(bytes).toString('base64url'),
        );
      }),
      { numRuns: 200 },
    );
  });
});
