/**
 * A test clock for a sandbox: real time plus an offset the back office moves forward
 * (`POST /admin/clock/advance`, the console's clock panel). The platform reads it for QR
 * expiry, login sessions, proofs, the deductible year and certification; request timestamps
 * and webhook signatures keep the real clock (the transport's).
 *
 * @example
 * ```ts
 * const clock = createTestClock();
 * const platform = MockPlatform.demo({ now: clock.now });
 * await startSandbox({ platform, testClock: clock });
 * clock.advance(61_000); // every QR code issued before now has expired
 * ```
 */
export interface SandboxTestClock {
  /** Milliseconds since the epoch, as the platform sees them. */
  now(): number;
  /** Moves the clock forward by `ms` (a positive number). */
  advance(ms: number): void;
}

/**
 * Makes a {@link SandboxTestClock} that starts at the real time and runs with it.
 *
 * @example
 * ```ts
 * const clock = createTestClock();
 * clock.advance(24 * 60 * 60 * 1000); // tomorrow
 * ```
 */
export function createTestClock(realNow: () => number = Date.now): SandboxTestClock {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('advance() takes a positive ms.');
      offset += ms;
    },
  };
}
