/**
 * Scan-to-login (扫码登录, R17) on a government portal: the portal opens a session and shows
 * its QR; the user scans it in a channel app and confirms; the portal then receives a
 * platform-signed identity assertion, which it verifies here — signature against the
 * platform's keys, issuer, audience (this portal), type, session and single use — before it
 * trusts the identity.
 */
import * as z from 'zod';
import { type JWK, peekJwsHeader, type VerifyJwtResult, verifyJwt } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import type { ECardLevel, LoginScope, LoginState } from '../domain/types.js';
import { invalidField } from '../domain/validation.js';
import { type KeySet, KeySetCache } from '../platform/key-set-cache.js';
import type { LoginSession, PortalAdapter } from '../platform/port.js';
import { LOGIN_ASSERTION_TYP, PLATFORM_ISSUER } from '../platform/protocol.js';
import { createMemoryNonceStore, type NonceStore } from '../stores/nonce-store.js';
import { MAX_CLOCK_TOLERANCE_SECONDS } from './qr-verifier.js';

/** Nonce keys of login assertions, apart from QR codes in a shared store. */
const LOGIN_NONCE_PREFIX = 'login1:';
/** As for QR codes: remember a used assertion a minute past its last acceptable moment. */
const NONCE_SKEW_MARGIN_MS = 60_000;
/** Verified identities are swept at most this often (the sweep walks the whole cache). */
const SWEEP_INTERVAL_MS = 10_000;
const FINAL_STATES: ReadonlySet<LoginState> = new Set(['confirmed', 'rejected', 'expired']);

/**
 * Options of {@link createLoginPortal}.
 *
 * @example
 * ```ts
 * const options: LoginPortalOptions = {
 *   adapter: platform.portalAdapter('gov-portal'),
 *   nonceStore: createRedisNonceStore({ client: redis }),
 * };
 * ```
 */
export interface LoginPortalOptions {
  /** The portal's adapter to the platform, e.g. `platform.portalAdapter('gov-portal')`. */
  adapter: PortalAdapter;
  /**
   * Where used assertions are recorded (default: memory, for this portal instance). Portal
   * instances behind a load balancer share one (`createRedisNonceStore`) so that an assertion
   * is redeemed once across all of them.
   */
  nonceStore?: NonceStore;
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Allowed clock difference with the platform, 0–30 seconds (default 30). */
  clockToleranceSeconds?: number;
}

/**
 * Who logged in, from a verified assertion (R17, R30). `subject`, `method` and `channelId` are
 * always there; every other field only when the session asked for its claim and the user
 * consented. Beyond those claims nothing here is common to two portals: `subject` is this
 * portal's own, so portals cannot join their records on it. The name, ID number and sign
 * number are personal data: store and log them as such (never in plain logs).
 *
 * Breaking change (R30 as amended): `signNo` is no longer always present. It is the fifth
 * scope: a portal receives it only when registered with `'signNo'` and asking for it by name
 * (`createSession({ scopes: [..., 'signNo'] })`); a session without scopes never gets it.
 *
 * @example
 * ```ts
 * const { identity } = await portal.getSession(sessionId);
 * if (identity) signIn({ user: identity.subject, name: identity.name });
 * ```
 */
export interface LoginIdentity {
  /** Full name, e.g. `张三`; present when the session asked for `name` (R30). */
  name?: string;
  /** Full 18-character ID number; present when the session asked for `idNumber`. */
  idNumber?: string;
  /** Region code of the city that issued the card; present when asked for `regionCode`. */
  regionCode?: string;
  /**
   * Sign number (签发号) of the e-card used; present only when the portal is registered with
   * `signNo` and the session asked for it by name (never implied by a session without scopes).
   * The same at every portal that receives it: it links the person across them.
   */
  signNo?: string;
  /** The e-card's level (2 when payment is enabled); present when asked for `level`. */
  level?: ECardLevel;
  /**
   * The assertion's `sub`: a stable identifier of this person for this portal (pairwise):
   * another portal gets another value for the same person, and the two cannot be joined.
   * Key your accounts on it.
   */
  subject: string;
  /** How the user confirmed: e-card password or real-person (face) check. */
  method: 'password' | 'real-person';
  /** The channel app the user confirmed in. */
  channelId: string;
}

