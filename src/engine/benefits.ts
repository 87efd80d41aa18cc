import * as z from 'zod/mini';
import type { BenefitPayment, BenefitPaymentStatus } from '../domain/benefits.js';
import { benefitMonthSchema } from '../domain/family-schemas.js';
import { parseInput } from '../domain/parse-input.js';
import type { NotificationType } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import { CHINA_UTC_OFFSET_MS, certificationAt } from './certification.js';
import type { EngineContext } from './context.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

/**
 * At most this many months before the platform clock's month are paid as arrears (R44), and a
 * run names the clock's month or one of these.
 */
export const MAX_ARREARS_MONTHS = 12;

const disbursementInputSchema = z.strictObject({ month: z.optional(benefitMonthSchema) });

/** One month of one person's benefit, as the platform keeps it. */
interface MonthRecord {
  month: string;
  /** Fen: the monthly amount when the month was run. */
  amount: number;
  status: BenefitPaymentStatus;
  /** Milliseconds. */
  paidAt?: number;
  /**
   * A suspended month older than the arrears window when a run paid the person: never paid
   * (R44). It still reads `suspended` (DESIGN's record: not paid, and no run will pay it).
   */
  forfeited?: true;
}

/** What one run of the disbursement did (R44): persons paid, persons newly suspended. */
export interface DisbursementOutcome {
  /** Persons paid by this run: the month, with their arrears when they had some. */
  paid: number;
  /** Persons whose month this run suspended: their certification is overdue (R33). */
  suspended: number;
}

/** `YYYY-MM` as a count of months, so that months compare and subtract. */
const monthIndex = (month: string): number =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** `YYYY-MM` of an instant on China's calendar (the platform's months). */
export const monthAt = (at: number): string =>
  new Date(at + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 7);

/**
 * Benefit payments (待遇发放, R44): the back office runs a month's disbursement, which pays each
 * person with a benefit their monthly amount into the card's bank account — once per person
 * and month, however often it runs, retries or races — except a person whose certification is
 * overdue (R33): their month is `suspended`, and paid with its arrears (at most 12 months
 * before the platform clock's month) by the first run after they certify; older suspended
 * months are forfeited then, never paid. A run names the clock's month (the default) or one
 * of the 12 before it. One person's payment is all or
 * nothing: the balance and the records change together, in the person's turn
 * ({@link EngineContext.serialised}). The person's bound channels are told, and the channels
 * of every holder who has them as a family member (`benefit.paid`, `benefit.suspended`).
 */
