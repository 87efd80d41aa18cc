import { EsscError } from '../domain/errors.js';
import { parseInput } from '../domain/parse-input.js';
import { addBillInputSchema } from '../domain/payment-schemas.js';
import type { Bill, BillKind } from '../domain/types.js';
import type { EngineContext } from './context.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

interface BillRecord {
  billId: string;
  idNumber: string;
  kind: BillKind;
  title: string;
  amount: number;
  paidAt?: number;
}

/**
 * Bills (缴费, R26): the back office adds a person's bills (参保, 考试, 培训), a level-2
 * e-card pays one with user verification from the bank account, once; bound channels are told
 * (R27, `bill.paid`).
 */
export class Bills {
  private readonly bills = new Map<string, BillRecord>();
  /** Each person's bills in the order added: listing one holder's scans no one else's. */
  private readonly byPerson = new Map<string, BillRecord[]>();
  private sequence = 0;

  constructor(private readonly ctx: EngineContext) {}

  /** Adds a bill for a known person; VALIDATION_FAILED or CARD_NOT_FOUND before any change. */
  addBill(rawInput: { idNumber: string; kind: BillKind; title: string; amount: number }): {
    billId: string;
  } {
    const input = parseInput(addBillInputSchema, rawInput);
    const person = this.ctx.registry.requirePerson(input.idNumber);
    this.sequence += 1;
    const billId = `bill_${this.ctx.now().toString(36)}${this.sequence.toString(36).padStart(4, '0')}`;
    const bill: BillRecord = {
      billId,
      idNumber: person.idNumber,
      kind: input.kind,
      title: input.title,
      amount: input.amount,
    };
    this.bills.set(billId, bill);
    const own = this.byPerson.get(bill.idNumber);
    if (own) own.push(bill);
    else this.byPerson.set(bill.idNumber, [bill]);
    return { billId };
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'listBills' | 'payBill'> {
    return {
      listBills: (call) => this.listBills(call),
      payBill: (call) => this.payBill(call),
    };
  }

  /** R27: the holder's bills, newest first; readable in every card status. */
  async listBills({ caller: channelId, input }: OperationCall<'listBills'>): Promise<Bill[]> {
    const { registry } = this.ctx;
    const binding = registry.requireBinding(channelId, input.signNo);
    const { ecard } = registry.ecardOf(binding.signNo)!;
    return (this.byPerson.get(ecard.idNumber) ?? []).map(view).reverse();
  }

  /** The back office's view: a person's bills, newest first. */
  billsOf(idNumber: string): Bill[] {
    return (this.byPerson.get(idNumber) ?? []).map(view).reverse();
  }

  /** R26: pays a bill from the bank account, once, with user verification on a level-2 e-card. */
  async payBill({ caller: channelId, input }: OperationCall<'payBill'>): Promise<Bill> {
    const { ctx } = this;
    const { ecard, card } = ctx.registry.requireActive(channelId, input.signNo);
    if (ecard.level !== 2 || !card.bankAccountActive) {
      throw new EsscError(
        'PAYMENT_NOT_ENABLED',
        'Paying a bill needs a level-2 e-card; call enablePayment first.',
      );
    }
    const bill = this.bills.get(input.billId);
    if (!bill || bill.idNumber !== ecard.idNumber) {
      throw new EsscError('BILL_NOT_FOUND', 'The holder has no bill with this id.');
    }
    if (bill.paidAt !== undefined) {
      throw new EsscError('BILL_ALREADY_PAID', 'This bill is paid already.');
    }
    const check = await ctx.verification.verifyUser(ecard, input.verification, channelId);
    const account = ctx.registry.accounts.get(ecard.idNumber)!;
    if (account.bank < bill.amount) {
      check.release();
      throw new EsscError(
        'PAYMENT_DECLINED',
        'The bank account holds less than the bill; nothing was paid.',
      );
    }
    check.consume();
    account.bank -= bill.amount;
    bill.paidAt = ctx.now();
    const paid = view(bill);
    ctx.notifier.notifyBound(ecard.signNo, 'bill.paid', { bill: paid });
    return paid;
  }
}

function view(bill: BillRecord): Bill {
  return {
    billId: bill.billId,
    kind: bill.kind,
    title: bill.title,
    amount: bill.amount,
    status: bill.paidAt === undefined ? 'unpaid' : 'paid',
    ...(bill.paidAt !== undefined ? { paidAt: new Date(bill.paidAt).toISOString() } : {}),
  };
}