/**
 * A session as the portal sees it: its state and, once `confirmed`, the verified identity.
 *
 * @example
 * ```ts
 * const status: LoginSessionStatus = await portal.getSession(sessionId);
 * if (status.state === 'confirmed') welcome(status.identity!.name);
 * ```
 */
export interface LoginSessionStatus {
  /** `pending`, `scanned`, `confirmed`, `rejected` or `expired`. */
  state: LoginState;
  /** Present when `state` is `confirmed`. */
  identity?: LoginIdentity;
}

/**
 * Options of {@link LoginPortal.waitForOutcome}.
 */
export interface WaitForOutcomeOptions {
  /** Stops waiting: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Time between polls, milliseconds (default 1000). */
  intervalMs?: number;
}

/**
 * Options of {@link LoginPortal.createSession}.
 */
export interface CreateSessionOptions {
  /**
   * The claims to ask the user for (R30), within what the portal is registered for (more:
   * `VALIDATION_FAILED`). Left out: all the registration allows except `signNo`, which is
   * released only when named here (and registered).
   */
  scopes?: LoginScope[];
}

/**
 * A government portal's scan-to-login.
 *
 * @example
 * ```ts
 * const portal: LoginPortal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
 * const { sessionId, qrText } = await portal.createSession();
 * ```
 */
export interface LoginPortal {
  /** The portal id assertions must be addressed to. */
  readonly portalId: string;
  /**
   * Opens a login session; show `qrText` as a QR code until `expiresAt` (120 s by default).
   *
   * @example
   * ```ts
   * const { sessionId, qrText } = await portal.createSession({ scopes: ['name', 'regionCode'] });
   * page.showQr(renderQrSvg(qrText));
   * ```
   */
  createSession(options?: CreateSessionOptions): Promise<LoginSession>;
  /**
   * The session's state: `pending`, `scanned`, `confirmed` (with `identity`), `rejected` or
   * `expired`. The first call that sees `confirmed` verifies the assertion and redeems it
   * (single use); later calls for the same session return the same identity. A bad assertion
   * is refused with `QR_INVALID_SIGNATURE` (forged, altered, for another portal or session),
   * `LOGIN_EXPIRED` (past its expiry) or `QR_REPLAYED` (redeemed already, e.g. by another
   * portal instance sharing the nonce store).
   *
   * @example
   * ```ts
   * const { state, identity } = await portal.getSession(sessionId);
   * ```
   */
  getSession(sessionId: string): Promise<LoginSessionStatus>;
  /**
   * Polls the session until it is final (`confirmed`, `rejected` or `expired`) and resolves
   * with it. Transient failures (`NETWORK`, `TIMEOUT`, `PLATFORM_UNAVAILABLE`) are polled
   * through; any other error rejects. An abort rejects with `signal.reason` (by default a
   * `DOMException` named `AbortError`, as `fetch` does) and leaves no timer behind.
   *
   * @example
   * ```ts
   * const outcome = await portal.waitForOutcome(sessionId, { signal: AbortSignal.timeout(130_000) });
   * if (outcome.state === 'confirmed') signIn(outcome.identity!);
   * ```
   */
  waitForOutcome(sessionId: string, options?: WaitForOutcomeOptions): Promise<LoginSessionStatus>;
}

const assertionClaims = z.object({
  sub: z.string().min(1).max(256),
  // R30: the scoped claims travel only when the user consented to them.
  name: z.string().min(1).max(64).optional(),
  idNumber: z
    .string()
    .regex(/^[0-9]{17}[0-9X]$/)
    .optional(),
  regionCode: z
    .string()
    .regex(/^[0-9]{6}$/)
    .optional(),
  signNo: z.string().min(1).max(64).optional(),
  level: z.union([z.literal(1), z.literal(2)]).optional(),
  channelId: z.string().min(1).max(64),
  amr: z.array(z.string()).min(1),
  sid: z.string(),
  jti: z.string().min(1).max(256),
  exp: z.number(),
});

function invalidAssertion(message: string): EsscError<'QR_INVALID_SIGNATURE'> {
  return new EsscError('QR_INVALID_SIGNATURE', `Login assertion refused: ${message}.`);
}

