import type { JWK } from 'jose';
import { EsscError } from '../domain/errors.js';
import { CALLER_ID_PATTERN } from '../domain/schemas.js';
import type { PlatformEngine } from '../engine/engine.js';
import {
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  NONCE_WINDOW_MS,
  WIRE_HEADERS,
} from '../wire/protocol.js';
import { bodySha256, type CallerKind, verifyRequestSignature } from '../wire/signatures.js';

/** The caller header of each kind of caller. */
const CALLER_HEADERS: Record<CallerKind, string> = {
  channel: WIRE_HEADERS.channel,
  portal: WIRE_HEADERS.portal,
  merchant: WIRE_HEADERS.merchant,
};

/**
 * The nonces seen in the replay window. Each is kept for {@link NONCE_WINDOW_MS} after it
 * was first seen and then forgotten: a request replayed later carries a timestamp outside
 * the skew window and is refused on that ground, so memory follows the last ten minutes of
 * traffic only.
 */
class NonceWindow {
  // Map iteration follows insertion, and every entry lives equally long, so expired entries
  // are always at the front.
  private readonly seen = new Map<string, number>();
  /** When the first entry expires (Infinity when there is none): no iterator per request. */
  private firstExpiry = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /** Records the nonce; false if it was already seen in the window. */
  add(key: string): boolean {
    const now = this.now();
    if (this.firstExpiry <= now) {
      this.firstExpiry = Number.POSITIVE_INFINITY;
      for (const [seenKey, expiresAt] of this.seen) {
        if (expiresAt > now) {
          this.firstExpiry = expiresAt;
          break;
        }
        this.seen.delete(seenKey);
      }
    }
    if (this.seen.has(key)) return false;
    if (this.seen.size === 0) this.firstExpiry = now + NONCE_WINDOW_MS;
    this.seen.set(key, now + NONCE_WINDOW_MS);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * What authentication reads of a request: its method, URL (path and query) and headers.
 *
 * @internal
 */
export interface AuthenticatedRequest {
  method: string;
  url: Pick<URL, 'pathname' | 'search'>;
  /** A header's value (lower-case name), or `null`. */
  header(name: string): string | null;
}

/**
 * R19: authenticates a channel's, portal's or merchant's request by its signature. Every
 * refusal is `CHANNEL_UNAUTHORIZED` (401) — `MERCHANT_UNAUTHORIZED` on merchant routes (R21) —
 * and happens before the engine is called, so a refused request changes nothing. The messages say what to fix, since the sandbox is where channel
 * developers find out.
 *
 *
 * @internal
 */
export class RequestAuthenticator {
  private readonly nonces: NonceWindow;

  constructor(
    private readonly engine: PlatformEngine,
    private readonly now: () => number,
  ) {
    this.nonces = new NonceWindow(now);
  }

  /** How many nonces are remembered (for tests of the bounded window). */
  get rememberedNonces(): number {
    return this.nonces.size;
  }

  /** Returns the authenticated caller id, or throws `CHANNEL_UNAUTHORIZED` (`MERCHANT_UNAUTHORIZED`). */
  async authenticate(
    request: AuthenticatedRequest,
    kind: CallerKind,
    body: Uint8Array,
  ): Promise<string> {
    const { url } = request;
    const code = kind === 'merchant' ? 'MERCHANT_UNAUTHORIZED' : 'CHANNEL_UNAUTHORIZED';
    const unauthorized = (message: string) => new EsscError(code, message);
    const callerHeader = CALLER_HEADERS[kind];
    const caller = request.header(callerHeader);
    const timestampText = request.header(WIRE_HEADERS.timestamp);
    const nonce = request.header(WIRE_HEADERS.nonce);
    const signature = request.header(WIRE_HEADERS.signature);
    if (!caller) throw unauthorized(`The request has no ${callerHeader} header.`);
    // Checked before it is echoed in a message or used as a key.
    if (!CALLER_ID_PATTERN.test(caller))
      throw unauthorized(`The ${callerHeader} header is not a registered id.`);
    if (!signature) throw unauthorized(`The request has no ${WIRE_HEADERS.signature} header.`);
    if (!timestampText || !/^[0-9]{1,16}$/.test(timestampText)) {
      throw unauthorized(
        `The ${WIRE_HEADERS.timestamp} header must be milliseconds since the epoch.`,
      );
    }
    if (!nonce || !NONCE_PATTERN.test(nonce)) {
      throw unauthorized(`The ${WIRE_HEADERS.nonce} header must be 16–128 base64url characters.`);
    }
    const timestamp = Number(timestampText);
    if (Math.abs(this.now() - timestamp) > MAX_CLOCK_SKEW_MS) {
      throw unauthorized(
        'The request timestamp is more than 5 minutes off the platform clock; check the clock.',
      );
    }
    const record =
      kind === 'channel'
        ? this.engine.channel(caller)
        : kind === 'portal'
          ? this.engine.portal(caller)
          : this.engine.merchant(caller);
    if (!record) throw unauthorized(`Unknown ${kind} "${caller}".`);
    if (!record.publicKey) {
      throw unauthorized(
        `The ${kind} "${caller}" has no registered public key; register it with { publicKey } to call over HTTP.`,
      );
    }
    const payload = await verifyRequestSignature(record.publicKey as JWK, signature);
    if (!payload) {
      throw unauthorized(
        `The request signature does not verify with the ${kind}'s registered key.`,
      );
    }
    const idempotencyKey = request.header(WIRE_HEADERS.idempotencyKey) ?? undefined;
    const matches =
      payload.kind === kind &&
      payload.caller === caller &&
      payload.method === request.method &&
      payload.path === url.pathname + url.search &&
      payload.timestamp === timestamp &&
      payload.nonce === nonce &&
      payload.idempotencyKey === idempotencyKey &&
      payload.bodySha256 === (await bodySha256(body, record.publicKey as JWK));
    if (!matches) {
      throw unauthorized(
        'The request signature does not cover this request (method, path, body, timestamp, nonce or idempotency key differ).',
      );
    }
    // Recorded only once the signature is good: unauthenticated traffic cannot fill the window.
    if (!this.nonces.add(`${kind}\u0000${caller}\u0000${nonce}`)) {
      throw unauthorized('This nonce was already used: the request is a replay.');
    }
    return caller;
  }
}
