import { EventEmitter } from 'eventemitter3';
import * as z from 'zod/mini';
import { EsscError, isEsscError } from '../domain/errors.js';
import { checkIdempotencyKey, newIdempotencyKey } from '../domain/idempotency-key.js';
import { parseInput } from '../domain/parse-input.js';
import type { QueryTopic, TopicQueryResult } from '../domain/records.js';
import {
  channelUserIdSchema,
  currentPasswordSchema,
  idNumberSchema,
  nameSchema,
  passwordSchema,
  qrPurposeSchema,
  realPersonProofSchema,
  signNoSchema,
  userVerificationSchema,
} from '../domain/schemas.js';
import type { Application, ServiceForms, ServiceId } from '../domain/services.js';
import type {
  Authorization,
  Bill,
  DynamicQr,
  ECard,
  LoginRequest,
  Payment,
  PlatformNotification,
  QrPurpose,
  RealPersonProof,
  UserVerification,
} from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import { OPERATION_TRAITS, type PlatformOperation } from '../platform/operations.js';
import type {
  PlatformAdapter,
  QueryInput,
  RequestContext,
  SubmitApplicationInput,
} from '../platform/port.js';
import type { EsscClientEvents } from './events.js';

/**
 * Options of {@link createClient}.
 *
 * @example
 * ```ts
 * // A channel backend serving every user: card events for all the channel's cards.
 * const options: ClientOptions = { adapter: createHttpAdapter(config), cardEvents: 'all' };
 * ```
 */
export interface ClientOptions {
  /** The platform adapter: `MockPlatform#adapter`, `createHttpAdapter`, the relay adapter… */
  adapter: PlatformAdapter;
  /**
   * Which notifications become card events: only those of cards this client has seen
   * (`'known-cards'`, the default: right for one user's app) or all of the channel's
   * (`'all'`: right for a channel backend serving every user).
   */
  cardEvents?: 'known-cards' | 'all';
}

/**
 * Per-call options.
 *
 * @example
 * ```ts
 * const idempotencyKey = crypto.randomUUID(); // keep it until the outcome is known
 * await client.changePassword(input, { idempotencyKey, signal: AbortSignal.timeout(15_000) });
 * ```
 */
export interface CallOptions {
  /**
   * The idempotency key of a mutating call (R20). Left out, the client makes one per call;
   * pass your own to retry a call whose outcome you did not get without doing it twice.
   */
  idempotencyKey?: string;
  /** Aborts the call (the adapter stops waiting; the platform may still have applied it). */
  signal?: AbortSignal;
}

const apply = z.strictObject({
  channelUserId: channelUserIdSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
  realPerson: realPersonProofSchema,
  // Set at the first application, verified at later ones (R8): the platform knows which,
  // so the client checks only the form here and the platform applies the password rules.
  password: currentPasswordSchema,
});
const bySignNo = z.strictObject({ signNo: signNoSchema });
// The bill id's form is the platform's to check (BILL_NOT_FOUND); here only its shape, so the
// core does not bundle the payment schemas.
const payBill = z.strictObject({
  signNo: signNoSchema,
  billId: z.string().check(z.minLength(1), z.maxLength(64)),
  verification: userVerificationSchema,
});
const withVerification = z.strictObject({
  signNo: signNoSchema,
  verification: userVerificationSchema,
});
const changePassword = z.strictObject({
  signNo: signNoSchema,
  oldPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
const resetPassword = z.strictObject({
  signNo: signNoSchema,
  realPerson: realPersonProofSchema,
  newPassword: passwordSchema,
});
const issueQr = z.strictObject({
  signNo: signNoSchema,
  purpose: z._default(qrPurposeSchema, 'identity'),
  verification: z.optional(userVerificationSchema),
});
const scanLogin = z.strictObject({
  signNo: signNoSchema,
  qrText: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: 'The scanned text is empty.' }),
      z.maxLength(2048, { error: 'The scanned text is too long to be a login code.' }),
    ),
});
const requestIdSchema = z
  .string()
  .check(
    z.minLength(1, { error: 'The request id is empty.' }),
    z.maxLength(128, { error: 'The request id is too long.' }),
  );
