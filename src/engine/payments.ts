import { base64urlEncode } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import { maskName } from '../domain/masking.js';
import type { Payment, PaymentItem, PaymentSplit } from '../domain/types.js';
import {
  type ParsedQr,
  parseQrText,
  QR_MALFORMED_MESSAGE,
  type QrPayload,
  qrReplayKey,
  verifyQrSignature,
} from '../qr/codec.js';
import {
  isOfflineCodeText,
  type ParsedOfflineCode,
  parseOfflineCodeText,
} from '../qr/offline-codec.js';
import { offlineReplayKey } from '../qr/offline-verify.js';
import { createMemoryNonceStore, type NonceStore } from '../stores/nonce-store.js';
import { rollDeductibleYear } from './accounts.js';
import type { EngineContext } from './context.js';
import { eCardStatus, type MerchantRecord } from './entities.js';
import { checkOfflineCharge, requireLiveCredential } from './offline-credentials.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import type { ECardView } from './registry.js';
import { coveredAmount, refundSplit, settle } from './settlement.js';

/** Merchants whose charges settle medical insurance (R23). */
const MEDICAL_KINDS: ReadonlySet<string> = new Set(['hospital', 'pharmacy', 'clinic']);

/** A code's nonce is kept past its expiry by this margin (as acceptors do, R16). */
const NONCE_MARGIN_MS = 60_000;

const ZERO: PaymentSplit = { pooledFund: 0, personalAccount: 0, selfPay: 0 };

interface PaymentRecord {
  paymentId: string;
  merchantId: string;
  orderId: string;
  amount: number;
  /** What identifies the charge (R24): amount, items, and which code (its replay key). */
  fingerprint: string;
  split: PaymentSplit;
  /** What went back to each source so far (R25). */
  back: PaymentSplit;
  signNo: string;
  idNumber: string;
  holderName: string;
  cardRef: string;
  paidAt: number;
  description?: string;
}

/** What {@link Payments.settleOrder} settles: one order of one merchant. */
export interface OrderToSettle {
  merchant: MerchantRecord;
  orderId: string;
  amount: number;
  items?: PaymentItem[];
  description?: string;
  /** What identifies the payment of the order (R24): a retry or a rival compares with it. */
  fingerprint: string;
}

interface RefundRecord {
  orderId: string;
  /** The amount asked for, or `rest`: a retry asks the same way. */
  requested: number | 'rest';
}

/** One merchant's order id, as the order's lock and records name it (R24). */
export const orderKey = (merchantId: string, orderId: string) => `${merchantId}\u0000${orderId}`;

/**
 * Paying with the e-card (R21–R25): merchants charge a payment code, settlement splits the
 * amount between the pooled fund, the personal account and the bank (R23), an order id names
 * one charge (R24), refunds go back in order and capped (R25), bound channels are told (R27).
 *
 * The engine verifies its own codes: signature against its JWKS, expiry on its clock, and
 * single use with a nonce store of its own ({@link createMemoryNonceStore}, the acceptors'
 * store): the same replay key and bounded memory (nonces drop once their code has expired),
 * and `consume` is atomic, so two charges of one code race to one winner.
 */
export class Payments {
  private readonly byOrder = new Map<string, PaymentRecord>();
  private readonly bySignNo = new Map<string, PaymentRecord[]>();
  private readonly refunds = new Map<string, RefundRecord>();
  /** The charges being made, per order key, settled or not (R24: a lookup waits for them). */
  private readonly charging = new Map<string, Promise<void>>();
  private readonly nonces: NonceStore;
  private sequence = 0;

