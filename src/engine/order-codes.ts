import { randomId } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import type { OrderCode, OrderPreview } from '../domain/order-codes.js';
import type { Payment, PaymentItem } from '../domain/types.js';
import { readOrderCode, signOrderCode } from '../qr/order-code.js';
import type { EngineContext } from './context.js';
import { orderKey, type Payments, requirePayable } from './payments.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import { releasedOnRefusal } from './user-verification.js';

/** An order code lives 5 minutes (R45). */
export const ORDER_CODE_TTL_SECONDS = 300;
/** Codes, and their requests with them, are forgotten this long after they expired. */
const KEEP_AFTER_EXPIRY_MS = 10 * 60 * 1000;
/**
 * A holder's requests kept at most (open, declined or paid, until their codes are forgotten):
 * a scan past it forgets the holder's oldest request, which then is PAYMENT_NOT_FOUND.
 */
export const MAX_REQUESTS_PER_HOLDER = 20;

interface OrderCodeRecord {
  codeId: string;
  merchantId: string;
  orderId: string;
  amount: number;
  items?: PaymentItem[];
  description?: string;
  /** Amount, items and description: the same again answers this code. */
  content: string;
  qrText: string;
  /** Milliseconds. */
  expiresAt: number;
  /** Its requests: forgotten with it. */
  requestIds: Set<string>;
}

/** One scan of an order code by one holder in one channel. */
interface OrderRequest {
  requestId: string;
  codeId: string;
  channelId: string;
  signNo: string;
  state: 'open' | 'declined' | 'paid';
}

/**
 * Paying by scanning the merchant's code (主扫, R45): a merchant makes an order code
 * (platform-signed, 5 minutes), a holder scans it in a channel app and pays it with user
 * verification, or declines. Paying settles through the charge's own path
 * ({@link Payments.settleOrder}: R23 split, R24 one payment per order id, R25 refunds, R27
 * notifications) under the same locks in the same order — the order's, then the holder's — so
 * an order code paid twice at once, or paid while the merchant charges the same order id by
 * payment code, makes one payment and takes the money once.
 *
 * A code stays scannable until it is paid or expires: each scan is a request of its own, and
 * declining ends that request only (the merchant's order stays unpaid, as when the citizen
 * walks away). The merchant learns the outcome from `getPayment({ orderId })`.
 */
