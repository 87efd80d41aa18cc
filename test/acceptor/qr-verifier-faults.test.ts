/**
 * Issue 9, defect 3: what the QR verifier does when its nonce store fails, and with options
 * it cannot read. A store failure is PLATFORM_UNAVAILABLE (retryable), as documented; a bad
 * option is VALIDATION_FAILED before anything consumes the code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryNonceStore, createQrVerifier } from '../../src/acceptor/index.js';
import { type EsscError, isEsscError } from '../../src/domain/errors.js';
import { type Demo, demoWithCard, issue } from './fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<EsscError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isEsscError(error)) throw new Error(`expected an EsscError, got ${String(error)}`);
  return error;
}

let demo: Demo;
beforeAll(async () => {
  demo = await demoWithCard({ payment: true });
});

describe('a nonce store that fails', () => {
  it('is PLATFORM_UNAVAILABLE (retryable), its error kept as the cause; the retry works', async () => {
    const memory = createMemoryNonceStore({ now: demo.clock.now });
    let down = true;
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      nonceStore: {
        consume: (key, until) =>
          down ? Promise.reject(new Error('ECONNRESET')) : memory.consume(key, until),
      },
    });
    const text = await issue(demo);
    const error = await rejection(verifier.verify(text));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect((error.cause as Error).message).toBe('ECONNRESET');
    down = false;
    await expect(verifier.verify(text)).resolves.toMatchObject({ purpose: 'identity' });
  });

  it('a store that throws synchronously is PLATFORM_UNAVAILABLE too', async () => {
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      nonceStore: {
        consume: () => {
          throw new TypeError('not connected');
        },
      },
    });
    expect((await rejection(verifier.verify(await issue(demo)))).code).toBe('PLATFORM_UNAVAILABLE');
  });
});

describe('verify options', () => {
  const bad: [string, unknown][] = [
    ["online: 'yes'", { online: 'yes' }],
    ['online: 1', { online: 1 }],
    ['online: null', { online: null }],
    ['a misspelt key', { onLine: true }],
    ['a string', 'online'],
    ['a number', 5],
    ['an array', [true]],
    ['null', null],
  ];
  for (const [label, options] of bad) {
    it(`refuses ${label} before consuming the code`, async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const text = await issue(demo, 'payment');
      const error = await rejection(verifier.verify(text, options as never));
      expect(error.code).toBe('VALIDATION_FAILED');
      // Not consumed: the same code verifies once the call is right.
      await expect(verifier.verify(text)).resolves.toMatchObject({ purpose: 'payment' });
    });
  }

  it('takes no options, {} and { online: false } as before', async () => {
    const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
    await expect(verifier.verify(await issue(demo))).resolves.toBeDefined();
    await expect(verifier.verify(await issue(demo), {})).resolves.toBeDefined();
    await expect(verifier.verify(await issue(demo), undefined)).resolves.toBeDefined();
    await expect(verifier.verify(await issue(demo), { online: false })).resolves.toMatchObject({
      onlineChecked: false,
    });
  });
});
