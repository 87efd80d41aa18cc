import type { PaymentItem, PaymentSplit } from '../domain/types.js';

/** What settlement reads of the holder's accounts, fen and basis points. */
export interface SettlementAccounts {
  bank: number;
  personalAccount: number;
  coverageBp: number;
  deductibleLeft: number;
}

/** A settlement's outcome: the split and what it takes from the deductible, or a decline. */
export type Settlement =
  | { ok: true; split: PaymentSplit; deductibleUsed: number }
  | { ok: false; selfPay: number };

/** The sum of the `covered` items (R23: without items, nothing is covered). */
export function coveredAmount(items: readonly PaymentItem[] | undefined): number {
  let covered = 0;
  for (const item of items ?? []) if (item.coverage === 'covered') covered += item.amount;
  return covered;
}

/**
 * R23, medical settlement (医保结算) in integer fen, a pure function so it is tested alone:
 * `d = min(covered, deductibleLeft)`; `pooledFund = floor((covered − d) × bp / 10 000)`;
 * `personalAccount = min(amount − pooledFund, personal balance)`; `selfPay` the rest, from the
 * bank. A bank balance below `selfPay` declines the whole charge. At a merchant that does not
 * settle insurance (`medical` false) the bank pays everything.
 *
 * Every product here is below 2^53 (covered ≤ 5 000 000 fen, bp ≤ 10 000), and the floor is
 * taken by subtracting the remainder, so no floating-point value is ever formed.
 */
export function settle(
  input: { amount: number; covered: number; medical: boolean },
  accounts: SettlementAccounts,
): Settlement {
  const { amount } = input;
  let pooledFund = 0;
  let personalAccount = 0;
  let deductibleUsed = 0;
  if (input.medical) {
    deductibleUsed = Math.min(input.covered, accounts.deductibleLeft);
    const product = (input.covered - deductibleUsed) * accounts.coverageBp;
    pooledFund = (product - (product % 10_000)) / 10_000;
    personalAccount = Math.min(amount - pooledFund, accounts.personalAccount);
  }
  const selfPay = amount - pooledFund - personalAccount;
  if (accounts.bank < selfPay) return { ok: false, selfPay };
  return { ok: true, split: { pooledFund, personalAccount, selfPay }, deductibleUsed };
}

/**
 * R25: where refunded money goes back: self-pay first, then the personal account, then the
 * pooled fund, each at most what it paid less what went back to it already.
 */
export function refundSplit(
  amount: number,
  paid: PaymentSplit,
  alreadyBack: PaymentSplit,
): PaymentSplit {
  let left = amount;
  const take = (key: keyof PaymentSplit) => {
    const part = Math.min(left, paid[key] - alreadyBack[key]);
    left -= part;
    return part;
  };
  const selfPay = take('selfPay');
  const personalAccount = take('personalAccount');
  const pooledFund = take('pooledFund');
  return { pooledFund, personalAccount, selfPay };
}
