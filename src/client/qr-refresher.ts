/**
 * Keeps a dynamic e-card QR code on screen (R15): codes live about 60 s and are single-use,
 * so the app shows one, issues the next shortly before it expires, and carries on until the
 * screen closes. Part of the core: it runs in mini-programs, so it uses nothing but
 * `setTimeout` (no crypto, no fetch).
 */
import { EventEmitter } from 'eventemitter3';
import { QR_PURPOSES } from '../domain/enums.js';
import { type EsscError, isEsscError } from '../domain/errors.js';
import type { DynamicQr, QrPurpose, UserVerification } from '../domain/types.js';
import { invalidField, validationError } from '../domain/validation.js';
import type { CallOptions } from './client.js';

/** Default lead time: the next code is issued this long before the current one expires. */
const DEFAULT_REFRESH_BEFORE_MS = 10_000;
/** Never refresh more often than this, whatever the code's lifetime and the lead time say. */
const MIN_REFRESH_DELAY_MS = 1_000;
/** First retry delay after a transient failure; doubled per attempt up to the maximum. */
const RETRY_INITIAL_DELAY_MS = 1_000;
const RETRY_MAX_DELAY_MS = 30_000;

/**
 * What the refresher needs of a client: `issueQr`. An `EsscClient` fits.
 */
export interface QrIssuer {
  /**
   * Issues one code, as {@link EsscClient.issueQr} does.
   *
   * @example
   * ```ts
   * const qr = await issuer.issueQr({ signNo });
   * ```
   */
  issueQr(
    input: { signNo: string; purpose?: QrPurpose; verification?: UserVerification },
    options?: CallOptions,
  ): Promise<DynamicQr>;
}

/**
 * A failure while refreshing. `retrying` says whether the refresher tries again by itself (a
 * transient `NETWORK`, `TIMEOUT` or `PLATFORM_UNAVAILABLE`, after `retryInMs`) or has stopped
 * (anything else, e.g. `CARD_INACTIVE`, a wrong payment password, or the verification
 * callback throwing because the user cancelled).
 *
 * @example
 * ```ts
 * const onError = ({ error, retrying }: QrRefreshErrorEvent) => {
 *   if (!retrying) showMessage(isEsscError(error) ? ERROR_TABLE[error.code].zh : '二维码刷新失败');
 * };
 * ```
 */
export interface QrRefreshErrorEvent {
  /** What failed: usually an `EsscError`, or what the `verification` callback threw. */
  error: unknown;
  /** True when the refresher retries by itself; false when it has stopped. */
  retrying: boolean;
  /** Present when `retrying`: the delay before the next attempt. */
  retryInMs?: number;
}

/**
 * The events of a {@link QrRefresher}, each with one payload object.
 *
 * `qr:refreshed` carries the QR text: a bearer credential — whoever holds a copy can present
 * it once. It is there to be rendered; never log it or send it anywhere but to the screen.
 *
 * @example
 * ```ts
 * refresher.on('qr:refreshed', ({ qr }) => this.setData({ qrSvg: draw(qr.text) }));
 * refresher.on('qr:error', ({ error, retrying }) => report(error, retrying));
 * ```
 */
export interface QrRefresherEvents {
  /** A new code is ready, the first one included. Render `qr.text`; never log it. */
  'qr:refreshed': [
    event: {
      /** The code to show now. */
      qr: DynamicQr;
      /** Set when the phone made it with no network (the `offline` fallback, R40). */
      offline?: true;
    },
  ];
  /** A refresh failed (see {@link QrRefreshErrorEvent}). */
  'qr:error': [event: QrRefreshErrorEvent];
}

/**
 * Options of {@link createQrRefresher}.
 */