function invalidOption(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('createLoginPortal: ', [field], message);
}

function methodOf(amr: string[]): LoginIdentity['method'] | undefined {
  if (amr.includes('face')) return 'real-person';
  if (amr.includes('pwd')) return 'password';
  return undefined;
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('The wait for the login outcome was aborted.');
  error.name = 'AbortError';
  return error;
}

/** Errors from the adapter stay EsscErrors; anything else is a platform failure. */
function platformError(error: unknown): EsscError {
  if (isEsscError(error)) return error;
  return new EsscError('PLATFORM_UNAVAILABLE', 'The portal adapter failed.', { cause: error });
}

/**
 * Creates the scan-to-login side of a government portal (R17). The platform's keys come from
 * `adapter.jwks()`, cached and refreshed once when an assertion names a key the cache does
 * not hold (at most once per 30 s).
 *
 * @example
 * ```ts
 * import { createLoginPortal, renderQrSvg } from 'essc-sdk/acceptor';
 *
 * const portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
 * const session = await portal.createSession();
 * res.send(renderQrSvg(session.qrText));
 * const outcome = await portal.waitForOutcome(session.sessionId);
 * if (outcome.state === 'confirmed') startUserSession(outcome.identity!);
 * ```
 */
export function createLoginPortal(options: LoginPortalOptions): LoginPortal {
  const adapter = options?.adapter;
  if (typeof adapter?.getLoginSession !== 'function' || typeof adapter.portalId !== 'string') {
    throw invalidOption('adapter', 'must be a PortalAdapter (e.g. platform.portalAdapter(id))');
  }
  const now = options.now ?? Date.now;
  const tolerance = options.clockToleranceSeconds ?? MAX_CLOCK_TOLERANCE_SECONDS;
  if (
    typeof tolerance !== 'number' ||
    !Number.isFinite(tolerance) ||
    tolerance < 0 ||
    tolerance > MAX_CLOCK_TOLERANCE_SECONDS
  ) {
    throw invalidOption(
      'clockToleranceSeconds',
      `must be 0–${MAX_CLOCK_TOLERANCE_SECONDS} seconds`,
    );
  }
  const nonceStore = options.nonceStore ?? createMemoryNonceStore({ now });
  const portalId = adapter.portalId;
  const keys = new KeySetCache<KeySet>({
    load: () => adapter.jwks(),
    derive: (set) => set,
    now,
    refreshable: true,
  });
  /** Identities already redeemed, so polling again does not look like a replay. */
  const redeemed = new Map<string, { identity: LoginIdentity; forgetAt: number }>();
  /** Redemptions under way: two polls that both see `confirmed` must redeem once. */
  const redeeming = new Map<string, Promise<LoginIdentity>>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  function sweep(at: number): void {
    if (at - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = at;
    for (const [id, entry] of redeemed) if (entry.forgetAt <= at) redeemed.delete(id);
  }

  async function verifyAssertion(token: string, jwks: JWK[]): Promise<VerifyJwtResult> {
    return verifyJwt(jwks, token, {
      issuer: PLATFORM_ISSUER,
      audience: portalId,
      typ: LOGIN_ASSERTION_TYP,
      now: now(),
      clockToleranceSeconds: tolerance,
    });
  }

  async function redeem(sessionId: string, assertion: string | undefined): Promise<LoginIdentity> {
    if (typeof assertion !== 'string' || assertion.length === 0) {
      throw invalidAssertion('the platform reported the session confirmed without an assertion');
    }
    let current = (await keys.current()).keys;
    let result = await verifyAssertion(assertion, current);
    if (!result.ok && result.reason === 'signature') {
      const kid = peekJwsHeader(assertion)?.kid;
      if (kid === undefined || !current.some((k) => k.kid === kid)) {
        // Signed after a key rotation this cache has not seen: look once more.
        const fresh = await keys.refresh();
        if (fresh) {
          current = fresh.keys;
          result = await verifyAssertion(assertion, current);
        }
      }
    }
    if (!result.ok) {
      if (result.reason === 'expired') {
        throw new EsscError(
          'LOGIN_EXPIRED',
          'The login assertion has expired: start a new login session.',
        );
      }
      throw invalidAssertion(
        result.reason === 'claims'
          ? 'it is not a platform login assertion for this portal'
          : 'it is not signed by a key the platform publishes',
      );
    }
    const parsed = assertionClaims.safeParse(result.payload);
    if (!parsed.success) throw invalidAssertion('its claims are incomplete');
    const claims = parsed.data;
    if (claims.sid !== sessionId) throw invalidAssertion('it was issued for another session');
    const method = methodOf(claims.amr);
    if (!method) throw invalidAssertion('it names no known verification method');

    const forgetAt = claims.exp * 1000 + MAX_CLOCK_TOLERANCE_SECONDS * 1000 + NONCE_SKEW_MARGIN_MS;
    const first = await nonceStore.consume(
      `${LOGIN_NONCE_PREFIX}${portalId}:${claims.jti}`,
      forgetAt,
    );
    if (!first) {
      throw new EsscError(
        'QR_REPLAYED',
        'This login assertion was already redeemed: start a new login session.',
      );
    }
    const identity: LoginIdentity = {
      ...(claims.name !== undefined ? { name: claims.name } : {}),
      ...(claims.idNumber !== undefined ? { idNumber: claims.idNumber } : {}),
      ...(claims.regionCode !== undefined ? { regionCode: claims.regionCode } : {}),
      ...(claims.signNo !== undefined ? { signNo: claims.signNo } : {}),
      ...(claims.level !== undefined ? { level: claims.level as ECardLevel } : {}),
      subject: claims.sub,
      method,
      channelId: claims.channelId,
    };
    redeemed.set(sessionId, { identity, forgetAt });
    return identity;
  }

  async function getSession(sessionId: string, signal?: AbortSignal): Promise<LoginSessionStatus> {
    if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 256) {
      throw new EsscError('VALIDATION_FAILED', 'The session id must be 1–256 characters.', {
        details: { issues: [{ path: ['sessionId'], message: 'must be 1–256 characters' }] },
      });
    }
    const at = now();
    sweep(at);
    const known = redeemed.get(sessionId);
    if (known && known.forgetAt > at) return { state: 'confirmed', identity: known.identity };

    let session: Awaited<ReturnType<PortalAdapter['getLoginSession']>>;
    try {
      session = await adapter.getLoginSession({ sessionId }, signal ? { signal } : {});
    } catch (error) {
      throw platformError(error);
    }
    if (session.state !== 'confirmed') return { state: session.state };

    let pending = redeeming.get(sessionId);
    if (!pending) {
      pending = redeem(sessionId, session.assertion).finally(() => redeeming.delete(sessionId));
      redeeming.set(sessionId, pending);
    }
    return { state: 'confirmed', identity: await pending };
  }

  return {
    portalId,

    async createSession(sessionOptions = {}) {
      try {
        const { scopes } = sessionOptions;
        return await adapter.createLoginSession(scopes === undefined ? {} : { scopes });
      } catch (error) {
        throw platformError(error);
      }
    },

    getSession: (sessionId) => getSession(sessionId),

    waitForOutcome(sessionId, waitOptions = {}) {
      const signal = waitOptions?.signal;
      const intervalMs = waitOptions?.intervalMs ?? 1000;
      if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
        return Promise.reject(
          new EsscError('VALIDATION_FAILED', 'intervalMs must be a positive number.', {
            details: { issues: [{ path: ['intervalMs'], message: 'must be positive' }] },
          }),
        );
      }
      return new Promise<LoginSessionStatus>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        let settled = false;
        const finish = (settle: () => void) => {
          if (settled) return;
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          settle();
        };
        const onAbort = () => finish(() => reject(abortReason(signal!)));
        signal?.addEventListener('abort', onAbort, { once: true });

        const poll = async () => {
          timer = undefined;
          try {
            const status = await getSession(sessionId, signal);
            if (settled) return;
            if (FINAL_STATES.has(status.state)) {
              finish(() => resolve(status));
              return;
            }
          } catch (error) {
            if (settled) return;
            if (!isEsscError(error) || !error.retryable) {
              finish(() => reject(error));
              return;
            }
          }
          timer = setTimeout(poll, intervalMs);
        };
        void poll();
      });
    },
  };
}