export class Benefits {
  /** idNumber → month → record. */
  private readonly byPerson = new Map<string, Map<string, MonthRecord>>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly family: Family,
  ) {}

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'listBenefitPayments'> {
    return {
      listBenefitPayments: (call) => this.listBenefitPayments(call),
    };
  }

  /**
   * R44: runs one month's disbursement for every person with a benefit: `month` (`YYYY-MM`) is
   * the platform clock's month (China time; the default) or one of the 12 before it, else
   * `VALIDATION_FAILED` naming `month`. Answers what this run did: a run again pays nobody
   * twice and answers zeros for those already paid or suspended.
   */
  async runDisbursement(input: unknown): Promise<DisbursementOutcome> {
    const parsed = parseInput(disbursementInputSchema, input);
    const current = monthIndex(monthAt(this.ctx.now()));
    const month = parsed.month ?? monthAt(this.ctx.now());
    if (monthIndex(month) > current || monthIndex(month) < current - MAX_ARREARS_MONTHS) {
      throw validationError(
        'Invalid input. month: a run names the current month or one of the 12 before it.',
        {
          path: ['month'],
          message: 'The month must be the current month or one of the 12 before it.',
        },
      );
    }
    const outcomes = await Promise.all(
      [...this.ctx.registry.benefits.keys()].map((idNumber) =>
        this.ctx.serialised(idNumber, () => this.disburse(idNumber, month, current)),
      ),
    );
    return {
      paid: outcomes.filter((o) => o === 'paid').length,
      suspended: outcomes.filter((o) => o === 'suspended').length,
    };
  }

  /** R44, R32: the benefit payments of the holder or of a member, newest first; any card status. */
  async listBenefitPayments({
    caller: channelId,
    input,
  }: OperationCall<'listBenefitPayments'>): Promise<BenefitPayment[]> {
    const { registry } = this.ctx;
    const idNumber =
      input.memberId === undefined
        ? registry.ecardOf(registry.requireBinding(channelId, input.signNo).signNo)!.person.idNumber
        : this.family.forMember(channelId, input.signNo, input.memberId, 'benefit-history').person
            .idNumber;
    return this.paymentsOf(idNumber);
  }

  /** A person's months, newest first (the back office's view reads them too). */
  paymentsOf(idNumber: string): BenefitPayment[] {
    return [...(this.byPerson.get(idNumber)?.values() ?? [])]
      .sort((x, y) => monthIndex(y.month) - monthIndex(x.month))
      .map(view);
  }

  /**
   * One person's month, in their turn. Synchronous from the first check to the last change,
   * so a second run (or a retry) sees the first one's records: nothing is paid twice. Arrears
   * are the suspended months from `current` − 12 up to the month; a payment forfeits the
   * suspended months before that window, so no later run (back-dated or not) pays them.
   */
  private disburse(
    idNumber: string,
    month: string,
    current: number,
  ): BenefitPaymentStatus | undefined {
    const { ctx } = this;
    const benefit = ctx.registry.benefits.get(idNumber)!;
    let months = this.byPerson.get(idNumber);
    if (!months) {
      months = new Map();
      this.byPerson.set(idNumber, months);
    }
    const existing = months.get(month);
    if (existing?.status === 'paid' || existing?.forfeited) return undefined;
    if (certificationAt(benefit, ctx.now()).status === 'overdue') {
      if (existing) return undefined;
      const suspended: MonthRecord = { month, amount: benefit.monthlyAmount, status: 'suspended' };
      months.set(month, suspended);
      this.tell(idNumber, 'benefit.suspended', suspended);
      return 'suspended';
    }
    const first = current - MAX_ARREARS_MONTHS;
    const waiting = [...months.values()].filter((m) => m.status === 'suspended' && !m.forfeited);
    const arrears = waiting.filter(
      (m) => monthIndex(m.month) >= first && monthIndex(m.month) < monthIndex(month),
    );
    const due = [
      existing ?? { month, amount: benefit.monthlyAmount, status: 'suspended' as const },
      ...arrears,
    ];
    const account = ctx.registry.accounts.get(idNumber)!;
    const paidAt = ctx.now();
    // All or nothing (R44): the balance and every record together, with nothing in between
    // that can fail.
    account.bank += due.reduce((sum, m) => sum + m.amount, 0);
    for (const record of waiting) {
      if (monthIndex(record.month) < first) record.forfeited = true;
    }
    for (const record of due) {
      record.status = 'paid';
      record.paidAt = paidAt;
      months.set(record.month, record);
    }
    for (const record of due.sort((x, y) => monthIndex(x.month) - monthIndex(y.month))) {
      this.tell(idNumber, 'benefit.paid', record);
    }
    return 'paid';
  }

  /** The person's own bound channels, and their holders' (R32) with the member id. */
  private tell(idNumber: string, type: NotificationType, record: MonthRecord): void {
    const { registry, notifier } = this.ctx;
    const benefitPayment = view(record);
    const person = registry.persons.get(idNumber)!;
    const ownSignNo = registry.signNoOfCard(person.cardNo);
    if (ownSignNo) notifier.notifyBound(ownSignNo, type, { benefitPayment });
    for (const { memberId, holderSignNo } of this.family.holdersOf(idNumber)) {
      notifier.notifyBound(holderSignNo, type, { memberId, benefitPayment });
    }
  }
}

function view(record: MonthRecord): BenefitPayment {
  return {
    month: record.month,
    amount: record.amount,
    status: record.status,
    ...(record.paidAt === undefined ? {} : { paidAt: new Date(record.paidAt).toISOString() }),
  };
}
