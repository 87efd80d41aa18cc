import { EventEmitter } from 'eventemitter3';
import type { BenefitPayment } from '../domain/benefits.js';
import type { AddFamilyMemberInput, Certification, FamilyMember } from '../domain/family.js';
import type { DevicePublicKey, OfflineCredential } from '../domain/offline.js';
import type { OrderPreview } from '../domain/order-codes.js';
import type { QueryTopic, TopicQueryResult } from '../domain/records.js';
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
import type {
  OperationInput,
  OperationOutput,
  PlatformAdapter,
  PlatformOperation,
  RequestContext,
} from '../platform/operations.js';
import { callPlatform } from './call.js';
import type { EsscClientEvents } from './events.js';
import { emitNotificationEvents } from './notification-events.js';
import type { CallOptions, ClientOptions } from './options.js';

export type { CallOptions, ClientOptions } from './options.js';

type AdapterMethod = (input: unknown, ctx: RequestContext) => Promise<unknown>;

/** Notifications about unknown cards kept per application in flight (see `heldForApply`). */
const MAX_HELD_NOTIFICATIONS = 32;

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
  /**
   * Notifications about cards not known yet, kept while an application is in flight (R13): a
   * status change may land between the platform's commit and the apply's answer, about the
   * very card the answer will name.
   */
  private readonly heldForApply = new Set<PlatformNotification[]>();
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
    const held: PlatformNotification[] = [];
    this.heldForApply.add(held);
    let card: ECard;
    try {
      card = await this.send('apply', input, options);
    } finally {
      this.heldForApply.delete(held);
    }
    this.knownCards.add(card.signNo);
    this.emit('card:applied', { card });
    for (const notification of held) {
      if (notification.signNo === card.signNo) emitNotificationEvents(this, notification);
    }
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
    const card = await this.send('getCard', input, options);
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
    await this.send('unbind', input, options);
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
    await this.send('changePassword', input, options);
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
    await this.send('resetPassword', input, options);
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
    const card = await this.send('enablePayment', input, options);
    this.emit('payment:enabled', { signNo: card.signNo, origin: 'this-channel' });
    return card;
  }

  /**
   * Reports the physical card lost (挂失, R43) with user verification, at any hour from the app:
   * the card becomes `lost` (`lossReportedBy: 'holder'`), the e-card allows only unbinding and
   * {@link EsscClient.withdrawLossReport} until then, and every other bound channel is told.
   * A card not `active`: `CARD_INACTIVE`. Emits `card:status` here too.
   *
   * @example
   * ```ts
   * const card = await client.reportLoss({ signNo, verification: { password: '258046' } });
   * card.status; // 'lost'
   * ```
   */
  async reportLoss(
    input: { signNo: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<ECard> {
    return this.statusChanged(await this.send('reportLoss', input, options));
  }

  /**
   * Withdraws the holder's own loss report (解挂, R43) with a real-person proof only (the phone
   * may have been lost too, so a password proves nothing): the card is `active` again and the
   * other bound channels are told. A loss the back office reported, a card replaced since or a
   * card not lost: `LOSS_NOT_WITHDRAWABLE`. Emits `card:status` here too.
   *
   * @example
   * ```ts
   * const realPerson = await faceCheck(); // the holder's face
   * const card = await client.withdrawLossReport({ signNo, realPerson });
   * card.status; // 'active'
   * ```
   */
  async withdrawLossReport(
    input: { signNo: string; realPerson: RealPersonProof },
    options?: CallOptions,
  ): Promise<ECard> {
    return this.statusChanged(await this.send('withdrawLossReport', input, options));
  }

  /**
   * The benefit payments (待遇发放记录, R44) of the holder or of a family member (`memberId`,
   * R32), newest first: one record per month, `paid` or `suspended` while the certification is
   * overdue (a suspended month turns `paid` when its arrears are paid). Readable in any card
   * status. Amounts in fen.
   *
   * @example
   * ```ts
   * const months = await client.listBenefitPayments({ signNo, memberId: father.memberId });
   * for (const m of months) console.log(m.month, formatFen(m.amount), m.status);
   * ```
   */
  listBenefitPayments(
    input: { signNo: string; memberId?: string },
    options?: CallOptions,
  ): Promise<BenefitPayment[]> {
    return this.send('listBenefitPayments', input, options);
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
    return this.send('listPayments', input, options);
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
    return this.send('listBills', input, options);
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
    return this.send('payBill', input, options);
  }

  /**
   * Issues a dynamic QR code (R15): short-lived, single-use, signed by the platform. A
   * payment code needs level 2 and user verification. With `memberId`, a family member's
   * identity code, marked as shown on behalf (R32; a payment code for a member:
   * `MEMBER_FORBIDDEN`).
   *
   * @example
   * ```ts
   * const qr = await client.issueQr({ signNo });
   * render(qr.text); // show until qr.expiresAt, then issue the next
   * const mothersCode = await client.issueQr({ signNo, memberId: mother.memberId });
   * ```
   */
  async issueQr(
    input: {
      signNo: string;
      purpose?: QrPurpose;
      verification?: UserVerification;
      memberId?: string;
    },
    options?: CallOptions,
  ): Promise<DynamicQr> {
    const qr = await this.send('issueQr', input, options);
    if (this.listenerCount('qr:issued') > 0) {
      this.emit('qr:issued', {
        signNo: input.signNo,
        purpose: qr.purpose,
        expiresAt: qr.expiresAt,
        ...(input.memberId !== undefined ? { memberId: input.memberId } : {}),
      });
    }
    return qr;
  }

  /**
   * Certifies a key made on the device for offline codes (R39), with user verification. Apps
   * call it through `essc-sdk/offline` (`offline.provision`), which makes the key pair and
   * keeps the private half; only the public key travels.
   *
   * @example
   * ```ts
   * const credential = await client.provisionOfflineCredential({ signNo, verification, publicKey });
   * ```
   */
  provisionOfflineCredential(
    input: {
      signNo: string;
      verification: UserVerification;
      publicKey: DevicePublicKey;
      purposes?: QrPurpose[];
      memberId?: string;
    },
    options?: CallOptions,
  ): Promise<OfflineCredential> {
    return this.send('provisionOfflineCredential', input, options);
  }

  /**
   * Revokes every offline credential of this binding at once (R42): their payment codes are
   * refused from now on, offline acceptors refuse their codes from their next status refresh.
   *
   * @example
   * ```ts
   * await client.revokeOfflineCredentials({ signNo, verification: { password: '258046' } });
   * ```
   */
  async revokeOfflineCredentials(
    input: { signNo: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<void> {
    await this.send('revokeOfflineCredentials', input, options);
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
    return this.send('scanLogin', input, options);
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
    await this.send('confirmLogin', input, options);
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
    await this.send('rejectLogin', input, options);
    this.emit('login:rejected', { signNo: input.signNo, requestId: input.requestId });
  }

  /**
   * Reads a merchant's order code the user scanned (主扫, R45): the merchant's registered name
   * and kind, the order id, amount and items, to show before the user pays or declines. A paid
   * code is `ORDER_PAID`, an expired one `QR_EXPIRED`; a level-1 e-card `PAYMENT_NOT_ENABLED`.
   *
   * @example
   * ```ts
   * const order = await client.scanOrder({ signNo, qrText: scanned });
   * confirmDialog(`向 ${order.merchant.name} 支付 ${formatFen(order.amount)}？`);
   * ```
   */
  scanOrder(
    input: { signNo: string; qrText: string },
    options?: CallOptions,
  ): Promise<OrderPreview> {
    return this.send('scanOrder', input, options);
  }

  /**
   * Pays a scanned order with user verification (R45), settled as any payment (R23) and told
   * to the bound channels (`payment.succeeded`). Once per order: `ORDER_PAID` after.
   *
   * @example
   * ```ts
   * const payment = await client.payOrder({ signNo, requestId: order.requestId, verification: { password } });
   * ```
   */
  payOrder(
    input: { signNo: string; requestId: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<Payment> {
    return this.send('payOrder', input, options);
  }

  /**
   * Declines a scanned order (R45): nothing is paid, and this request cannot pay any more.
   *
   * @example
   * ```ts
   * await client.declineOrder({ signNo, requestId: order.requestId });
   * ```
   */
  async declineOrder(
    input: { signNo: string; requestId: string },
    options?: CallOptions,
  ): Promise<void> {
    await this.send('declineOrder', input, options);
  }

  /**
   * Looks up the holder's records of a topic (信息查询, R28): `insurance`, `employment`,
   * `training`, `qualification`, `skill` or `startup-loan`. Needs user verification every time
   * ("是我查询") and an active card. The record schemas are exported (`insuranceRecordSchema`…)
   * for rendering. With `memberId`, a family member's records (R32), still with the holder's
   * verification; the member's card must be active too.
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
    return this.send('query', input, options) as Promise<TopicQueryResult<T>>;
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
    return this.send('submitApplication', input, options);
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
    return this.send('getApplication', input, options);
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
    return this.send('listApplications', input, options);
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
    return this.send('withdrawApplication', input, options);
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
    return this.send('listAuthorizations', input, options);
  }

  /**
   * Adds a family member (亲情服务, R31): a parent (≤ 4), child (≤ 3), spouse (≤ 1) or other
   * (≤ 2), with the holder's verification and, from age 16, the member's own real-person proof
   * (`memberProof`). The member's card must be normal in an enabled region; they need no
   * e-card. `FAMILY_LIMIT`, `ALREADY_MEMBER`; the holder themselves: `VALIDATION_FAILED`.
   *
   * @example
   * ```ts
   * const mother = await client.addFamilyMember({
   *   signNo, relation: 'parent', name: '王芳', idNumber: '440106196205120021',
   *   verification: { password: '258046' }, memberProof: proofFromMothersFaceCheck,
   * });
   * ```
   */
  addFamilyMember(input: AddFamilyMemberInput, options?: CallOptions): Promise<FamilyMember> {
    return this.send('addFamilyMember', input, options);
  }

  /**
   * The holder's family members, masked, in the order added (any card status).
   *
   * @example
   * ```ts
   * for (const m of await client.listFamilyMembers({ signNo })) show(m.relation, m.name);
   * ```
   */
  listFamilyMembers(input: { signNo: string }, options?: CallOptions): Promise<FamilyMember[]> {
    return this.send('listFamilyMembers', input, options);
  }

  /**
   * Removes a family member with the holder's verification (R32); `MEMBER_NOT_FOUND` for an id
   * the holder does not have.
   *
   * @example
   * ```ts
   * await client.removeFamilyMember({ signNo, memberId, verification: { password: '258046' } });
   * ```
   */
  async removeFamilyMember(
    input: { signNo: string; memberId: string; verification: UserVerification },
    options?: CallOptions,
  ): Promise<void> {
    await this.send('removeFamilyMember', input, options);
  }

  /**
   * The entitlement certification (待遇资格认证, R33) of the holder or, with `memberId`, of a
   * family member: `not-required`, `certified`, `due` (show a reminder: `dueBy` is within 30
   * days) or `overdue`.
   *
   * @example
   * ```ts
   * const { status, dueBy } = await client.getCertification({ signNo, memberId: mother.memberId });
   * if (status === 'due') remind(dueBy);
   * ```
   */
  getCertification(
    input: { signNo: string; memberId?: string },
    options?: CallOptions,
  ): Promise<Certification> {
    return this.send('getCertification', input, options);
  }

  /**
   * Certifies the holder or a family member (R33) with the certified person's own real-person
   * proof (anyone else's: `REAL_PERSON_FAILED`); no benefit: `NOT_ELIGIBLE`. The channels are
   * told (`certification:completed`).
   *
   * @example
   * ```ts
   * const realPerson = await faceCheck(mother); // the mother's face, in the holder's app
   * await client.certify({ signNo, memberId: mother.memberId, realPerson });
   * ```
   */
  certify(
    input: { signNo: string; realPerson: RealPersonProof; memberId?: string },
    options?: CallOptions,
  ): Promise<Certification> {
    return this.send('certify', input, options);
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

  /** One operation: parsed with its row's schema, keyed when it mutates, sent to the adapter. */
  private send<O extends PlatformOperation>(
    operation: O,
    input: unknown,
    options: CallOptions | undefined,
  ): Promise<OperationOutput<O>> {
    return callPlatform(
      this,
      { operation, input, options },
      (i: OperationInput<O>, ctx) =>
        (this.adapter as unknown as Record<O, AdapterMethod>)[operation](i, ctx) as Promise<
          OperationOutput<O>
        >,
    );
  }

  /** This channel changed the card's status (R43): its own listeners hear it as the others do. */
  private statusChanged(card: ECard): ECard {
    this.knownCards.add(card.signNo);
    this.emit('card:status', { signNo: card.signNo, status: card.status, replaced: false });
    return card;
  }

  private onNotification(notification: PlatformNotification): void {
    this.emit('notification', { notification });
    if (this.cardEvents === 'known-cards' && !this.knownCards.has(notification.signNo)) {
      // Bounded: an app applies for one card at a time; a busy backend keeps the first few.
      for (const held of this.heldForApply) {
        if (held.length < MAX_HELD_NOTIFICATIONS) held.push(notification);
      }
      return;
    }
    emitNotificationEvents(this, notification);
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
