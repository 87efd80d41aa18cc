import * as z from 'zod/mini';
import type { BenefitPayment, BenefitPaymentStatus } from '../domain/benefits.js';
import { benefitMonthSchema } from '../domain/family-schemas.js';
import { parseInput } from '../domain/parse-input.js';
import type { NotificationType } from '../domain/types.js';
import { certificationAt } from './certification.js';
import type { EngineContext } from './context.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

/** At most this many months before the run's month are paid as arrears (R44). */
export const MAX_ARREARS_MONTHS = 12;

const disbursementInputSchema = z.strictObject({ month: benefitMonthSchema });

/** One month of one person's benefit, as the platform keeps it. */
interface MonthRecord {
  month: string;
  /** Fen: the monthly amount when the month was run. */
  amount: number;
  status: BenefitPaymentStatus;
  /** Milliseconds. */
  paidAt?: number;
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

/**
 * Benefit payments (待遇发放, R44): the back office runs a month's disbursement, which pays each
 * person with a benefit their monthly amount into the card's bank account — once per person
 * and month, however often it runs, retries or races — except a person whose certification is
 * overdue (R33): their month is `suspended`, and paid with its arrears (at most 12 months
 * before the run's month) by the first run after they certify. One person's payment is all or
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
   * R44: runs one month's disbursement for every person with a benefit; `VALIDATION_FAILED`
   * for a month that is not `YYYY-MM`. Answers what this run did: a run again pays nobody
   * twice and answers zeros for those already paid or suspended.
   */
  async runDisbursement(input: unknown): Promise<DisbursementOutcome> {
    const { month } = parseInput(disbursementInputSchema, input);
    const outcomes = await Promise.all(
      [...this.ctx.registry.benefits.keys()].map((idNumber) =>
        this.ctx.serialised(idNumber, () => this.disburse(idNumber, month)),
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
   * so a second run (or a retry) sees the first one's records: nothing is paid twice.
   */
  private disburse(idNumber: string, month: string): BenefitPaymentStatus | undefined {
    const { ctx } = this;
    const benefit = ctx.registry.benefits.get(idNumber)!;
    let months = this.byPerson.get(idNumber);
    if (!months) {
      months = new Map();
      this.byPerson.set(idNumber, months);
    }
    const existing = months.get(month);
    if (existing?.status === 'paid') return undefined;
    if (certificationAt(benefit, ctx.now()).status === 'overdue') {
      if (existing) return undefined;
      const suspended: MonthRecord = { month, amount: benefit.monthlyAmount, status: 'suspended' };
      months.set(month, suspended);
      this.tell(idNumber, 'benefit.suspended', suspended);
      return 'suspended';
    }
    const first = monthIndex(month) - MAX_ARREARS_MONTHS;
    const arrears = [...months.values()].filter(
      (m) =>
        m.status === 'suspended' &&
        monthIndex(m.month) >= first &&
        monthIndex(m.month) < monthIndex(month),
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
