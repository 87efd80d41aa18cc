import type { JWK } from 'jose';
import { sealSecret } from '../crypto/index.js';
import { channelIdSchema } from '../domain/schemas.js';
import type { PlatformNotification, UserVerification } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { sealedSecretContext } from '../platform/protocol.js';
import { PLATFORM_ROUTES } from '../wire/routes.js';
import { MAX_POLL_WAIT_MS } from '../wire/schemas.js';
import { checkCallerKey, type HttpTransportOptions, WireTransport } from './transport.js';

/**
 * Options of {@link createHttpAdapter}.
 *
 * @example
 * ```ts
 * const options: HttpAdapterOptions = {
 *   baseUrl: 'http://127.0.0.1:8787',
 *   channelId: 'wechat',
 *   channelKey: privateJwk,
 *   timeoutMs: 5_000,
 *   retries: 3,
 * };
 * ```
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

  /** Seals each secret once per call, so all attempts send the same bytes. */
  const sealer = async (ctx: RequestContext) => {
    const key = await transport.encryptionKey(ctx);
    const seal = (secret: string) => sealSecret(key, secret, sealedSecretContext(channelId));
    const sealVerification = async (v: UserVerification) =>
      'password' in v
        ? { password: await seal(v.password) }
        : { realPerson: await seal(v.realPerson) };
    return { seal, sealVerification };
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

  return {
    channelId,
    ...(options.notifications ? { subscribe } : {}),
    async apply(input, ctx) {
      const { seal } = await sealer(ctx);
      return transport.call(
        routes.apply,
        {},
        {
          channelUserId: input.channelUserId,
          name: input.name,
          idNumber: input.idNumber,
          realPerson: await seal(input.realPerson),
          password: await seal(input.password),
        },
        ctx,
      );
    },
    getCard: ({ signNo }, ctx) => transport.call(routes.getCard, { signNo }, undefined, ctx),
    async unbind({ signNo, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      await transport.call(
        routes.unbind,
        { signNo },
        { verification: await sealVerification(verification) },
        ctx,
      );
    },
    async changePassword({ signNo, oldPassword, newPassword }, ctx) {
      const { seal } = await sealer(ctx);
      await transport.call(
        routes.changePassword,
        { signNo },
        { oldPassword: await seal(oldPassword), newPassword: await seal(newPassword) },
        ctx,
      );
    },
    async resetPassword({ signNo, realPerson, newPassword }, ctx) {
      const { seal } = await sealer(ctx);
      await transport.call(
        routes.resetPassword,
        { signNo },
        { realPerson: await seal(realPerson), newPassword: await seal(newPassword) },
        ctx,
      );
    },
    async enablePayment({ signNo, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.enablePayment,
        { signNo },
        { verification: await sealVerification(verification) },
        ctx,
      );
    },
    async issueQr({ signNo, purpose, verification, memberId }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.issueQr,
        { signNo },
        {
          purpose,
          ...(verification ? { verification: await sealVerification(verification) } : {}),
          ...(memberId !== undefined ? { memberId } : {}),
        },
        ctx,
      );
    },
    scanLogin: ({ signNo, qrText }, ctx) =>
      transport.call(routes.scanLogin, {}, { signNo, qrText }, ctx),
    async confirmLogin({ signNo, requestId, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      await transport.call(
        routes.confirmLogin,
        { requestId },
        { signNo, verification: await sealVerification(verification) },
        ctx,
      );
    },
    async rejectLogin({ signNo, requestId }, ctx) {
      await transport.call(routes.rejectLogin, { requestId }, { signNo }, ctx);
    },
    listPayments: async ({ signNo }, ctx) =>
      (await transport.call(routes.listPayments, { signNo }, undefined, ctx)).payments,
    listBills: async ({ signNo }, ctx) =>
      (await transport.call(routes.listBills, { signNo }, undefined, ctx)).bills,
    async payBill({ signNo, billId, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.payBill,
        { signNo, billId },
        { verification: await sealVerification(verification) },
        ctx,
      );
    },
    async query({ signNo, topic, verification, memberId }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.query,
        { signNo },
        {
          topic,
          verification: await sealVerification(verification),
          ...(memberId !== undefined ? { memberId } : {}),
        },
        ctx,
      );
    },
    async submitApplication({ signNo, service, form, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.submitApplication,
        { signNo },
        { service, form, verification: await sealVerification(verification) },
        ctx,
      );
    },
    getApplication: ({ signNo, applicationId }, ctx) =>
      transport.call(routes.getApplication, { signNo, applicationId }, undefined, ctx),
    listApplications: async ({ signNo }, ctx) =>
      (await transport.call(routes.listApplications, { signNo }, undefined, ctx)).applications,
    async withdrawApplication({ signNo, applicationId, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      return transport.call(
        routes.withdrawApplication,
        { signNo, applicationId },
        { verification: await sealVerification(verification) },
        ctx,
      );
    },
    listAuthorizations: async ({ signNo }, ctx) =>
      (await transport.call(routes.listAuthorizations, { signNo }, undefined, ctx)).authorizations,
    // Family service and certification (R31–R33).
    async addFamilyMember({ signNo, verification, memberProof, ...member }, ctx) {
      const { seal, sealVerification } = await sealer(ctx);
      return transport.call(
        routes.addFamilyMember,
        { signNo },
        {
          relation: member.relation,
          name: member.name,
          idNumber: member.idNumber,
          verification: await sealVerification(verification),
          ...(memberProof !== undefined ? { memberProof: await seal(memberProof) } : {}),
        },
        ctx,
      );
    },
    listFamilyMembers: async ({ signNo }, ctx) =>
      (await transport.call(routes.listFamilyMembers, { signNo }, undefined, ctx)).members,
    async removeFamilyMember({ signNo, memberId, verification }, ctx) {
      const { sealVerification } = await sealer(ctx);
      await transport.call(
        routes.removeFamilyMember,
        { signNo, memberId },
        { verification: await sealVerification(verification) },
        ctx,
      );
    },
    getCertification: ({ signNo, memberId }, ctx) =>
      transport.call(
        routes.getCertification,
        { signNo },
        memberId !== undefined ? { memberId } : {},
        ctx,
      ),
    async certify({ signNo, realPerson, memberId }, ctx) {
      const { seal } = await sealer(ctx);
      return transport.call(
        routes.certify,
        { signNo },
        { realPerson: await seal(realPerson), ...(memberId !== undefined ? { memberId } : {}) },
        ctx,
      );
    },
  };
}
