/**
 * The model's own money rules (R23, R25), in BigInt and written from DESIGN.md, not from
 * src/engine/settlement.ts: settlement of one charge, where a refund goes back, and the
 * per-person ledger the run checks after every step.
 */

/** A split of a charge, fen: pooled fund (统筹基金), personal account (个人账户), self-pay (自付). */
export interface Split {
  pooledFund: bigint;
  personalAccount: bigint;
  selfPay: bigint;
}

export const ZERO_SPLIT: Split = { pooledFund: 0n, personalAccount: 0n, selfPay: 0n };

/** One person's money as the model holds it, fen. */
export interface Purse {
  bank: bigint;
  personalAccount: bigint;
  /** What is left of this year's deductible (起付线). */
  deductibleLeft: bigint;
  /** round(coverage × 10 000). */
  bp: bigint;
}

/** The people's money at the start of a run: `coverage` as the platform is given it. */
export interface OpeningMoney {
  bank: number;
  personalAccount: number;
  coverage: number;
  deductible: number;
}

/** R23: bp = round(coverage × 10 000), the one place a ratio becomes an integer. */
export function basisPoints(coverage: number): bigint {
  return BigInt(Math.round(coverage * 10_000));
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** Deliberate mistakes, to prove the run catches a wrong settlement. */
export interface MoneyFlaws {
  /** Round the pooled fund up instead of down. */
  pooledRoundsUp?: boolean;
  /** Give refunds back to the personal account before the bank. */
  refundPersonalFirst?: boolean;
}

/**
 * R23, medical: d = min(covered, deductibleLeft); pooled = floor((covered − d) × bp / 10 000);
 * personal = min(amount − pooled, personal balance); self = the rest, from the bank.
 * Anywhere else the bank pays all. `undefined` when the bank holds less than the self-pay.
 */
export function settle(
  amount: bigint,
  covered: bigint,
  medical: boolean,
  purse: Purse,
  flaws: MoneyFlaws = {},
): { split: Split; deductibleUsed: bigint } | undefined {
  if (!medical) {
    if (purse.bank < amount) return undefined;
    return { split: { pooledFund: 0n, personalAccount: 0n, selfPay: amount }, deductibleUsed: 0n };
  }
  const d = min(covered, purse.deductibleLeft);
  const product = (covered - d) * purse.bp;
  // BigInt division truncates, which for non-negative numbers is the floor.
  const pooledFund = flaws.pooledRoundsUp ? (product + 9_999n) / 10_000n : product / 10_000n;
  const personalAccount = min(amount - pooledFund, purse.personalAccount);
  const selfPay = amount - pooledFund - personalAccount;
  if (purse.bank < selfPay) return undefined;
  return { split: { pooledFund, personalAccount, selfPay }, deductibleUsed: d };
}

/** R25: a refund goes back to self-pay first, then the personal account, then the pooled fund. */
export function refundParts(
  amount: bigint,
  paid: Split,
  back: Split,
  flaws: MoneyFlaws = {},
): Split {
  let left = amount;
  const take = (key: keyof Split) => {
    const part = min(left, paid[key] - back[key]);
    left -= part;
    return part;
  };
  const order: (keyof Split)[] = flaws.refundPersonalFirst
    ? ['personalAccount', 'selfPay', 'pooledFund']
    : ['selfPay', 'personalAccount', 'pooledFund'];
  const parts = { ...ZERO_SPLIT };
  for (const key of order) parts[key] = take(key);
  return parts;
}

export const addSplit = (a: Split, b: Split): Split => ({
  pooledFund: a.pooledFund + b.pooledFund,
  personalAccount: a.personalAccount + b.personalAccount,
  selfPay: a.selfPay + b.selfPay,
});

export const splitToNumbers = (s: Split) => ({
  pooledFund: Number(s.pooledFund),
  personalAccount: Number(s.personalAccount),
  selfPay: Number(s.selfPay),
});