  constructor(private readonly ctx: EngineContext) {
    this.nonces = createMemoryNonceStore({ now: ctx.now });
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'listPayments' | 'charge' | 'getPayment' | 'refund'> {
    return {
      listPayments: (call) => this.listPayments(call),
      charge: (call) => this.charge(call),
      getPayment: (call) => this.getPayment(call),
      refund: (call) => this.refund(call),
    };
  }

  /** R21–R24: charge a payment code; the same order id and request returns the first outcome. */
  charge({ caller: merchantId, input }: OperationCall<'charge'>): Promise<Payment> {
    const { ctx } = this;
    const merchant = ctx.registry.requireMerchant(merchantId);
    const key = orderKey(merchantId, input.orderId);
    return this.onOrder(merchantId, input.orderId, async () => {
      const parsed = parseCode(input.qrText);
      const fingerprint = JSON.stringify([input.amount, input.items ?? null, parsed.replayKey]);
      const existing = this.byOrder.get(key);
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          throw new EsscError(
            'ORDER_CONFLICT',
            'This order id already names another charge (amount, items or code differ): use a new order id.',
          );
        }
        return this.view(existing);
      }
      const { view, payload } = await this.consumeCode(parsed);
      return ctx.exclusive(view.ecard.idNumber, async () => {
        // Checked again under the holder's lock: a card reported lost, the channel unbound, or
        // an offline credential revoked (R42) meanwhile cannot pay.
        requirePayable(view);
        this.requireShowingBinding(view, payload);
        if (parsed.offline) requireLiveCredential(ctx, parsed.offline);
        return this.settleOrder(view, {
          merchant,
          orderId: input.orderId,
          amount: input.amount,
          fingerprint,
          ...(input.items !== undefined ? { items: input.items } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
        });
      });
    });
  }

  /**
   * R24: the payment of an order id; PAYMENT_NOT_FOUND when it never charged. A charge of the
   * order still being made is waited for (bounded), then PAYMENT_PENDING: "not charged" is
   * said only when it is true, since a merchant acts on it by charging anew.
   */
  async getPayment({ caller: merchantId, input }: OperationCall<'getPayment'>): Promise<Payment> {
    const key = orderKey(merchantId, input.orderId);
    for (;;) {
      const recorded = this.byOrder.get(key);
      if (recorded) return this.view(recorded);
      const inFlight = this.charging.get(key);
      if (!inFlight) return this.view(this.requirePayment(merchantId, input.orderId));
      if (!(await settlesWithin(inFlight, this.ctx.options.paymentLookupWaitMs ?? 2_000))) {
        throw new EsscError(
          'PAYMENT_PENDING',
          'A charge of this order id is still being made: ask again in a moment, and do not charge it anew meanwhile.',
        );
      }
    }
  }

  /**
   * R24 for every way an order is paid (a charged payment code, R21; a scanned order code, R45):
   * `work` runs under the order's lock, the first of the one lock order (order, then holder),
   * and a lookup of the order waits for it, as for a charge.
   */
  onOrder<T>(merchantId: string, orderId: string, work: () => Promise<T>): Promise<T> {
    const key = orderKey(merchantId, orderId);
    const done = this.ctx.exclusive(`order:${key}`, work);
    this.track(key, done);
    return done;
  }

  /** The payment of an order however it was paid, with what identifies it (R24); else undefined. */
  paymentOf(
    merchantId: string,
    orderId: string,
  ): { payment: Payment; fingerprint: string } | undefined {
    const record = this.byOrder.get(orderKey(merchantId, orderId));
    return record && { payment: this.view(record), fingerprint: record.fingerprint };
  }

  /**
   * R23, R24, R27: settles an order on the holder's accounts, records its payment and tells the
   * bound channels; a bank balance below the self-paid part is PAYMENT_DECLINED and takes
   * nothing, deductible included. The one settlement of a charge and of an order code: the
   * caller holds the order's lock and then the holder's, and has checked the payer.
   */
  settleOrder(view: ECardView, order: OrderToSettle): Payment {
    const { ctx } = this;
    const account = ctx.registry.accounts.get(view.ecard.idNumber)!;
    const now = ctx.now();
    rollDeductibleYear(account, now);
    const settlement = settle(
      {
        amount: order.amount,
        covered: coveredAmount(order.items),
        medical: MEDICAL_KINDS.has(order.merchant.kind),
      },
      account,
    );
    if (!settlement.ok) {
      throw new EsscError(
        'PAYMENT_DECLINED',
        'The bank account holds less than the self-paid part; nothing was charged.',
      );
    }
    const { split } = settlement;
    account.bank -= split.selfPay;
    account.personalAccount -= split.personalAccount;
    account.deductibleLeft -= settlement.deductibleUsed;
    this.sequence += 1;
    const record: PaymentRecord = {
      paymentId: `pay_${now.toString(36)}${this.sequence.toString(36).padStart(4, '0')}`,
      merchantId: order.merchant.id,
      orderId: order.orderId,
      amount: order.amount,
      fingerprint: order.fingerprint,
      split,
      back: { ...ZERO },
      signNo: view.ecard.signNo,
      idNumber: view.ecard.idNumber,
      holderName: maskName(view.person.name),
      cardRef: base64urlEncode(view.ecard.cardRef),
      paidAt: now,
      ...(order.description !== undefined ? { description: order.description } : {}),
    };
    this.byOrder.set(orderKey(record.merchantId, record.orderId), record);
    const list = this.bySignNo.get(record.signNo) ?? [];
    list.push(record);
    this.bySignNo.set(record.signNo, list);
    const payment = this.view(record);
    ctx.notifier.notifyBound(record.signNo, 'payment.succeeded', { payment });
    return payment;
  }