const confirmLogin = z.strictObject({
  signNo: signNoSchema,
  requestId: requestIdSchema,
  verification: userVerificationSchema,
});
const rejectLogin = z.strictObject({ signNo: signNoSchema, requestId: requestIdSchema });
// The topic, service and form are checked by the platform, which owns the catalogue: the
// core does not ship the record and form schemas (its size budget), and a new topic or
// service needs no client release. Only their shape is checked here.
// One check for the ids and names the platform owns (topic, service, member, application).
const platformName = z
  .string()
  .check(
    z.minLength(1, { error: 'Must not be empty.' }),
    z.maxLength(128, { error: 'Must be at most 128 characters.' }),
  );
const query = z.strictObject({
  signNo: signNoSchema,
  topic: platformName,
  verification: userVerificationSchema,
  memberId: z.optional(platformName),
});
const submitApplication = z.strictObject({
  signNo: signNoSchema,
  service: platformName,
  // Any object: its fields are the service's, checked by the platform. Only the shape is
  // checked (an object schema would strip the fields); the form goes on as given.
  form: z.object({}),
  verification: userVerificationSchema,
});
const byApplication = z.strictObject({ signNo: signNoSchema, applicationId: platformName });
const withdrawApplication = z.strictObject({
  signNo: signNoSchema,
  applicationId: platformName,
  verification: userVerificationSchema,
});

/**
 * A channel app's handle on the e-card flows. Every call validates its input before it
 * reaches the adapter, carries an idempotency key when it changes something, and rejects
 * with an {@link EsscError}. Events: {@link EsscClientEvents}.
 *
 * @example
 * ```ts
 * const client = createClient({ adapter });
 * client.on('card:status', ({ signNo, status }) => console.log(signNo, status));
 * const card = await client.apply({ channelUserId: 'u1', name: '张三', idNumber, realPerson, password: '258046' });
 * ```
 */
export class EsscClient extends EventEmitter<EsscClientEvents> {
  /** The adapter this client calls. */
  readonly adapter: PlatformAdapter;
  private readonly cardEvents: 'known-cards' | 'all';
  private readonly knownCards = new Set<string>();
  private readonly unsubscribe: (() => void) | undefined;

  constructor(options: ClientOptions) {
    super();
    if (typeof options?.adapter?.apply !== 'function') {
      throw validationError(
        'createClient needs { adapter }: a PlatformAdapter such as platform.adapter(channelId).',
        { path: ['adapter'], message: 'required' },
      );
    }
    this.adapter = options.adapter;
    this.cardEvents = options.cardEvents ?? 'known-cards';
    this.unsubscribe = this.adapter.subscribe?.((n) => this.onNotification(n));
  }

  /**
   * Applies for the e-card in this channel (申领, R5–R8): real name, real person, real card.
   * The first application sets the shared password; later ones in other channels verify it.
   *
   * @example
   * ```ts
   * const card = await client.apply({
   *   channelUserId: 'wx-openid-123',
   *   name: '张三',
   *   idNumber: '440106199003071231',
   *   realPerson: proofFromFaceCheck,
   *   password: '258046',
   * });
   * ```
   */
  async apply(
    input: {
      channelUserId: string;
      name: string;
      idNumber: string;
      realPerson: RealPersonProof;
      password: string;
    },
    options?: CallOptions,
  ): Promise<ECard> {
    const card = await this.call({ operation: 'apply', schema: apply, input, options }, (i, ctx) =>
      this.adapter.apply(i, ctx),
    );
    this.knownCards.add(card.signNo);
    this.emit('card:applied', { card });
    return card;
  }

  /**
   * Reads this channel's e-card, in any status (R13).
   *
   * @example
   * ```ts
   * const { status, level } = await client.getCard({ signNo });
   * ```
   */
  async getCard(input: { signNo: string }, options?: CallOptions): Promise<ECard> {
    const card = await this.call(
      { operation: 'getCard', schema: bySignNo, input, options },
      (i, ctx) => this.adapter.getCard(i, ctx),
    );
    this.knownCards.add(card.signNo);
    return card;
  }