export interface QrRefresherOptions {
  /** The e-card whose codes are shown. */
  signNo: string;
  /** Default `'identity'`. */
  purpose?: QrPurpose;
  /**
   * Needed for `purpose: 'payment'`: every payment code needs its own user verification, so
   * the refresher asks for one each time it issues (prompt for the password, or run a face
   * check). A callback and not a value, so the app never has to keep the password in memory
   * (R18) and a single-use real-person proof is never sent twice. Throwing (the user
   * cancelled) stops the refresher and reports the error. Not called for identity codes.
   */
  verification?: () => Promise<UserVerification> | UserVerification;
  /** Issue the next code this long before the current one expires (default 10 000 ms). */
  refreshBeforeMs?: number;
  /** Called for every `qr:error` event; the same as `on('qr:error', onError)`. */
  onError?: (event: QrRefreshErrorEvent) => void;
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /**
   * Offline codes to fall back on (R40): when a refresh of an identity code fails for lack of
   * network (`NETWORK`, `TIMEOUT`, `PLATFORM_UNAVAILABLE`) and a live credential can make the
   * code, an offline code is shown instead, and the next refresh tries online again. Never for
   * payment codes: the password asked for could not be checked, so the failure is reported.
   * Pass `createOfflineCodes(…)` of `essc-sdk/offline`; the core itself holds no key.
   */
  offline?: OfflineFallback;
}

/**
 * What the refresher needs of offline codes: `essc-sdk/offline`'s `createOfflineCodes` fits.
 *
 * @example
 * ```ts
 * const fallback: OfflineFallback = createOfflineCodes({ client, storage: miniProgramStorage(wx) });
 * createQrRefresher(client, { signNo, offline: fallback });
 * ```
 */
export interface OfflineFallback {
  /** Whether a live credential makes this code. */
  canIssue(input: { signNo: string; purpose?: QrPurpose }): Promise<boolean>;
  /** Makes the code with no network call. */
  issueCode(input: { signNo: string; purpose?: QrPurpose }): Promise<DynamicQr>;
}

/** The failures that mean "no network": an offline code stands in for them. */
const OFFLINE_CODES: readonly string[] = ['NETWORK', 'TIMEOUT', 'PLATFORM_UNAVAILABLE'];

function invalid(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('createQrRefresher: ', [field], message);
}

/** The code on screen, with when it arrived on this device's clock. */
interface Shown {
  qr: DynamicQr;
  receivedAt: number;
  lifetimeMs: number;
}

/**
 * Shows dynamic QR codes one after another: {@link QrRefresher.start} issues the first,
 * each next one is issued `refreshBeforeMs` before the current expires, transient failures
 * are retried with exponential backoff (1 s doubling to 30 s, jittered), and a
 * non-retryable failure stops it and is reported through `qr:error` / `onError`.
 *
 * Meant for identity codes. A payment code needs user verification each time, so for
 * payments pass a `verification` callback that asks the user again — or show a payment code
 * once with `client.issueQr` instead.
 *
 * Timing uses each code's own lifetime (`expiresAt - issuedAt`, both the platform's clock)
 * counted from its arrival on this device, so a device clock that is off by minutes does not
 * make it refresh too early or too late.
 *
 * @example
 * ```ts
 * const refresher = createQrRefresher(client, { signNo });
 * refresher.on('qr:refreshed', ({ qr }) => page.setData({ qrText: qr.text }));
 * await refresher.start();
 * // mini-program page: onHide() { refresher.stop() }, onShow() { refresher.resume() }
 * ```
 */
export class QrRefresher extends EventEmitter<QrRefresherEvents> {
  private readonly client: QrIssuer;
  private readonly signNo: string;
  private readonly purpose: QrPurpose;
  private readonly verification: QrRefresherOptions['verification'];
  private readonly refreshBeforeMs: number;
  private readonly now: () => number;
  private readonly offline: OfflineFallback | undefined;

  private running = false;
  /** Bumped by every stop: a result that arrives for an older generation is dropped. */
  private generation = 0;
  private shown: Shown | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Promise<DynamicQr> | undefined;
  private failures = 0;

