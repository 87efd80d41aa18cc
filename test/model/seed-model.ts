/**
 * The model's rules for order codes (R45) and the father's benefit payments (R44), written
 * from DESIGN.md §6.4 and not from src/engine: what each step answers and how it changes the
 * model. Order codes pay through the model's one settlement (`Model.settlePayment`, R23) and
 * share the order ids of charges (R24); the father's pension is suspended while he has never
 * certified (R33: overdue) and paid, with the arrears of at most 12 months, once he has.
 */
import type { ChargeItem, Model, Resolved, Secret, Target } from './model.js';

/** An order code lives 5 minutes (R45); codes and requests are forgotten 10 minutes after. */
export const ORDER_CODE_TTL_S = 300;
const FORGET_AFTER_MS = 10 * 60_000;
export const MONTHLY_BENEFIT = 300_000n;
const MAX_ARREARS = 12;

export type SeedStep =
  | {
      kind: 'createOrderCode';
      merchant: number;
      orderId: string;
      amount: number;
      items?: ChargeItem[];
    }
  /** `code`: the index of a code made (modulo the codes made). */
  | { kind: 'scanOrder'; target: Target; code: number }
  /** `request`: the index of a scan (modulo the scans made). */
  | { kind: 'payOrder'; target: Target; request: number; secret: Secret }
  | { kind: 'declineOrder'; target: Target; request: number }
  | { kind: 'runDisbursement'; month: string };

export interface MOrderCode {
  merchant: number;
  orderId: string;
  amount: number;
  items?: ChargeItem[];
  content: string;
  expiresAtMs: number;
  /** The fingerprint of the payment it makes: never that of a charge (R24). */
  fingerprint: string;
  forgotten: boolean;
}
interface MOrderRequest {
  code: number;
  person: number;
  ecard: number;
  channel: number;
  state: 'open' | 'declined' | 'paid';
  /** Its code's expiry. */
  expiresAtMs: number;
  forgotten: boolean;
}
export interface MMonth {
  amount: bigint;
  status: 'paid' | 'suspended';
  paidAt?: number;
  /** Suspended, and older than the arrears window when a later run paid him: never paid. */
  forfeited?: boolean;
}

/** The model's state for R44 and R45. */
export class SeedState {
  readonly codes: MOrderCode[] = [];
  /** The latest code of each `merchant|orderId`. */
  readonly latestCode = new Map<string, number>();
  readonly requests: MOrderRequest[] = [];
  /** The father's months (R44). */
  readonly months = new Map<string, MMonth>();

  /** What the father has been paid, fen. */
  benefitPaid(): bigint {
    let sum = 0n;
    for (const m of this.months.values()) if (m.status === 'paid') sum += m.amount;
    return sum;
  }

