import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../src/crypto/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('HMAC-SHA256 behind the acceptor card reference', () => {
  it('matches RFC 4231 test cases 1 and 6 (a key longer than the block)', async () => {
    const case1 = await hmacSha256(
      new Uint8Array(20).fill(0x0b),
      new TextEncoder().encode('Hi There'),
    );
    expect(hex(case1)).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    const case6 = await hmacSha256(
      new Uint8Array(131).fill(0xaa),
      new TextEncoder().encode('Test Using Larger Than Block-Size Key - Hash Key First'),
    );
    expect(hex(case6)).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('agrees with node:crypto for any key and message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 300 }),
        async (key, message) => {
          const expected = createHmac('sha256', key).update(message).digest('hex');
          expect(hex(await hmacSha256(key, message))).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