  /** Keeps a charge in {@link charging} until it settles (a later charge of the order replaces it). */
  private track(key: string, charge: Promise<unknown>): void {
    const settled = charge.then(
      () => undefined,
      () => undefined,
    );
    this.charging.set(key, settled);
    void settled.then(() => {
      if (this.charging.get(key) === settled) this.charging.delete(key);
    });
  }

  /** R25: refund part or all of a payment, keyed by refund id; works on an inactive card. */
  refund({ caller: merchantId, input }: OperationCall<'refund'>): Promise<Payment> {
    const { ctx } = this;
    const refundKey = orderKey(merchantId, input.refundId);
    // The refund id is checked and taken under its own lock, held until the refund is made
    // (R25): the same id sent on two orders at once makes one refund, not two. The locks are
    // taken in one order (refund id, order, holder), as a charge takes order then holder.
    const refundOnce = (work: () => Promise<Payment>) =>
      ctx.exclusive(`refund:${refundKey}`, () =>
        ctx.exclusive(`order:${orderKey(merchantId, input.orderId)}`, work),
      );
    return refundOnce(async () => {
      const payment = this.requirePayment(merchantId, input.orderId);
      const requested = input.amount ?? 'rest';
      const earlier = this.refunds.get(refundKey);
      if (earlier) {
        if (earlier.orderId !== input.orderId || earlier.requested !== requested) {
          throw new EsscError(
            'ORDER_CONFLICT',
            'This refund id already names another refund: use a new refund id.',
          );
        }
        return this.view(payment);
      }
      const left = payment.amount - refundedOf(payment);
      const amount = input.amount ?? left;
      if (amount < 1 || amount > left) {
        throw new EsscError(
          'REFUND_EXCEEDED',
          `At most ${left} fen of this payment is left to refund.`,
        );
      }
      return ctx.exclusive(payment.idNumber, async () => {
        const back = refundSplit(amount, payment.split, payment.back);
        const account = ctx.registry.accounts.get(payment.idNumber)!;
        // R23: the deductible is not given back.
        account.bank += back.selfPay;
        account.personalAccount += back.personalAccount;
        payment.back = {
          pooledFund: payment.back.pooledFund + back.pooledFund,
          personalAccount: payment.back.personalAccount + back.personalAccount,
          selfPay: payment.back.selfPay + back.selfPay,
        };
        this.refunds.set(refundKey, { orderId: input.orderId, requested });
        const view = this.view(payment);
        ctx.notifier.notifyBound(payment.signNo, 'payment.refunded', { payment: view });
        return view;
      });
    });
  }

  /** R27: every payment of the e-card, whichever channel showed the code, newest first. */
  async listPayments({
    caller: channelId,
    input,
  }: OperationCall<'listPayments'>): Promise<Payment[]> {
    this.ctx.registry.requireBinding(channelId, input.signNo);
    const list = this.bySignNo.get(input.signNo) ?? [];
    return list.map((record) => this.view(record)).reverse();
  }

  /** The back office's view: the latest `limit` payments of every merchant, newest first. */
  recentPayments(limit: number): Payment[] {
    return [...this.byOrder.values()]
      .slice(-limit)
      .reverse()
      .map((record) => this.view(record));
  }

  /** The back office's view: every payment of an e-card, newest first. */
  paymentsOfCard(signNo: string): Payment[] {
    return (this.bySignNo.get(signNo) ?? []).map((record) => this.view(record)).reverse();
  }