export class OrderCodes {
  private readonly codes = new Map<string, OrderCodeRecord>();
  /** The latest code of each order. */
  private readonly byOrder = new Map<string, OrderCodeRecord>();
  private readonly requests = new Map<string, OrderRequest>();
  /** Each holder's request ids, oldest first (bounded, {@link MAX_REQUESTS_PER_HOLDER}). */
  private readonly byHolder = new Map<string, Set<string>>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly payments: Payments,
  ) {}

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<
    OperationHandlers,
    'createOrderCode' | 'scanOrder' | 'payOrder' | 'declineOrder'
  > {
    return {
      createOrderCode: (call) => this.createOrderCode(call),
      scanOrder: (call) => this.scanOrder(call),
      payOrder: (call) => this.payOrder(call),
      declineOrder: (call) => this.declineOrder(call),
    };
  }

  /**
   * A merchant's order code, named by its order id: the same id and content again answers the
   * same code while it is live or once it paid; other content then is ORDER_CONFLICT. An order
   * id already paid by a charge is ORDER_PAID. After a code expired unpaid, the order id makes
   * a new one (an expired code took nothing, R24).
   */
  createOrderCode({
    caller: merchantId,
    input,
  }: OperationCall<'createOrderCode'>): Promise<OrderCode> {
    const { ctx } = this;
    ctx.registry.requireMerchant(merchantId);
    return this.payments.onOrder(merchantId, input.orderId, async () => {
      const key = orderKey(merchantId, input.orderId);
      const content = JSON.stringify([
        input.amount,
        input.items ?? null,
        input.description ?? null,
      ]);
      const existing = this.byOrder.get(key);
      const paid = this.payments.paymentOf(merchantId, input.orderId);
      const paidByExisting = paid && existing && paid.fingerprint === fingerprintOf(existing);
      if (paid && !paidByExisting) {
        throw new EsscError(
          'ORDER_PAID',
          'This order id is paid already (by a payment code): ask getPayment for the payment.',
        );
      }
      if (existing && (paidByExisting || ctx.now() <= existing.expiresAt)) {
        if (existing.content !== content) {
          throw new EsscError(
            'ORDER_CONFLICT',
            'This order id already names another order code (amount, items or description differ): use a new order id.',
          );
        }
        return codeOf(existing);
      }
      this.sweep();
      const { text, fields } = await signOrderCode(
        await ctx.keys.currentSigningKey(),
        ctx.now(),
        ORDER_CODE_TTL_SECONDS,
      );
      const record: OrderCodeRecord = {
        codeId: fields.codeId,
        merchantId,
        orderId: input.orderId,
        amount: input.amount,
        ...(input.items !== undefined ? { items: input.items } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        content,
        qrText: text,
        expiresAt: fields.expiresAt * 1000,
        requestIds: new Set(),
      };
      this.codes.set(record.codeId, record);
      this.byOrder.set(key, record);
      return codeOf(record);
    });
  }

  /**
   * The holder scans a merchant's order code: the merchant's registered name and kind, the
   * amount and items. Refused on a code that is not this platform's (QR_MALFORMED,
   * QR_INVALID_SIGNATURE), paid (ORDER_PAID) or expired (QR_EXPIRED), and on an e-card that
   * cannot pay (CARD_INACTIVE, PAYMENT_NOT_ENABLED).
   *
   * Not a mutating row (R20): a scan previews the merchant's code, and a retried scan only
   * makes another handle on the same order, which still pays once (R24, the order's lock). What
   * scans keep is bounded instead: each scan forgets what expired long ago ({@link sweep}), and
   * a holder keeps at most {@link MAX_REQUESTS_PER_HOLDER} requests.
   */
  async scanOrder({ caller: channelId, input }: OperationCall<'scanOrder'>): Promise<OrderPreview> {
    const { ctx } = this;
    this.sweep();
    const view = ctx.registry.requireActive(channelId, input.signNo);
    const fields = await readOrderCode(input.qrText, await ctx.keys.jwks());
    const code = this.codes.get(fields.codeId);
    this.requirePayableCode(code);
    requirePayable(view);
    const requestId = `or_${randomId(16)}`;
    this.keep(code, {
      requestId,
      codeId: code.codeId,
      channelId,
      signNo: input.signNo,
      state: 'open',
    });
    const merchant = ctx.registry.requireMerchant(code.merchantId);
    return {
      requestId,
      merchant: { id: merchant.id, name: merchant.name, kind: merchant.kind },
      orderId: code.orderId,
      amount: code.amount,
      items: (code.items ?? []).map((item) => ({ ...item })),
      ...(code.description !== undefined ? { description: code.description } : {}),
      expiresAt: new Date(code.expiresAt).toISOString(),
    };
  }

  /**
   * Pays a scanned order with user verification, settled as a charge (R23) under the order's
   * lock and then the holder's. Refusals take nothing and leave the request open (a wrong
   * password counts, R11): ORDER_PAID once the order is paid (this way or by a charge),
   * QR_EXPIRED past the code's expiry, CARD_INACTIVE, PAYMENT_NOT_ENABLED, PAYMENT_DECLINED.
   */
  payOrder({ caller: channelId, input }: OperationCall<'payOrder'>): Promise<Payment> {
    const { ctx } = this;
    const request = this.requireRequest(input.requestId, channelId, input.signNo);
    const code = this.codes.get(request.codeId);
    // A request is forgotten with its code; were it not, its code is gone: expired long ago.
    this.requirePayableCode(code);
    const merchant = ctx.registry.requireMerchant(code.merchantId);
    return this.payments.onOrder(code.merchantId, code.orderId, () =>
      ctx.exclusive(ctx.registry.lockOf(input.signNo), async () => {
        this.requireRequest(input.requestId, channelId, input.signNo);
        this.requirePayableCode(code);
        const view = ctx.registry.requireActive(channelId, input.signNo);
        requirePayable(view);
        const check = await ctx.verification.verifyUser(view.ecard, input.verification, channelId);
        const payment = releasedOnRefusal(check, () => {
          // The password check takes time: the code may have expired meanwhile.
          this.requirePayableCode(code);
          return this.payments.settleOrder(view, {
            merchant,
            orderId: code.orderId,
            amount: code.amount,
            fingerprint: fingerprintOf(code),
            ...(code.items !== undefined ? { items: code.items } : {}),
            ...(code.description !== undefined ? { description: code.description } : {}),
          });
        });
        check.consume();
        request.state = 'paid';
        return payment;
      }),
    );
  }

  /**
   * The holder declines a scanned order: this request cannot pay any more, nothing is taken,
   * and the merchant's order stays unpaid. Declining again changes nothing; a paid request is
   * ORDER_PAID. R13: not on an inactive card (CARD_INACTIVE).
   */
  async declineOrder({ caller: channelId, input }: OperationCall<'declineOrder'>): Promise<void> {
    this.ctx.registry.requireActive(channelId, input.signNo);
    const request = this.requests.get(input.requestId);
    if (request?.state === 'declined' && isOf(request, channelId, input.signNo)) return;
    const open = this.requireRequest(input.requestId, channelId, input.signNo);
    open.state = 'declined';
  }

  /** ORDER_PAID once its order is paid (any way); QR_EXPIRED past its expiry or forgotten. */
  private requirePayableCode(code: OrderCodeRecord | undefined): asserts code is OrderCodeRecord {
    if (code && this.payments.paymentOf(code.merchantId, code.orderId)) {
      throw new EsscError(
        'ORDER_PAID',
        'This order is paid already: an order code pays once. Nothing more was taken.',
      );
    }
    if (!code || this.ctx.now() > code.expiresAt) {
      throw new EsscError(
        'QR_EXPIRED',
        "The merchant's order code has expired: ask the merchant to show a new one.",
      );
    }
  }

  /**
   * The open request of this holder in this channel; anyone else's, a declined or an unknown
   * one is PAYMENT_NOT_FOUND (a paid one: ORDER_PAID).
   */
  private requireRequest(requestId: string, channelId: string, signNo: string): OrderRequest {
    const request = this.requests.get(requestId);
    if (!request || !isOf(request, channelId, signNo) || request.state === 'declined') {
      throw new EsscError(
        'PAYMENT_NOT_FOUND',
        'No open order request with this id for this card in this channel: scan the code again.',
      );
    }
    if (request.state === 'paid') {
      throw new EsscError('ORDER_PAID', 'This order is paid already: an order code pays once.');
    }
    return request;
  }

  /** Keeps a new request, forgetting the holder's oldest one past the bound. */
  private keep(code: OrderCodeRecord, request: OrderRequest): void {
    let ofHolder = this.byHolder.get(request.signNo);
    if (!ofHolder) {
      ofHolder = new Set();
      this.byHolder.set(request.signNo, ofHolder);
    }
    if (ofHolder.size >= MAX_REQUESTS_PER_HOLDER) {
      this.forget(ofHolder.values().next().value!);
    }
    ofHolder.add(request.requestId);
    code.requestIds.add(request.requestId);
    this.requests.set(request.requestId, request);
  }

  /** Forgets one request everywhere it is kept. */
  private forget(requestId: string): void {
    const request = this.requests.get(requestId);
    if (!request) return;
    this.requests.delete(requestId);
    this.codes.get(request.codeId)?.requestIds.delete(requestId);
    const ofHolder = this.byHolder.get(request.signNo);
    ofHolder?.delete(requestId);
    if (ofHolder?.size === 0) this.byHolder.delete(request.signNo);
  }

  /**
   * Forgets codes well past their expiry, and their requests with them, oldest first (one
   * lifetime each, made on the clock, so the forgettable ones come first); payments stay with
   * {@link Payments}.
   */
  private sweep(): void {
    const horizon = this.ctx.now() - KEEP_AFTER_EXPIRY_MS;
    for (const [codeId, code] of this.codes) {
      if (code.expiresAt > horizon) break;
      for (const requestId of code.requestIds) this.forget(requestId);
      this.codes.delete(codeId);
      const key = orderKey(code.merchantId, code.orderId);
      if (this.byOrder.get(key) === code) this.byOrder.delete(key);
    }
  }
}

/** What identifies a payment made by this code (R24): a charge of the order never matches it. */
function fingerprintOf(code: OrderCodeRecord): string {
  return JSON.stringify([code.amount, code.items ?? null, `order-code:${code.codeId}`]);
}

function isOf(request: OrderRequest, channelId: string, signNo: string): boolean {
  return request.channelId === channelId && request.signNo === signNo;
}

function codeOf(record: OrderCodeRecord): OrderCode {
  return { qrText: record.qrText, expiresAt: new Date(record.expiresAt).toISOString() };
}
