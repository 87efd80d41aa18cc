/**
 * A hospital desk: verifies dynamic e-card QR codes as a USB scanner types them — one code per
 * line on stdin — and prints one line per code on stdout:
 *
 *   ACCEPTED identity 张* 440100 card=Q2xv…(22 chars) channel=wechat
 *   ACCEPTED identity 张* 440100 card=…(22 chars) channel=wechat on-behalf=parent
 *   REFUSED QR_REPLAYED 二维码已使用 — Ask the user for a fresh code; a replayed code may be a copy.
 *
 * `on-behalf=` marks a family member's code shown by the card holder's relative (亲情服务,
 * R32): the holder, whose name, region and `card=` the line gives, is the `parent`, `child`,
 * `spouse` or `other` relative of the person at the desk. The desk serves the card holder (a
 * parent's visit, say) and knows someone else holds the phone: it may ask for the holder
 * in person or for the relative's own ID, as its rules say.
 *
 * Every desk of the hospital shares one Redis: a code accepted at one desk is refused
 * (`QR_REPLAYED`) at every other, and with the same `ESSC_CARD_REF_SECRET` they all give a
 * card the same `card=` reference.
 *
 *   ESSC_JWKS_URL=http://127.0.0.1:8787/.well-known/jwks.json \
 *   REDIS_URL=redis://127.0.0.1:6379 ESSC_CARD_REF_SECRET=… \
 *   npx tsx examples/acceptor-node/desk.ts
 *
 * Environment:
 * - `ESSC_JWKS_URL`: the platform's published keys (default: `ESSC_PLATFORM_URL` +
 *   `/.well-known/jwks.json`, where `ESSC_PLATFORM_URL` defaults to the `essc-sandbox` command's
 *   `http://127.0.0.1:8787`).
 * - `REDIS_URL`: the shared replay store (default `redis://127.0.0.1:6379`).
 * - `ESSC_CARD_REF_SECRET`: the hospital's secret behind `card=` (≥ 16 bytes), the same at every
 *   desk. Without it each desk makes a random one and `card=` only holds for that run.
 * - `ESSC_STATUS_LIST_URL`: the platform's status list of offline credentials (default:
 *   `ESSC_PLATFORM_URL` + `/v1/status-lists/offline`). An offline code (made on the phone with
 *   no network) is accepted with ` offline` at the end of its line.
 * - `ESSC_DESK`: a name put before every line (e.g. `desk-2`), for logs of several desks.
 */
import { createInterface } from 'node:readline';
import { ERROR_TABLE, isEsscError } from 'essc-sdk';
import { createQrVerifier } from 'essc-sdk/acceptor';
import { errorAction } from 'essc-sdk/errors';
import { createRedisNonceStore } from 'essc-sdk/redis';
import { Redis } from 'ioredis';

const env = process.env;
const platformUrl = (env.ESSC_PLATFORM_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const jwksUrl = env.ESSC_JWKS_URL ?? `${platformUrl}/.well-known/jwks.json`;
const statusListUrl = env.ESSC_STATUS_LIST_URL ?? `${platformUrl}/v1/status-lists/offline`;
const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cardRefSecret = env.ESSC_CARD_REF_SECRET || undefined;
const prefix = env.ESSC_DESK ? `${env.ESSC_DESK} ` : '';

if (!cardRefSecret) {
  console.error(
    `${prefix}warning: ESSC_CARD_REF_SECRET is not set: card references hold for this run of this desk only.`,
  );
}

// A failing Redis must refuse codes quickly (PLATFORM_UNAVAILABLE), not queue them for minutes.
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
let lastRedisError = '';
redis.on('error', (error: Error) => {
  // ioredis reports every reconnection attempt; say it once per distinct error.
  if (error.message === lastRedisError) return;
  lastRedisError = error.message;
  console.error(`${prefix}redis: ${error.message}`);
});
redis.on('ready', () => {
  lastRedisError = '';
});

const verifier = createQrVerifier({
  jwks: jwksUrl,
  // Offline codes (made on the phone with no network, R41) are checked against the platform's
  // signed status list: loaded on the first one, refreshed after its ttl, refused once older
  // than an hour (STATUS_STALE) — a revocation the desk cannot see must not pass for long.
  statusList: statusListUrl,
  nonceStore: createRedisNonceStore({ client: redis }),
  ...(cardRefSecret ? { cardRefSecret } : {}),
});

/** Verifies one scanned code and prints its line. */
async function scan(text: string): Promise<void> {
  try {
    const qr = await verifier.verify(text);
    const onBehalf = qr.onBehalf ? ` on-behalf=${qr.onBehalf.relation}` : '';
    const offline = qr.offline ? ' offline' : '';
    console.log(
      `${prefix}ACCEPTED ${qr.purpose} ${qr.holderName} ${qr.regionCode} card=${qr.cardRef} channel=${qr.channelId}${onBehalf}${offline}`,
    );
  } catch (error) {
    if (!isEsscError(error)) {
      // A bug, not a refusal: say so, and end with a failure status once stdin is done.
      console.log(`${prefix}ERROR ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
      return;
    }
    const row = ERROR_TABLE[error.code];
    const again = error.retryable ? ' (scan again)' : '';
    console.log(`${prefix}REFUSED ${error.code} ${row.zh} — ${errorAction(error)}${again}`);
  }
}

// A scanner "types" the code and presses Enter. Only the line end is stripped: base45 has a
// space in its alphabet, so a code may begin or end with one.
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
for await (const line of lines) {
  const text = line.replace(/\r$/, '');
  if (text.length === 0) continue;
  // One at a time, in the order scanned: the queue at a desk is a queue.
  await scan(text);
}
await redis.quit().catch(() => redis.disconnect());
