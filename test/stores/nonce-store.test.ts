import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { createMemoryNonceStore } from '../../src/stores/nonce-store.js';

function clock(start = 1_000_000) {
  const c = { ms: start, now: () => c.ms };
  return c;
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createMemoryNonceStore', () => {
  it('answers true the first time and false for a replay while the nonce lives', async () => {
    const c = clock();
    const store = createMemoryNonceStore({ now: c.now });
    expect(await store.consume('n1', c.ms + 1000)).toBe(true);
    expect(await store.consume('n1', c.ms + 1000)).toBe(false);
    c.ms += 999;
    expect(await store.consume('n1', c.ms + 1000)).toBe(false);
    expect(await store.consume('n2', c.ms + 1000)).toBe(true);
  });

  it('forgets a nonce once its expiry has passed, so memory returns to zero', async () => {
    const c = clock();
    const store = createMemoryNonceStore({ now: c.now });
    for (let i = 0; i < 1000; i++) await store.consume(`n${i}`, c.ms + 90_000);
    expect(store.size()).toBe(1000);
    c.ms += 90_000;
    expect(store.size()).toBe(0);
  });

  it('holds exactly the nonces whose expiry is still ahead, whatever the order they came in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 10 }),
        async (lifetimes, steps) => {
          const c = clock();
          const store = createMemoryNonceStore({ now: c.now });
          const start = c.ms;
          for (const [i, life] of lifetimes.entries()) {
            expect(await store.consume(`n${i}`, start + life)).toBe(true);
          }
          for (const step of steps) {
            c.ms += step;
            const live = lifetimes.filter((life) => start + life > c.ms).length;
            expect(store.size()).toBe(live);
            // A live nonce is still refused; an expired one is new again.
            const probe = lifetimes.findIndex((life) => start + life > c.ms);
            if (probe >= 0) expect(await store.consume(`n${probe}`, c.ms + 1)).toBe(false);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers true without recording for a nonce whose expiry is already past', async () => {
    const c = clock();
    const store = createMemoryNonceStore({ now: c.now });
    expect(await store.consume('late', c.ms)).toBe(true);
    expect(store.size()).toBe(0);
  });

  it('when full of live nonces, refuses to record (PLATFORM_UNAVAILABLE) and forgets none', async () => {
    const c = clock();
    const store = createMemoryNonceStore({ now: c.now, maxEntries: 3 });
    await store.consume('a', c.ms + 1000);
    await store.consume('b', c.ms + 2000);
    await store.consume('c', c.ms + 3000);
    const error = await thrownBy(store.consume('d', c.ms + 3000));
    expect(isEsscError(error, 'PLATFORM_UNAVAILABLE')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    // No live nonce was dropped to make room: each is still a replay.
    for (const n of ['a', 'b', 'c']) expect(await store.consume(n, c.ms + 3000)).toBe(false);
    // Once one expires there is room again.
    c.ms += 1000;
    expect(await store.consume('d', c.ms + 3000)).toBe(true);
  });

  it('refuses bad arguments with VALIDATION_FAILED', async () => {
    const store = createMemoryNonceStore();
    for (const [nonce, at] of [
      ['', Date.now() + 1000],
      ['x'.repeat(513), Date.now() + 1000],
      ['ok', Number.NaN],
      [42, Date.now() + 1000],
    ] as [string, number][]) {
      expect(isEsscError(await thrownBy(store.consume(nonce, at)), 'VALIDATION_FAILED')).toBe(true);
    }
    expect(() => createMemoryNonceStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
