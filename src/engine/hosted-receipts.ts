import { randomId, signJwt } from '../crypto/index.js';
import type { ErrorCode } from '../domain/errors.js';
import { RECEIPT_CODES, type ReceiptKind } from '../domain/hosted.js';
import { validationError } from '../domain/validation.js';
import { PLATFORM_ISSUER, RECEIPT_TTL_SECONDS, RECEIPT_TYP } from '../platform/protocol.js';
import type { EngineContext } from './context.js';

/** What a receipt says of the e-card, when the page knew it (R36). */
export interface ReceiptCard {
  signNo: string;
  signLevel: '1' | '2';
  regionCode: string;
}

/** What the page knows when it ends. */
export interface ReceiptInput {
  kind: ReceiptKind;
  busiSeq: string;
  channelId: string;
  channelUserId: string;
  card: ReceiptCard | undefined;
  error?: ErrorCode;
}

/**
 * Signs a hosted page's receipt (R36) with the platform's current signing key, in its suite
 * (EdDSA or SM2), as login assertions are signed: the claims of R36's table, `jti`, and `exp`
 * ten minutes on, addressed (`aud`) to the channel. No password, proof or person's name.
 */
export async function signReceipt(ctx: EngineContext, input: ReceiptInput): Promise<string> {
  const { type, code } = RECEIPT_CODES[input.kind];
  return signJwt(
    await ctx.keys.currentSigningKey(),
    {
      kind: input.kind,
      codeType: type,
      code,
      busiSeq: input.busiSeq,
      channelId: input.channelId,
      channelUserId: input.channelUserId,
      ...(input.card ?? {}),
      at: new Date(ctx.now()).toISOString(),
      ...(input.error ? { error: input.error } : {}),
      jti: randomId(16),
    },
    {
      issuer: PLATFORM_ISSUER,
      audience: input.channelId,
      expiresInSeconds: RECEIPT_TTL_SECONDS,
      typ: RECEIPT_TYP,
      now: ctx.now(),
    },
  );
}

/**
 * The launch's return address with the receipt as its `receipt` query parameter, built with the
 * URL API: the channel's own parameters are kept (a `receipt` of its own is replaced, so the
 * one the channel reads is the platform's), an empty query (`…/back?`) gives `?receipt=`, and
 * a fragment stays after the query.
 */
export function withReceipt(returnUrl: string, receipt: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('receipt', receipt);
  return url.href;
}

/** A loopback address: `localhost`, `127.x.x.x` or `[::1]`, with an optional port. */
const LOOPBACK_HTTP = /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?:[/?]|$)/i;
/** An absolute https: address with a host and no credentials. */
const HTTPS = /^https:\/\/[^/?@\s]+(?:[/?][^\s#]*)?$/i;

/**
 * R35: where a page may send the browser back. `https:` always; a loopback `http:` only on a
 * platform in test mode (the sandbox, a developer's machine). No credentials, no fragment: the
 * receipt goes to this address and no other (no open redirect: it is fixed at the launch).
 */
export function checkReturnUrl(returnUrl: string, testMode: boolean): void {
  if (HTTPS.test(returnUrl)) return;
  if (testMode && LOOPBACK_HTTP.test(returnUrl) && !returnUrl.includes('@')) return;
  throw validationError(
    testMode
      ? 'The return URL must be https: (or http: to a loopback address in test mode).'
      : 'The return URL must be https:.',
    { path: ['returnUrl'], message: 'must be https:' },
  );
}