  constructor(client: QrIssuer, options: QrRefresherOptions) {
    super();
    if (typeof client?.issueQr !== 'function') {
      throw validationError('createQrRefresher needs a client with issueQr (createClient(...)).', {
        path: ['client'],
        message: 'must have issueQr',
      });
    }
    const purpose = options?.purpose ?? 'identity';
    if (typeof options?.signNo !== 'string' || options.signNo.length === 0) {
      throw invalid('signNo', 'must be the sign number of the e-card');
    }
    if (!(QR_PURPOSES as readonly unknown[]).includes(purpose)) {
      throw invalid('purpose', "must be 'identity' or 'payment'");
    }
    if (purpose === 'payment' && typeof options.verification !== 'function') {
      throw invalid('verification', 'must be a callback for payment codes (each needs its own)');
    }
    const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
    if (
      typeof refreshBeforeMs !== 'number' ||
      !Number.isFinite(refreshBeforeMs) ||
      refreshBeforeMs < 0
    ) {
      throw invalid('refreshBeforeMs', 'must be a non-negative number of milliseconds');
    }
    this.client = client;
    this.signNo = options.signNo;
    this.purpose = purpose;
    this.verification = options.verification;
    this.refreshBeforeMs = refreshBeforeMs;
    this.now = options.now ?? Date.now;
    this.offline = options.offline;
    if (options.onError) this.on('qr:error', options.onError);
  }

  /**
   * Issues the first code and keeps refreshing. Resolves with that code (also emitted as
   * `qr:refreshed`). If it cannot be issued, rejects with the error and stays stopped, so
   * the app can show it and offer a retry. Called while running, it resolves with the code
   * on screen, issuing one first if there is none.
   *
   * @example
   * ```ts
   * try {
   *   const qr = await refresher.start();
   *   render(qr.text);
   * } catch (e) {
   *   showError(e);
   * }
   * ```
   */
  start(): Promise<DynamicQr> {
    const shown = this.current();
    if (this.running && shown) return Promise.resolve(shown);
    if (this.running && this.pending) return this.pending;
    this.running = true;
    return this.refreshNow({ first: true });
  }

  /**
   * The code to show now, or `undefined` when there is none that is still valid (not started,
   * stopped, or the last one expired while refreshes failed). For rendering only; never log
   * its text.
   *
   * @example
   * ```ts
   * const qr = refresher.current();
   * if (qr) render(qr.text);
   * ```
   */
  current(): DynamicQr | undefined {
    const shown = this.shown;
    if (!this.running || !shown) return undefined;
    return this.now() < shown.receivedAt + shown.lifetimeMs ? shown.qr : undefined;
  }

  /**
   * Stops refreshing: no timer is left, a refresh under way is dropped, and `current()`
   * returns `undefined` (a code should not outlive its screen). `resume()` or `start()`
   * begins again.
   *
   * @example
   * ```ts
   * onUnload() { refresher.stop(); }
   * ```
   */
  stop(): void {
    this.running = false;
    this.generation += 1;
    this.clearTimer();
    this.pending = undefined;
    this.shown = undefined;
    this.failures = 0;
  }

  /**
   * For when the app returns to the foreground: timers of a backgrounded mini-program or page
   * may have been frozen, so the schedule is checked again. A code that is expired or due for
   * refresh is replaced at once; otherwise the next refresh is rescheduled. Also restarts a
   * refresher that was stopped. Failures go to `qr:error` / `onError`.
   *
   * @example
   * ```ts
   * onShow() { refresher.resume(); }
   * ```
   */
  resume(): void {
    if (!this.running) {
      this.running = true;
      this.background();
      return;
    }
    if (this.pending) return;
    const shown = this.shown;
    if (shown && this.now() < this.refreshAt(shown)) {
      this.schedule(this.refreshAt(shown) - this.now());
      return;
    }
    this.background();
  }

