import type { JWK } from 'jose';
import { sealSecret } from '../crypto/index.js';
import { channelIdSchema } from '../domain/schemas.js';
import type { PlatformNotification } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import {
  PLATFORM_OPERATIONS,
  type PlatformAdapter,
  type PlatformOperation,
  type RequestContext,
} from '../platform/operations.js';
import type { KeySet } from '../platform/port.js';
import { sealedSecretContext } from '../platform/protocol.js';
import { hasSecrets, refuseStraySecrets, sealSecrets } from '../platform/seal-secrets.js';
import { PLATFORM_ROUTES } from '../wire/routes.js';
import { MAX_POLL_WAIT_MS } from '../wire/schemas.js';
import { wireCall } from './operation-call.js';
import { checkCallerKey, type HttpTransportOptions, WireTransport } from './transport.js';

/**
 * Options of {@link createHttpAdapter}.
 */
export interface HttpAdapterOptions extends HttpTransportOptions {
  /** The channel number the platform registered this channel app under. */
  channelId: string;
  /**
   * The channel's private JWK (Ed25519 → EdDSA, or P-256 → ES256). Keep it in the channel's
   * backend; the platform holds the public half. See `generateCallerKeyPair`.
   */
  channelKey: JWK;
  /**
   * Deliver the platform's notifications (`subscribe`, R13) by long-polling
   * `POST /v1/notifications/poll` while anyone listens (default `false`: the adapter then has
   * no `subscribe`, and a client made on it keeps no request open — a short-lived process can
   * exit at once).
   */
  notifications?:
    | boolean
    | {
        /** How long one poll waits on the platform, milliseconds (default 20 000). */
        waitMs?: number;
      };
}

/**
 * The adapter of a channel app talking to the platform over the wire protocol (v1): signed
 * requests (R19), secrets sealed to the platform's key before they leave (R18), answers
 * accepted only when the platform signed them for this very request, and retries that are
 * safe because every mutating request carries one idempotency key for all its attempts (R20).
 *
 * - Timeouts: `timeoutMs` per attempt (default 10 s) → `TIMEOUT`.
 * - Retries: `retries` (default 2) after network failures, timeouts and 502/503/504 only —
 *   never after a 4xx — with full-jitter exponential backoff; POST included.
 * - Failures: unreachable → `NETWORK`; timeout → `TIMEOUT`; 5xx → `PLATFORM_UNAVAILABLE` (all
 *   retryable); a platform error → the same `EsscError` code with its details, `requestId`
 *   and `statusCode`; an answer not signed by the platform for this request, or signed but
 *   unreadable → `PLATFORM_UNAVAILABLE`, `retryable: true`: the request was sent, so its outcome
 *   is unknown, and retrying it as it was (same idempotency key) answers the first outcome (R20).
 * - `ctx.signal` aborts the call (→ `NETWORK`); the platform may still have applied it.
 * - Notifications (card status changes made elsewhere) with `notifications: true`.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createHttpAdapter } from 'essc-sdk/http';
 *
 * const client = createClient({
 *   adapter: createHttpAdapter({
 *     baseUrl: 'https://essc-gateway.example.cn',
 *     channelId: 'wechat',
 *     channelKey: JSON.parse(process.env.ESSC_CHANNEL_KEY!),
 *   }),
 * });
 * ```
 */
export function createHttpAdapter(options: HttpAdapterOptions): PlatformAdapter {
  if (!channelIdSchema.safeParse(options?.channelId).success) {
    throw validationError('channelId must be a registered channel id.', {
      path: ['channelId'],
      message: 'not a channel id',
    });
  }
  checkCallerKey(options.channelKey, 'channelKey');
  const { channelId } = options;
  const transport = new WireTransport(options, {
    kind: 'channel',
    id: channelId,
    key: options.channelKey,
  });
  const routes = PLATFORM_ROUTES;

  /** Seals the call's secrets (once per call, so all its attempts send the same bytes). */
  const seal = async (operation: PlatformOperation, input: unknown, ctx: RequestContext) => {
    refuseStraySecrets(operation, input);
    // An input with nothing to seal (an identity QR code) needs no encryption key.
    if (!hasSecrets(operation, input)) return input as Record<string, unknown>;
    const key = await transport.encryptionKey(ctx);
    return sealSecrets(operation, input, (secret) =>
      sealSecret(key, secret, sealedSecretContext(channelId)),
    );
  };

  /** One operation over the wire, its secrets sealed first. */
  const call = (operation: PlatformOperation) => {
    const send = wireCall(transport, operation);
    return async (input: unknown, ctx: RequestContext): Promise<unknown> =>
      send(await seal(operation, input, ctx), ctx);
  };

  const notificationOptions =
    typeof options.notifications === 'object' ? options.notifications : {};
  const notificationWaitMs = Math.min(notificationOptions.waitMs ?? 20_000, MAX_POLL_WAIT_MS);
  const pollTimeoutMs = notificationWaitMs + (options.timeoutMs ?? 10_000);
  const listeners = new Set<(notification: PlatformNotification) => void>();
  let polling: AbortController | undefined;

  /** Long-polls while anyone listens; backs off after failures and stops when the last one leaves. */
  async function poll(stop: AbortSignal): Promise<void> {
    let cursor: number | undefined;
    let failures = 0;
    while (!stop.aborted) {
      try {
        const answer = await transport.call(
          routes.pollNotifications,
          {},
          { ...(cursor === undefined ? {} : { after: cursor }), waitMs: notificationWaitMs },
          { signal: stop, timeoutMs: pollTimeoutMs },
        );
        failures = 0;
        cursor = answer.cursor;
        for (const notification of answer.notifications) {
          for (const listener of [...listeners]) {
            try {
              listener(notification);
            } catch {
              // One listener's failure must not stop the others, nor the feed.
            }
          }
        }
      } catch {
        if (stop.aborted) return;
        failures += 1;
        const ms = Math.random() * Math.min(30_000, 500 * 2 ** failures);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          stop.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  const subscribe = (listener: (notification: PlatformNotification) => void) => {
    listeners.add(listener);
    if (!polling) {
      polling = new AbortController();
      void poll(polling.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && polling) {
        polling.abort();
        polling = undefined;
      }
    };
  };

  const adapter: Record<string, unknown> = {
    channelId,
    ...(options.notifications ? { subscribe } : {}),
    // The keys its answers are verified with, fetched afresh: for receipts (R36).
    jwks: (ctx?: RequestContext): Promise<KeySet> => transport.refreshJwks(ctx),
  };
  for (const operation of PLATFORM_OPERATIONS) adapter[operation] = call(operation);
  return adapter as PlatformAdapter;
}
