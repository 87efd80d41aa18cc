/**
 * The HMAC without a promise (issue 25: the acceptor's card reference on every QR verified):
 * on node:crypto it is two one-shot hashes over the key's padded blocks, kept per key object.
 * It must give createHmac's bytes for any key and message, follow a key whose bytes changed
 * (never a stale pad), and leave the national suite to the awaited path.
 */
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptorCardRef, acceptorCardRefNow } from '../../src/acceptor/card-ref.js';
import { suiteHmacNow } from '../../src/crypto/index.js';
import { _setBackend, activeProvider } from '../../src/crypto/provider.js';

const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');

afterEach(() => _setBackend(undefined));

describe('suiteHmacNow (node:crypto)', () => {
  it('matches RFC 4231 test cases 1 and 6 (a key longer than the block)', () => {
    const case1 = suiteHmacNow('jose', new Uint8Array(20).fill(0x0b), Buffer.from('Hi There'));
    expect(hex(case1)).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    const case6 = suiteHmacNow(
      'jose',
      new Uint8Array(131).fill(0xaa),
      Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
    );
    expect(hex(case6)).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('agrees with createHmac for any key and message, SHA-256 and SM3, short and long', () => {
    const hmacNow = activeProvider().hmacNow;
    expect(hmacNow).toBeDefined();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('SHA-256' as const, 'SM3' as const),
        (key, message, alg) => {
          const node = alg === 'SM3' ? 'sm3' : 'sha256';
          const expected = createHmac(node, key).update(message).digest('hex');
          expect(hex(hmacNow!(alg, key, message))).toBe(expected);
          // Again with the same key object: the kept pads give the same bytes.
          expect(hex(hmacNow!(alg, key, message))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('follows a key whose bytes changed since its last use, and a digest other than the last', () => {
    const key = new Uint8Array(32).fill(7);
    const message = Buffer.from('card reference');
    expect(hex(suiteHmacNow('jose', key, message))).toBe(
      createHmac('sha256', key).update(message).digest('hex'),
    );
    key[0] = 8;
    expect(hex(suiteHmacNow('jose', key, message))).toBe(
      createHmac('sha256', key).update(message).digest('hex'),
    );
    expect(hex(activeProvider().hmacNow!('SM3', key, message))).toBe(
      createHmac('sm3', key).update(message).digest('hex'),
    );
    expect(hex(suiteHmacNow('jose', key, message))).toBe(
      createHmac('sha256', key).update(message).digest('hex'),
    );
  });

  it('is undefined under the sm suite and on WebCrypto: their callers await suiteHmac', () => {
    const key = new Uint8Array(32).fill(1);
    expect(suiteHmacNow('sm', key, new Uint8Array(3))).toBeUndefined();
    _setBackend('web');
    expect(suiteHmacNow('jose', key, new Uint8Array(3))).toBeUndefined();
  });

  it('acceptorCardRefNow is acceptorCardRef, at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        async (secret, ref) => {
          expect(acceptorCardRefNow(secret, ref)).toBe(await acceptorCardRef(secret, ref));
        },
      ),
      { numRuns: 100 },
    );
    expect(acceptorCardRefNow(new Uint8Array(16), new Uint8Array(12), 'sm')).toBeUndefined();
  });
});