  private refreshAt(shown: Shown): number {
    return (
      shown.receivedAt + Math.max(MIN_REFRESH_DELAY_MS, shown.lifetimeMs - this.refreshBeforeMs)
    );
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.background();
      },
      Math.max(0, delayMs),
    );
  }

  /** A refresh nobody awaits: its failure is handled (retry or stop) and reported. */
  private background(): void {
    this.refreshNow({ first: false }).catch(() => undefined);
  }

  private async issue(): Promise<{ qr: DynamicQr; offline?: true }> {
    const verification = this.purpose === 'payment' ? await this.verification!() : undefined;
    try {
      return {
        qr: await this.client.issueQr({
          signNo: this.signNo,
          purpose: this.purpose,
          ...(verification ? { verification } : {}),
        }),
      };
    } catch (error) {
      const input = { signNo: this.signNo, purpose: this.purpose };
      const offline = this.offline;
      // Never for payment (R15, R18): the password just typed was never checked.
      if (!offline || this.purpose === 'payment') throw error;
      if (!isEsscError(error) || !OFFLINE_CODES.includes(error.code)) throw error;
      if (!(await offline.canIssue(input).catch(() => false))) throw error;
      return { qr: await offline.issueCode(input), offline: true };
    }
  }

  private refreshNow({ first }: { first: boolean }): Promise<DynamicQr> {
    if (this.pending) return this.pending;
    this.clearTimer();
    const generation = this.generation;
    const attempt = this.issue().then(
      ({ qr, offline }) => {
        if (generation !== this.generation) return qr; // stopped meanwhile: drop it
        this.pending = undefined;
        this.failures = 0;
        const lifetimeMs = Date.parse(qr.expiresAt) - Date.parse(qr.issuedAt);
        // A lifetime we cannot read still gets the minimum delay, never a refresh loop.
        const shown = {
          qr,
          receivedAt: this.now(),
          lifetimeMs: Number.isFinite(lifetimeMs) && lifetimeMs > 0 ? lifetimeMs : 0,
        };
        this.shown = shown;
        this.schedule(this.refreshAt(shown) - this.now());
        this.emit('qr:refreshed', offline ? { qr, offline } : { qr });
        return qr;
      },
      (error: unknown) => {
        if (generation !== this.generation) throw error;
        this.pending = undefined;
        this.fail(error, first);
        throw error;
      },
    );
    this.pending = attempt;
    return attempt;
  }

  private fail(error: unknown, first: boolean): void {
    const retryable = isEsscError(error) && error.retryable;
    if (first || !retryable) {
      this.stop();
      // start() hands its failure to the caller; reporting it again would show it twice.
      if (!first) this.emit('qr:error', { error, retrying: false });
      return;
    }
    const base = Math.min(RETRY_MAX_DELAY_MS, RETRY_INITIAL_DELAY_MS * 2 ** this.failures);
    // Jittered, so that many devices that lost the network together do not retry together.
    const retryInMs = Math.round(base / 2 + (Math.random() * base) / 2);
    this.failures += 1;
    this.schedule(retryInMs);
    this.emit('qr:error', { error, retrying: true, retryInMs });
  }

  /**
   * Emits like EventEmitter, but a listener that throws does not break the refresh cycle:
   * its error is rethrown asynchronously, where the app's error handler sees it. The
   * refresher emits its own events; apps only listen.
   *
   * @example
   * ```ts
   * refresher.on('qr:refreshed', ({ qr }) => draw(qr.text)); // if draw throws, refreshing goes on
   * ```
   */
  override emit<E extends keyof QrRefresherEvents>(
    event: E,
    ...args: EventEmitter.ArgumentMap<QrRefresherEvents>[Extract<E, keyof QrRefresherEvents>]
  ): boolean {
    try {
      return super.emit(event, ...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
      return true;
    }
  }
}

/**
 * Creates a {@link QrRefresher} for one e-card.
 *
 * @example
 * ```ts
 * import { createClient, createQrRefresher } from 'essc-sdk';
 *
 * const refresher = createQrRefresher(client, { signNo, onError: ({ error }) => console.warn(error) });
 * refresher.on('qr:refreshed', ({ qr }) => render(qr.text)); // render, never log: it is a credential
 * await refresher.start();
 *
 * // Payment codes ask the user each time:
 * const pay = createQrRefresher(client, {
 *   signNo, purpose: 'payment', verification: async () => ({ password: await askPassword() }),
 * });
 * ```
 */
export function createQrRefresher(client: QrIssuer, options: QrRefresherOptions): QrRefresher {
  return new QrRefresher(client, options);
}