  /** The father's months as a channel lists them (newest first). */
  monthsView(): Record<string, unknown>[] {
    return [...this.months]
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([month, m]) => ({
        month,
        amount: Number(m.amount),
        status: m.status,
        ...(m.paidAt === undefined ? {} : { paidAt: new Date(m.paidAt).toISOString() }),
      }));
  }
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/** The month (`YYYY-MM`) of a moment in China time (UTC+8), as the platform reads its clock. */
function chinaMonth(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The hooks of the model the seed rules use (its checks, refusals and one settlement). */
export interface ModelHooks {
  refuse(code: string): never;
  requireActive(r: Resolved): void;
  /** R18; answers the proof's consumption (run on success only). */
  verifyUser(r: Resolved, secret: Secret): () => void;
  payable(r: Resolved): boolean;
  mint(r: Resolved, secret: Secret | undefined): void;
}

/** R45 and R44: a seed step's outcome value, changing the model as the platform should. */
export function predictSeed(
  model: Model,
  hooks: ModelHooks,
  step: SeedStep,
  r: Resolved | undefined,
): Record<string, unknown> {
  const { seed } = model;
  const { refuse } = hooks;
  switch (step.kind) {
    case 'createOrderCode': {
      // The terminal's own checks (R22), then one order id per payment (R24).
      const fen = (n: number) => Number.isSafeInteger(n) && n >= 1 && n <= 5_000_000;
      if (!fen(step.amount)) refuse('VALIDATION_FAILED');
      if (step.items) {
        if (!step.items.every((i) => fen(i.amount))) refuse('VALIDATION_FAILED');
        if (step.items.reduce((s, i) => s + i.amount, 0) !== step.amount)
          refuse('VALIDATION_FAILED');
      }
      const key = `${step.merchant}|${step.orderId}`;
      const content = JSON.stringify([step.amount, step.items ?? null]);
      const latest = seed.latestCode.get(key);
      const latestCode = latest === undefined ? undefined : seed.codes[latest]!;
      const existing = latestCode?.forgotten ? undefined : latestCode;
      const paid = model.byOrder.get(key);
      const paidByExisting = paid !== undefined && paid.fingerprint === existing?.fingerprint;
      if (paid && !paidByExisting) refuse('ORDER_PAID');
      if (existing && (paidByExisting || model.now <= existing.expiresAtMs)) {
        if (existing.content !== content) refuse('ORDER_CONFLICT');
        return { expiresAt: new Date(existing.expiresAtMs).toISOString(), reused: true };
      }
      // Swept oldest first, each list until the first one still kept.
      const horizon = model.now - FORGET_AFTER_MS;
      for (const list of [seed.codes, seed.requests]) {
        for (const item of list) {
          if (item.forgotten) continue;
          if (item.expiresAtMs > horizon) break;
          item.forgotten = true;
        }
      }
      const expiresAtMs = (Math.floor(model.now / 1000) + ORDER_CODE_TTL_S) * 1000;
      const index = seed.codes.length;
      seed.codes.push({
        merchant: step.merchant,
        orderId: step.orderId,
        amount: step.amount,
        ...(step.items ? { items: step.items } : {}),
        content,
        expiresAtMs,
        fingerprint: `order-code:${index}`,
        forgotten: false,
      });
      seed.latestCode.set(key, index);
      return { expiresAt: new Date(expiresAtMs).toISOString(), reused: false };
    }
    case 'scanOrder': {
      hooks.requireActive(r!);
      const index = step.code % seed.codes.length;
      const code = seed.codes[index]!;
      requirePayableCode(model, hooks, code);
      if (!hooks.payable(r!)) refuse('PAYMENT_NOT_ENABLED');
      seed.requests.push({
        code: index,
        person: r!.person,
        ecard: r!.ecard!,
        channel: r!.channel,
        state: 'open',
        expiresAtMs: code.expiresAtMs,
        forgotten: false,
      });
      return { merchant: code.merchant, orderId: code.orderId, amount: code.amount };
    }
    case 'payOrder': {
      hooks.mint(r!, step.secret);
      const request = requireRequest(model, hooks, step.request, r!);
      const code = seed.codes[request.code]!;
      requirePayableCode(model, hooks, code);
      hooks.requireActive(r!);
      if (!hooks.payable(r!)) refuse('PAYMENT_NOT_ENABLED');
      const consume = hooks.verifyUser(r!, step.secret);
      const payment = model.settlePayment({
        person: r!.person,
        ecard: r!.ecard!,
        merchant: code.merchant,
        orderId: code.orderId,
        amount: code.amount,
        ...(code.items ? { items: code.items } : {}),
        fingerprint: code.fingerprint,
      });
      consume();
      request.state = 'paid';
      return payment;
    }
    case 'declineOrder': {
      hooks.requireActive(r!);
      const request = seed.requests[step.request % Math.max(1, seed.requests.length)];
      if (request?.state === 'declined' && !request.forgotten && sameHolder(request, r!)) return {};
      requireRequest(model, hooks, step.request, r!).state = 'declined';
      return {};
    }
    case 'runDisbursement': {
      // A run names the platform clock's month (China time) or one of the 12 before it.
      const current = monthIndex(chinaMonth(model.now));
      const m = monthIndex(step.month);
      if (m > current || m < current - MAX_ARREARS) refuse('VALIDATION_FAILED');
      // The father is the one person with a benefit; never certified is overdue (R33).
      const existing = seed.months.get(step.month);
      if (existing?.status === 'paid' || existing?.forfeited) return { paid: 0, suspended: 0 };
      if (model.father.certifiedAt === undefined) {
        if (existing) return { paid: 0, suspended: 0 };
        seed.months.set(step.month, { amount: MONTHLY_BENEFIT, status: 'suspended' });
        return { paid: 0, suspended: 1 };
      }
      // Arrears: at most 12 months back from the clock's month; older suspended months are
      // forfeited by this payment and never paid.
      const first = current - MAX_ARREARS;
      const due = [...seed.months].filter(
        ([month, record]) =>
          record.status === 'suspended' &&
          !record.forfeited &&
          monthIndex(month) >= first &&
          monthIndex(month) < m,
      );
      due.push([step.month, existing ?? { amount: MONTHLY_BENEFIT, status: 'suspended' }]);
      for (const [month, record] of seed.months) {
        if (record.status === 'suspended' && monthIndex(month) < first) record.forfeited = true;
      }
      for (const [month, record] of due) {
        seed.months.set(month, { amount: record.amount, status: 'paid', paidAt: model.now });
      }
      return { paid: 1, suspended: 0 };
    }
  }
}

const sameHolder = (q: MOrderRequest, r: Resolved) =>
  q.person === r.person && q.ecard === r.ecard && q.channel === r.channel;

/** The open scan of this holder in this channel: anyone else's or a declined one is not found. */
function requireRequest(model: Model, hooks: ModelHooks, n: number, r: Resolved): MOrderRequest {
  const request = model.seed.requests[n % Math.max(1, model.seed.requests.length)];
  if (!request || request.forgotten || !sameHolder(request, r) || request.state === 'declined') {
    hooks.refuse('PAYMENT_NOT_FOUND');
  }
  if (request!.state === 'paid') hooks.refuse('ORDER_PAID');
  return request!;
}

/** Paid (this way or by a charge of its order id): ORDER_PAID; expired or forgotten: QR_EXPIRED. */
function requirePayableCode(model: Model, hooks: ModelHooks, code: MOrderCode): void {
  if (!code.forgotten && model.byOrder.has(`${code.merchant}|${code.orderId}`))
    hooks.refuse('ORDER_PAID');
  if (code.forgotten || model.now > code.expiresAtMs) hooks.refuse('QR_EXPIRED');
}
