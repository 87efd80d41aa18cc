/**
 * Where a hosted page sends the browser back (R36): the launch's returnUrl with the receipt,
 * as the channel's server reads it (`searchParams.get('receipt')`).
 */
import { describe, expect, it } from 'vitest';
import { withReceipt } from '../../src/engine/hosted-receipts.js';

/** A receipt's shape: three base64url parts; `+`, `/` and `=` would need escaping if present. */
const RECEIPT = 'eyJhbGciOiJFZERTQSJ9.eyJraW5kIjoiYXBwbGllZCJ9.c2ln-_+/=';

describe('withReceipt', () => {
  it.each([
    ['https://channel.example.cn/essc/return', 'https://channel.example.cn/essc/return?receipt='],
    ['https://channel.example.cn/essc/return?', 'https://channel.example.cn/essc/return?receipt='],
    [
      'https://channel.example.cn/essc/return?order=42',
      'https://channel.example.cn/essc/return?order=42&receipt=',
    ],
    [
      'https://channel.example.cn/essc/return?order=42&',
      'https://channel.example.cn/essc/return?order=42&receipt=',
    ],
  ])('%s gets one receipt parameter', (returnUrl, prefix) => {
    const back = withReceipt(returnUrl, RECEIPT);
    expect(back.startsWith(prefix)).toBe(true);
    expect(back).not.toContain('?&');
    expect(back).not.toContain('&&');
    const url = new URL(back);
    expect(url.searchParams.getAll('receipt')).toEqual([RECEIPT]);
  });

  it('keeps the channel’s own parameters and its fragment after the query', () => {
    const back = new URL(
      withReceipt('http://127.0.0.1:8080/app.html?tab=card&n=a%20b#top', RECEIPT),
    );
    expect(back.pathname).toBe('/app.html');
    expect(back.searchParams.get('tab')).toBe('card');
    expect(back.searchParams.get('n')).toBe('a b');
    expect(back.searchParams.get('receipt')).toBe(RECEIPT);
    expect(back.hash).toBe('#top');
  });

  it('replaces a receipt parameter already in the return address', () => {
    const back = new URL(withReceipt('https://channel.example.cn/back?receipt=forged', RECEIPT));
    expect(back.searchParams.getAll('receipt')).toEqual([RECEIPT]);
  });
});