  /**
   * Removes this channel's binding (解除关联, R12); other channels keep theirs. Allowed in
   * every card status.
   *
   * @example
   * ```ts
   * await client.unbind({ signNo, verification: { password: '258046' } });
   * ```
   */
  async unbind(
    input: { signNo: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<void> {
    await this.call({ operation: 'unbind', schema: withVerification, input, options }, (i, ctx) =>
      this.adapter.unbind(i, ctx),
    );
    this.knownCards.delete(input.signNo);
    this.emit('card:unbound', { signNo: input.signNo, channelId: this.adapter.channelId });
  }

  /**
   * Changes the shared password with the old one (R10); it works in every channel at once.
   *
   * @example
   * ```ts
   * await client.changePassword({ signNo, oldPassword: '258046', newPassword: '739164' });
   * ```
   */
  async changePassword(
    input: { signNo: string; oldPassword: string; newPassword: string },
    options?: CallOptions,
  ): Promise<void> {
    await this.call(
      { operation: 'changePassword', schema: changePassword, input, options },
      (i, ctx) => this.adapter.changePassword(i, ctx),
    );
    this.emit('password:changed', { signNo: input.signNo, via: 'change', origin: 'this-channel' });
  }

  /**
   * Resets the shared password with a real-person proof instead of the old one (R10); also
   * unlocks a locked password (R11).
   *
   * @example
   * ```ts
   * await client.resetPassword({ signNo, realPerson: proofFromFaceCheck, newPassword: '739164' });
   * ```
   */
  async resetPassword(
    input: { signNo: string; realPerson: RealPersonProof; newPassword: string },
    options?: CallOptions,
  ): Promise<void> {
    await this.call(
      { operation: 'resetPassword', schema: resetPassword, input, options },
      (i, ctx) => this.adapter.resetPassword(i, ctx),
    );
    this.emit('password:changed', { signNo: input.signNo, via: 'reset', origin: 'this-channel' });
  }

  /**
   * Raises the e-card to level 2 (payment, R7); the card's bank account must be active.
   *
   * @example
   * ```ts
   * const card = await client.enablePayment({ signNo, verification: { password: '258046' } });
   * card.level; // 2
   * ```
   */
  async enablePayment(
    input: { signNo: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<ECard> {
    const card = await this.call(
      { operation: 'enablePayment', schema: withVerification, input, options },
      (i, ctx) => this.adapter.enablePayment(i, ctx),
    );
    this.emit('payment:enabled', { signNo: card.signNo, origin: 'this-channel' });
    return card;
  }

  /**
   * Every payment of the e-card (消费记录, R27), whichever channel showed the code, newest
   * first; readable in any card status. Amounts in fen.
   *
   * @example
   * ```ts
   * const payments = await client.listPayments({ signNo });
   * for (const p of payments) console.log(p.orderId, formatFen(p.amount), p.status);
   * ```
   */
  async listPayments(input: { signNo: string }, options?: CallOptions): Promise<Payment[]> {
    return this.call({ operation: 'listPayments', schema: bySignNo, input, options }, (i, ctx) =>
      this.capability('listPayments')(i, ctx),
    );
  }

  /**
   * The holder's bills (缴费: 参保, 考试, 培训), newest first (R26, R27). Amounts in fen.
   *
   * @example
   * ```ts
   * const unpaid = (await client.listBills({ signNo })).filter((b) => b.status === 'unpaid');
   * ```
   */
  async listBills(input: { signNo: string }, options?: CallOptions): Promise<Bill[]> {
    return this.call({ operation: 'listBills', schema: bySignNo, input, options }, (i, ctx) =>
      this.capability('listBills')(i, ctx),
    );
  }

  /**
   * Pays a bill from the card's bank account with user verification (R26): a level-2 e-card
   * (`PAYMENT_NOT_ENABLED` otherwise), once (`BILL_ALREADY_PAID`), `PAYMENT_DECLINED` when the
   * bank account holds too little. Mutating: retried with its idempotency key, paid once.
   *
   * @example
   * ```ts
   * const bill = await client.payBill({ signNo, billId, verification: { password: '258046' } });
   * bill.status; // 'paid'
   * ```
   */
  async payBill(
    input: { signNo: string; billId: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<Bill> {
    return this.call({ operation: 'payBill', schema: payBill, input, options }, (i, ctx) =>
      this.capability('payBill')(i, ctx),
    );
  }

  /** An optional adapter method, or UNSUPPORTED_RUNTIME for an adapter without it. */
  private capability<K extends 'listPayments' | 'listBills' | 'payBill'>(
    name: K,
  ): NonNullable<PlatformAdapter[K]> {
    const method = this.adapter[name];
    if (!method) throw new EsscError('UNSUPPORTED_RUNTIME', `The adapter lacks ${name}.`);
    return method.bind(this.adapter) as NonNullable<PlatformAdapter[K]>;
  }

  /**
   * Issues a dynamic QR code (R15): short-lived, single-use, signed by the platform. A
   * payment code needs level 2 and user verification.
   *
   * @example
   * ```ts
   * const qr = await client.issueQr({ signNo });
   * render(qr.text); // show until qr.expiresAt, then issue the next
   * ```
   */
  async issueQr(
    input: { signNo: string; purpose?: QrPurpose; verification?: UserVerification },
    options?: CallOptions,
  ): Promise<DynamicQr> {
    const qr = await this.call(
      { operation: 'issueQr', schema: issueQr, input, options },
      (i, ctx) =>
        this.adapter.issueQr(
          {
            signNo: i.signNo,
            purpose: i.purpose,
            ...(i.verification ? { verification: i.verification } : {}),
          },
          ctx,
        ),
    );
    this.emit('qr:issued', { signNo: input.signNo, purpose: qr.purpose, expiresAt: qr.expiresAt });
    return qr;
  }

  /**
   * Reads a portal's login QR the user scanned (R17) and tells which portal asks, so the
   * user can decide.
   *
   * @example
   * ```ts
   * const request = await client.scanLogin({ signNo, qrText: scanned });
   * confirmDialog(`Log in to ${request.portal.name}?`);
   * ```
   */
  scanLogin(
    input: { signNo: string; qrText: string },
    options?: CallOptions,
  ): Promise<LoginRequest> {
    return this.call({ operation: 'scanLogin', schema: scanLogin, input, options }, (i, ctx) =>
      this.adapter.scanLogin(i, ctx),
    );
  }

  /**
   * Confirms a scanned login with user verification; the portal receives a signed identity
   * assertion. A wrong password leaves the request scanned.
   *
   * @example
   * ```ts
   * await client.confirmLogin({ signNo, requestId: request.requestId, verification: { password } });
   * ```
   */
  async confirmLogin(
    input: { signNo: string; requestId: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<void> {
    await this.call({ operation: 'confirmLogin', schema: confirmLogin, input, options }, (i, ctx) =>
      this.adapter.confirmLogin(i, ctx),
    );
    this.emit('login:confirmed', { signNo: input.signNo, requestId: input.requestId });
  }

  /**
   * Rejects a scanned login; the portal sees `rejected`.
   *
   * @example
   * ```ts
   * await client.rejectLogin({ signNo, requestId: request.requestId });
   * ```
   */
  async rejectLogin(
    input: { signNo: string; requestId: string },
    options?: CallOptions,
  ): Promise<void> {
    await this.call({ operation: 'rejectLogin', schema: rejectLogin, input, options }, (i, ctx) =>
      this.adapter.rejectLogin(i, ctx),
    );
    this.emit('login:rejected', { signNo: input.signNo, requestId: input.requestId });
  }

  /**
   * Looks up the holder's records of a topic (信息查询, R28): `insurance`, `employment`,
   * `training`, `qualification`, `skill` or `startup-loan`. Needs user verification every time
   * ("是我查询") and an active card. The record schemas are exported (`insuranceRecordSchema`…)
   * for rendering. `memberId` is for family members (R32), not served yet (`VALIDATION_FAILED`).
   *
   * @example
   * ```ts
   * const { records } = await client.query({ signNo, topic: 'insurance', verification: { password } });
   * ```
   */
  query<T extends QueryTopic>(
    input: { signNo: string; topic: T; verification: UserVerification; memberId?: string },
    options?: CallOptions,
  ): Promise<TopicQueryResult<T>> {
    return this.call({ operation: 'query', schema: query, input, options }, (i, ctx) =>
      this.adapter.query(i as QueryInput, ctx),
    ) as Promise<TopicQueryResult<T>>;
  }

  /**
   * Applies for a service online (业务申办, R29) with user verification ("是我办事") on an
   * active card. The platform checks the form against the service's schema
   * (`SERVICE_FORM_SCHEMAS`), eligibility (`NOT_ELIGIBLE`) and that no application for the
   * service is open (`APPLICATION_OPEN`).
   *
   * @example
   * ```ts
   * const application = await client.submitApplication({
   *   signNo, service: 'skill-subsidy', form: { certificateNo: 'S440100202406150123' }, verification,
   * });
   * ```
   */
  submitApplication<S extends ServiceId>(
    input: { signNo: string; service: S; form: ServiceForms[S]; verification: UserVerification },
    options?: CallOptions,
  ): Promise<Application> {
    return this.call(
      { operation: 'submitApplication', schema: submitApplication, input, options },
      (i, ctx) =>
        this.adapter.submitApplication(
          {
            ...(i as SubmitApplicationInput),
            form: input.form as unknown as Record<string, unknown>,
          },
          ctx,
        ),
    );
  }

  /**
   * Reads one of the holder's applications (any card status).
   *
   * @example
   * ```ts
   * const { status } = await client.getApplication({ signNo, applicationId });
   * ```
   */
  getApplication(
    input: { signNo: string; applicationId: string },
    options?: CallOptions,
  ): Promise<Application> {
    return this.call(
      { operation: 'getApplication', schema: byApplication, input, options },
      (i, ctx) => this.adapter.getApplication(i, ctx),
    );
  }

  /**
   * The holder's applications, newest first (any card status).
   *
   * @example
   * ```ts
   * const open = (await client.listApplications({ signNo })).filter((a) => a.status === 'submitted');
   * ```
   */
  listApplications(input: { signNo: string }, options?: CallOptions): Promise<Application[]> {
    return this.call(
      { operation: 'listApplications', schema: bySignNo, input, options },
      (i, ctx) => this.adapter.listApplications(i, ctx),
    );
  }

  /**
   * Withdraws an application while it is `submitted` (R29; later: `APPLICATION_STATE`), with
   * user verification.
   *
   * @example
   * ```ts
   * await client.withdrawApplication({ signNo, applicationId, verification: { password } });
   * ```
   */
  withdrawApplication(
    input: { signNo: string; applicationId: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<Application> {
    return this.call(
      { operation: 'withdrawApplication', schema: withdrawApplication, input, options },
      (i, ctx) => this.adapter.withdrawApplication(i, ctx),
    );
  }

  /**
   * Which portal received which claims of the holder, and when (个人授权访问, R30), newest
   * first.
   *
   * @example
   * ```ts
   * for (const { portalName, scopes, at } of await client.listAuthorizations({ signNo })) show(portalName, scopes, at);
   * ```
   */
  listAuthorizations(input: { signNo: string }, options?: CallOptions): Promise<Authorization[]> {
    return this.call(
      { operation: 'listAuthorizations', schema: bySignNo, input, options },
      (i, ctx) => this.adapter.listAuthorizations(i, ctx),
    );
  }

  /**
   * Emits like EventEmitter, but a listener that throws does not turn a committed operation
   * into a failure: its error is reported asynchronously, as DOM event dispatch does. The
   * client emits its own events; apps only listen.
   *
   * @example
   * ```ts
   * client.on('card:applied', () => {
   *   throw new Error('bug in a listener');
   * });
   * const card = await client.apply(input); // still resolves; the listener's error surfaces in a microtask
   * ```
   */
  override emit<E extends keyof EsscClientEvents>(event: E, ...args: EsscClientEvents[E]): boolean {
    try {
      const emit = EventEmitter.prototype.emit as (
        this: unknown,
        e: string,
        ...a: unknown[]
      ) => boolean;
      return emit.call(this, event, ...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
      return true;
    }
  }

  /**
   * Feeds in a notification the platform delivered some other way than the adapter — a
   * webhook delivery your backend verified with `verifyNotification` (`essc-sdk/http`) — and
   * emits the same events as a notification the adapter pushes: `notification`, then
   * `card:status`, `password:changed`, `password:locked` or `payment:enabled` (for cards this
   * client has seen, or for all with `cardEvents: 'all'`, the right choice for a backend).
   * It trusts its argument: give it only verified notifications, and skip duplicates.
   *
   * @example
   * ```ts
   * // verifyNotification is in essc-sdk/http (a channel backend's subpath)
   * const client = createClient({ adapter, cardEvents: 'all' });
   * client.on('card:status', ({ signNo, status }) => users.markCard(signNo, status));
   *
   * async function onWebhook(request: Request): Promise<Response> {
   *   const notification = await verifyNotification(request, { jwks, seen });
   *   if (!notification.duplicate) client.receive(notification);
   *   return new Response(null, { status: 204 });
   * }
   * ```
   */
  receive(notification: PlatformNotification): void {
    this.onNotification(notification);
  }

  /**
   * Stops listening to the adapter's notifications and removes every listener.
   *
   * @example
   * ```ts
   * client.close();
   * ```
   */
  close(): void {
    this.unsubscribe?.();
    this.removeAllListeners();
  }

  /** One call: validate, key it if the operation table says it mutates (R20), send, report. */
  private async call<S extends z.core.$ZodType, T>(
    call: {
      operation: PlatformOperation;
      schema: S;
      input: unknown;
      options: CallOptions | undefined;
    },
    send: (input: z.output<S>, ctx: RequestContext) => Promise<T>,
  ): Promise<T> {
    const { operation, schema, input, options } = call;
    // Checked on every flow before anything is sent (the wire's form, one definition): a key
    // the transport would drop, stringify or refuse must not reach it.
    const given = (options as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
    if (given !== undefined) {
      const refused = checkIdempotencyKey(given, ['idempotencyKey']);
      if (refused) throw refused;
    }
    const parsed = parseInput(schema, input);
    const idempotencyKey = OPERATION_TRAITS[operation].mutating
      ? (options?.idempotencyKey ?? newIdempotencyKey())
      : undefined;
    const ctx: RequestContext = {
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
    };
    this.emit('request', { operation, ...(idempotencyKey ? { idempotencyKey } : {}) });
    const started = Date.now();
    try {
      const result = await send(parsed, ctx);
      this.emit('response', {
        operation,
        ok: true,
        durationMs: Date.now() - started,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return result;
    } catch (error) {
      this.emit('response', {
        operation,
        ok: false,
        durationMs: Date.now() - started,
        ...(isEsscError(error) ? { errorCode: error.code } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      if (isEsscError(error, 'PASSWORD_LOCKED') && 'signNo' in (parsed as object)) {
        this.emit('password:locked', { signNo: (parsed as { signNo: string }).signNo });
      }
      throw error;
    }
  }

  private onNotification(notification: PlatformNotification): void {
    this.emit('notification', { notification });
    if (this.cardEvents === 'known-cards' && !this.knownCards.has(notification.signNo)) return;
    const { signNo } = notification;
    switch (notification.type) {
      case 'card.status_changed':
      case 'card.replaced':
        if (notification.status) {
          this.emit('card:status', {
            signNo,
            status: notification.status,
            replaced: notification.type === 'card.replaced',
          });
        }
        break;
      case 'password.changed':
        this.emit('password:changed', { signNo, via: 'change', origin: 'other-channel' });
        break;
      case 'password.reset':
        this.emit('password:changed', { signNo, via: 'reset', origin: 'other-channel' });
        break;
      case 'password.locked':
        this.emit('password:locked', { signNo });
        break;
      case 'payment.enabled':
        this.emit('payment:enabled', { signNo, origin: 'other-channel' });
        break;
      case 'payment.succeeded':
      case 'payment.refunded': {
        const { payment } = notification;
        if (payment)
          this.emit(notification.type.replace('.', ':') as 'payment:succeeded', {
            signNo,
            payment,
          });
        break;
      }
      case 'bill.paid':
        if (notification.bill) this.emit('bill:paid', { signNo, bill: notification.bill });
        break;
      case 'application.updated':
        if (notification.application) {
          this.emit('application:updated', { signNo, application: notification.application });
        }
        break;
      default:
        break;
    }
  }
}

/**
 * Creates a client for one channel.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { MockPlatform } from 'essc-sdk/mock';
 * const client = createClient({ adapter: MockPlatform.demo().adapter('wechat') });
 * ```
 */
export function createClient(options: ClientOptions): EsscClient {
  return new EsscClient(options);
}
