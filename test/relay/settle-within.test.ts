/**
 * settleWithin (src/relay/transport.ts) settles a relay request once. A `start` that throws
 * before it hands back its stop function must settle with that error at once and leave no
 * timer or abort listener behind (a mini-program page would otherwise hold them until the
 * timeout, and a later abort would call a stop that never existed).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RelayAbortSignal, settleWithin } from '../../src/relay/transport.js';

function countingSignal(): RelayAbortSignal & { listeners: Set<() => void> } {
  const listeners = new Set<() => void>();
  return {
    aborted: false,
    listeners,
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
}

describe('settleWithin', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with what a throwing start threw, and leaves no timer or abort listener', async () => {
    const signal = countingSignal();
    const thrown = new Error('the runtime refused the request');
    const settled = settleWithin<string>({ timeoutMs: 10_000, signal }, () => {
      throw thrown;
    });
    await expect(settled).rejects.toBe(thrown);
    expect(vi.getTimerCount()).toBe(0);
    expect(signal.listeners.size).toBe(0);
  });

  it('still times out a start that hangs, and calls its stop once with TIMEOUT', async () => {
    const signal = countingSignal();
    const stop = vi.fn();
    const settled = settleWithin<string>({ timeoutMs: 5_000, signal }, () => stop);
    const outcome = expect(settled).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
    expect(stop).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(signal.listeners.size).toBe(0);
  });
});