  /** Signature, expiry and single use of a payment code; then the card it names. */
  private async consumeCode(parsed: ChargedCode): Promise<{ view: ECardView; payload: QrPayload }> {
    const { ctx } = this;
    let payload: QrPayload;
    if (parsed.offline) {
      // An offline code (R41): both signatures, and its credential still live, at once (R42).
      payload = await checkOfflineCharge(ctx, parsed.offline);
    } else {
      if (!(await verifyQrSignature(parsed.online, await ctx.keys.jwks()))) {
        throw new EsscError('QR_INVALID_SIGNATURE', 'The code is not signed by this platform.');
      }
      payload = parsed.online.payload;
    }
    const now = ctx.now();
    if (now > payload.expiresAt * 1000) {
      throw new EsscError('QR_EXPIRED', 'The code has expired: ask the user to refresh it.');
    }
    const first = await this.nonces.consume(
      parsed.replayKey,
      payload.expiresAt * 1000 + NONCE_MARGIN_MS,
    );
    if (!first) {
      throw new EsscError('QR_REPLAYED', 'This code was already used: ask for a fresh one.');
    }
    // After the nonce: a code refused from here on stays consumed (R15).
    if (payload.purpose !== 'payment') {
      throw new EsscError(
        'PAYMENT_NOT_ENABLED',
        'An identity code cannot pay: ask the user for the payment code.',
      );
    }
    const view = ctx.registry.ecardByCardRef(payload.cardRef);
    if (!view) throw new EsscError('CARD_NOT_FOUND', 'No card has this reference.');
    requirePayable(view);
    this.requireShowingBinding(view, payload);
    return { view, payload };
  }

  /**
   * R12, R21: a payment code pays only while the binding that showed it holds. Unbinding the
   * channel (or binding it again later: a new binding) ends the codes it showed.
   */
  private requireShowingBinding(view: ECardView, payload: QrPayload): void {
    const binding = this.ctx.registry
      .bindingsOf(view.ecard.signNo)
      .find((b) => b.channelId === payload.channelId);
    // boundAt is in ms and issuedAt in s: a binding made within the code's second still counts.
    if (!binding || Math.floor(binding.boundAt / 1000) > payload.issuedAt) {
      throw new EsscError(
        'NOT_BOUND',
        'The channel app that showed this code no longer holds the e-card: ask for a fresh code.',
      );
    }
  }

  private requirePayment(merchantId: string, orderId: string): PaymentRecord {
    const payment = this.byOrder.get(orderKey(merchantId, orderId));
    if (!payment) {
      throw new EsscError('PAYMENT_NOT_FOUND', 'No charge of this merchant has this order id.');
    }
    return payment;
  }

  private view(record: PaymentRecord): Payment {
    const refunded = refundedOf(record);
    return {
      paymentId: record.paymentId,
      orderId: record.orderId,
      merchantId: record.merchantId,
      amount: record.amount,
      refunded,
      status:
        refunded === 0
          ? 'succeeded'
          : refunded === record.amount
            ? 'refunded'
            : 'partially_refunded',
      split: { ...record.split },
      holderName: record.holderName,
      cardRef: record.cardRef,
      paidAt: new Date(record.paidAt).toISOString(),
      ...(record.description !== undefined ? { description: record.description } : {}),
    };
  }
}

/** Whether `settled` settles within `ms` (a timer that never outlives the wait). */
function settlesWithin(settled: Promise<void>, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([settled.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

function refundedOf(record: PaymentRecord): number {
  return record.back.pooledFund + record.back.personalAccount + record.back.selfPay;
}

/** A code a merchant charges: an online one, or an offline one (R41), and its replay key. */
type ChargedCode =
  | { online: ParsedQr; offline?: undefined; replayKey: string }
  | { offline: ParsedOfflineCode; replayKey: string };

/** QR_MALFORMED for anything that is not an e-card code (the text is never echoed). */
function parseCode(text: string): ChargedCode {
  try {
    if (isOfflineCodeText(text)) {
      const offline = parseOfflineCodeText(text);
      return { offline, replayKey: offlineReplayKey(offline) };
    }
    const online = parseQrText(text);
    return { online, replayKey: qrReplayKey(online.payload) };
  } catch (error) {
    if (isEsscError(error, 'QR_MALFORMED')) throw error;
    throw new EsscError('QR_MALFORMED', QR_MALFORMED_MESSAGE);
  }
}

/** R7, R13, R21: a level-2 e-card whose card is normal and whose bank account is active. */
export function requirePayable(view: ECardView): void {
  if (view.card.status !== 'normal') {
    throw new EsscError('CARD_INACTIVE', `The card is ${view.card.status}: it cannot pay.`, {
      details: { status: eCardStatus(view.card.status) },
    });
  }
  if (view.ecard.level !== 2 || !view.card.bankAccountActive) {
    throw new EsscError('PAYMENT_NOT_ENABLED', 'This e-card is not enabled for payment.');
  }
}
