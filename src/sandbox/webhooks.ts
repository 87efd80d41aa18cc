import type { NotificationType, PlatformNotification } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import type { PlatformEngine } from '../engine/engine.js';
import { backoffDelay } from '../platform/retry.js';
import { NOTIFICATION_CONTENT_TYPE, WIRE_HEADERS } from '../wire/protocol.js';
import { signNotification } from '../wire/signatures.js';

/**
 * One attempt of a webhook delivery, as {@link WebhookOptions.onAttempt} reports it.
 *
 * @example
 * ```ts
 * const log = (a: WebhookAttempt) =>
 *   console.log(`${a.notificationId} → ${a.url} #${a.attempt}: ${a.status ?? a.error} (${a.outcome})`);
 * ```
 */
export interface WebhookAttempt {
  /** The notification's id: the same on every attempt. */
  notificationId: string;
  /** What the notification tells. */
  type: NotificationType;
  /** The channel it is for. */
  channelId: string;
  /** The channel's webhook URL it went to. */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why no status: the receiver could not be reached, or did not answer in time. */
  error?: 'network' | 'timeout';
  /** `delivered` (a 2xx), `retrying` (after `retryInMs`) or `gave-up` (attempts spent). */
  outcome: 'delivered' | 'retrying' | 'gave-up';
  /** How long until the next attempt, when `retrying`. */
  retryInMs?: number;
}

/**
 * How the sandbox delivers notifications to channels' webhook URLs
 * (`registerChannel({ webhookUrl })`). Every default suits a developer's machine; tests shrink
 * the backoff or pass their own `schedule` so that retries do not sleep.
 *
 * @example
 * ```ts
 * await startSandbox({
 *   platform,
 *   webhooks: { maxAttempts: 3, backoff: { baseMs: 10, maxMs: 50 }, onAttempt: console.log },
 * });
 * ```
 */
export interface WebhookOptions {
  /** Attempts per notification, the first included (default 6). */
  maxAttempts?: number;
  /**
   * The wait before retry n is drawn from [½, 1] × min(`maxMs`, `baseMs` · 2^(n−1))
   * (defaults 1 000 and 30 000 ms: about 1, 2, 4, 8, 16 s).
   */
  backoff?: {
    /** The first wait's ceiling, ms (default 1 000). */
    baseMs?: number;
    /** No wait is longer, ms (default 30 000). */
    maxMs?: number;
  };
  /** Time an attempt may take until the receiver's status arrives, ms (default 10 000). */
  timeoutMs?: number;
  /** The `fetch` deliveries go out with (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /**
   * Runs `run` after `ms` and returns what cancels it (default: `setTimeout`). Retries and
   * attempt timeouts both go through it, and `close()` cancels whatever is pending.
   */
  schedule?: (run: () => void, ms: number) => () => void;
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /** Told of every attempt: a log line, a test's probe. Its errors are ignored. */
  onAttempt?: (attempt: WebhookAttempt) => void;
  /** Notifications waiting per channel; beyond it the oldest waiting one is dropped (default 1 000). */
  maxQueue?: number;
}

interface Queue {
  items: PlatformNotification[];
  running: boolean;
}

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

const TIMED_OUT = Symbol('webhook attempt timed out');

