import { type ErrorCode, EsscError } from '../domain/errors.js';
import { validationError } from '../domain/validation.js';
import type { PlatformOperation } from '../platform/operations.js';
import type { MerchantOperation, PortalOperation } from '../platform/port.js';

/**
 * The operations faults can target: every row of the operation table — a channel's, a
 * merchant's (`charge`, `getPayment`, `refund`) and a portal's.
 *
 * @example
 * ```ts
 * platform.failNext('changePassword', { afterCommit: true });
 * platform.failNext('charge', { afterCommit: true }); // charged, then the response is lost
 * ```
 */
export type AdapterOperation = PlatformOperation | MerchantOperation | PortalOperation;

/**
 * Standing faults applied to every call through the mock's adapters.
 *
 * @example
 * ```ts
 * const flaky: FaultSettings = { latencyMs: [50, 400], failureRate: 0.1, failureCode: 'NETWORK' };
 * platform.setFaults(flaky);
 * ```
 */
export interface FaultSettings {
  /** Added latency per call, milliseconds (a number, or `[min, max]`). */
  latencyMs?: number | [number, number];
  /** Share of calls that fail before reaching the platform, 0 to 1. */
  failureRate?: number;
  /** The code of those failures (default `PLATFORM_UNAVAILABLE`). */
  failureCode?: ErrorCode;
  /** A random source for the failure rate and latency range (default `Math.random`). */
  random?: () => number;
}

/**
 * Options of a one-shot fault ({@link MockPlatform.failNext}).
 *
 * @example
 * ```ts
 * const lostResponse: FailNextOptions = { afterCommit: true }; // committed, then TIMEOUT
 * platform.failNext('apply', lostResponse);
 * ```
 */
export interface FailNextOptions {
  /** The code to fail with (default `PLATFORM_UNAVAILABLE`, or `TIMEOUT` with `afterCommit`). */
  code?: ErrorCode;
  /**
   * Let the platform commit the call, then lose the response: the caller sees the failure
   * although the change was made. Retrying with the same idempotency key must return the
   * first outcome.
   */
  afterCommit?: boolean;
}

/**
 * Fault injection for channel apps' own tests: latency, random failures, and "fail the next
 * call of an operation", before or after the platform commits it.
 *
 * @internal
 */
export class FaultInjector {
  private settings: FaultSettings = {};
  private readonly queued = new Map<AdapterOperation, Required<FailNextOptions>[]>();

  /** Replaces the standing faults; a latency range whose minimum exceeds its maximum is refused. */
  set(settings: FaultSettings): void {
    const latency = settings.latencyMs;
    if (Array.isArray(latency) && latency[0] > latency[1]) {
      throw validationError('latencyMs: the minimum must not exceed the maximum.', {
        path: ['latencyMs'],
        message: 'min > max',
      });
    }
    this.settings = { ...settings };
  }

  failNext(operation: AdapterOperation, options: FailNextOptions = {}): void {
    const afterCommit = options.afterCommit ?? false;
    const code = options.code ?? (afterCommit ? 'TIMEOUT' : 'PLATFORM_UNAVAILABLE');
    const list = this.queued.get(operation) ?? [];
    list.push({ code, afterCommit });
    this.queued.set(operation, list);
  }

  clear(): void {
    this.settings = {};
    this.queued.clear();
  }

  /** The faults in force (the sandbox console shows them): standing settings, queued one-shots. */
  state(): {
    latencyMs?: number | [number, number];
    failureRate?: number;
    failureCode?: ErrorCode;
    next: { operation: AdapterOperation; code: ErrorCode; afterCommit: boolean }[];
  } {
    const { latencyMs, failureRate, failureCode } = this.settings;
    const next = [...this.queued].flatMap(([operation, list]) =>
      list.map((fault) => ({ operation, ...fault })),
    );
    return {
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...(failureRate !== undefined ? { failureRate } : {}),
      ...(failureCode !== undefined ? { failureCode } : {}),
      next,
    };
  }

  /**
   * Runs one platform call with the faults in force. With none set and no abort signal (the
   * usual case in an app's tests and the demo) the call runs as is: no extra async layer.
   */
  run<T>(operation: AdapterOperation, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (
      signal === undefined &&
      this.queued.size === 0 &&
      this.settings.latencyMs === undefined &&
      !this.settings.failureRate
    ) {
      try {
        return call();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.runWithFaults(operation, call, signal);
  }

  private async runWithFaults<T>(
    operation: AdapterOperation,
    call: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const random = this.settings.random ?? Math.random;
    const latency = this.settings.latencyMs;
    if (signal?.aborted) throw aborted(operation);
    if (latency !== undefined) {
      const ms = Array.isArray(latency)
        ? latency[0] + random() * (latency[1] - latency[0])
        : latency;
      if (ms > 0) await delay(ms, signal, operation);
    }
    const list = this.queued.get(operation);
    const oneShot = list?.shift();
    // An emptied list is dropped, so "no fault queued" is `queued.size === 0` again.
    if (list && list.length === 0) this.queued.delete(operation);
    if (oneShot && !oneShot.afterCommit) throw injected(oneShot.code, operation);
    if (!oneShot && (this.settings.failureRate ?? 0) > random()) {
      throw injected(this.settings.failureCode ?? 'PLATFORM_UNAVAILABLE', operation);
    }
    const result = await call();
    if (oneShot?.afterCommit) throw injected(oneShot.code, operation);
    return result;
  }
}

/** Like the http adapter: an aborted call rejects with NETWORK and is not retried. */
function aborted(operation: AdapterOperation): EsscError {
  return new EsscError('NETWORK', `The ${operation} call was aborted.`, { retryable: false });
}

function delay(ms: number, signal: AbortSignal | undefined, operation: AdapterOperation) {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(operation));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function injected(code: ErrorCode, operation: AdapterOperation): EsscError {
  return new EsscError(code, `Injected fault on ${operation} (MockPlatform fault injection).`);
}