/**
 * The sandbox's webhook deliveries (R13, R19): each notification of a channel that registered
 * a `webhookUrl` is POSTed there as a compact JWS signed by the platform's current key
 * (`content-type: application/jose`, headers `x-essc-notification-id` and
 * `x-essc-delivery-attempt`), signed afresh for each attempt (a fresh `iat`) under the same
 * id. A non-2xx answer, a failure to connect and a timeout are retried with jittered
 * exponential backoff up to `maxAttempts`; redirects are not followed.
 *
 * - Order: one delivery at a time per channel, in the order the platform made them — a
 *   notification waits until the one before it was delivered or given up.
 * - Never in the way: the engine hands notifications over after its operation committed; a
 *   slow or dead receiver delays only its own channel's later notifications.
 * - `close()` stops at once: pending retries are dropped, attempts under way aborted, and no
 *   timer is left behind.
 *
 * @internal
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, Queue>();
  private readonly unsubscribes = new Map<string, () => void>();
  /** Pending waits (retry backoff); each wakes its waiter and cancels its timer. */
  private readonly wakers = new Set<() => void>();
  private readonly inflight = new Set<AbortController>();
  private readonly pumps = new Set<Promise<void>>();
  private closed = false;

  private readonly maxAttempts: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly schedule: NonNullable<WebhookOptions['schedule']>;
  private readonly random: () => number;

  constructor(
    private readonly engine: PlatformEngine,
    /** The clock of `iat` (the transport's, like request timestamps: not the platform's test clock). */
    private readonly now: () => number,
    private readonly options: WebhookOptions = {},
  ) {
    this.maxAttempts = atLeast(options.maxAttempts, 6, 1, 'maxAttempts');
    this.baseMs = atLeast(options.backoff?.baseMs, 1_000, 0, 'backoff.baseMs');
    this.maxMs = atLeast(options.backoff?.maxMs, 30_000, 0, 'backoff.maxMs');
    this.timeoutMs = atLeast(options.timeoutMs, 10_000, 1, 'timeoutMs');
    this.maxQueue = atLeast(options.maxQueue, 1_000, 1, 'maxQueue');
    this.schedule = options.schedule ?? defaultSchedule;
    this.random = options.random ?? Math.random;
  }

  /** Starts delivering the channel's notifications (to its webhook URL, when it has one). */
  follow(channelId: string): void {
    if (this.closed || this.unsubscribes.has(channelId)) return;
    this.unsubscribes.set(
      channelId,
      this.engine.subscribe(channelId, (notification) => this.enqueue(notification)),
    );
  }

  /** Stops: no new deliveries, pending retries dropped, attempts under way aborted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes.values()) unsubscribe();
    this.unsubscribes.clear();
    for (const controller of this.inflight) controller.abort();
    for (const wake of [...this.wakers]) wake();
    this.queues.clear();
    await Promise.allSettled([...this.pumps]);
  }

  private webhookUrl(channelId: string): string | undefined {
    return this.engine.channel(channelId)?.webhookUrl;
  }

  private enqueue(notification: PlatformNotification): void {
    if (this.closed || this.webhookUrl(notification.channelId) === undefined) return;
    let queue = this.queues.get(notification.channelId);
    if (!queue) {
      queue = { items: [], running: false };
      this.queues.set(notification.channelId, queue);
    }
    queue.items.push(notification);
    if (queue.items.length > this.maxQueue) queue.items.shift();
    if (!queue.running) {
      queue.running = true;
      const pump = this.pump(queue)
        .catch(() => undefined)
        .finally(() => {
          queue.running = false;
          this.pumps.delete(pump);
        });
      this.pumps.add(pump);
    }
  }

  private async pump(queue: Queue): Promise<void> {
    // Leaves the engine's turn first: nothing below runs inside the operation that notified.
    await undefined;
    for (;;) {
      const next = queue.items.shift();
      if (next === undefined || this.closed) return;
      await this.deliver(next);
    }
  }

  private async deliver(notification: PlatformNotification): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      const url = this.webhookUrl(notification.channelId);
      // The channel took its webhook away meanwhile: nobody to tell.
      if (url === undefined) return;
      const result = await this.attempt(notification, url, attempt);
      if (this.closed) return;
      const report = {
        notificationId: notification.id,
        type: notification.type,
        channelId: notification.channelId,
        url,
        attempt,
        ...result,
      };
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        this.report({ ...report, outcome: 'delivered' });
        return;
      }
      if (attempt >= this.maxAttempts) {
        this.report({ ...report, outcome: 'gave-up' });
        return;
      }
      const retryInMs = this.backoff(attempt);
      this.report({ ...report, outcome: 'retrying', retryInMs });
      await this.sleep(retryInMs);
    }
  }

  private async attempt(
    notification: PlatformNotification,
    url: string,
    attempt: number,
  ): Promise<{ status: number; error?: never } | { status?: never; error: 'network' | 'timeout' }> {
    const controller = new AbortController();
    this.inflight.add(controller);
    const cancelTimeout = this.schedule(() => controller.abort(TIMED_OUT), this.timeoutMs);
    try {
      const body = await signNotification(
        await this.engine.currentSigningKey(),
        notification,
        this.now(),
      );
      if (this.closed) return { error: 'network' };
      const fetchImpl = this.options.fetch ?? globalThis.fetch;
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': NOTIFICATION_CONTENT_TYPE,
          'user-agent': 'essc-sandbox',
          [WIRE_HEADERS.notificationId]: notification.id,
          [WIRE_HEADERS.deliveryAttempt]: String(attempt),
        },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      // Only the status counts; the body is discarded so the connection is freed.
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    } catch {
      return { error: controller.signal.reason === TIMED_OUT ? 'timeout' : 'network' };
    } finally {
      cancelTimeout();
      this.inflight.delete(controller);
    }
  }

  /** Equal jitter: half the exponential delay for sure, the other half at random. */
  private backoff(attempt: number): number {
    return backoffDelay(attempt, {
      baseMs: this.baseMs,
      maxMs: this.maxMs,
      jitter: 'equal',
      random: this.random,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let cancel: () => void = () => undefined;
      const done = () => {
        this.wakers.delete(wake);
        resolve();
      };
      const wake = () => {
        cancel();
        done();
      };
      this.wakers.add(wake);
      cancel = this.schedule(done, ms);
    });
  }

  private report(attempt: WebhookAttempt): void {
    try {
      this.options.onAttempt?.(attempt);
    } catch {
      // A logger's failure is no reason to stop delivering.
    }
  }
}

function atLeast(value: number | undefined, fallback: number, min: number, name: string) {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw validationError(`webhooks.${name} must be a number ≥ ${min}.`, {
      path: ['webhooks', ...name.split('.')],
      message: `must be a number ≥ ${min}`,
    });
  }
  return value;
}
