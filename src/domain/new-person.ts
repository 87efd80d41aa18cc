/**
 * What the back office gives to add a person holding a physical card: one declaration for the
 * engine, the `MockPlatform`, the conformance suite's admin and the sandbox's admin route.
 */
import type { Benefit } from './family.js';
import type { PhysicalCardStatus } from './types.js';

/**
 * A person to add, with their physical card and money (R1, R2, R23, R33).
 *
 * @example
 * ```ts
 * const person: NewPerson = {
 *   name: '张三', idNumber: '440106199003071231', regionCode: '440100', bankAccountActive: true,
 *   bankBalance: 50_000, medical: { personalAccount: 20_000, coverage: 0.8, deductible: 10_000 },
 * };
 * ```
 */
export interface NewPerson {
  /** Full name as on the ID card. */
  name: string;
  /** 18-character resident ID number. */
  idNumber: string;
  /** The city that issued the card (GB/T 2260, 6 digits). */
  regionCode: string;
  /** The physical card's status; default `normal`. */
  cardStatus?: PhysicalCardStatus;
  /** Whether the card's bank account is active (needed for payment, R7); default `false`. */
  bankAccountActive?: boolean;
  /** Fen, default 10 000 000. */
  bankBalance?: number;
  /** The medical-insurance accounts (R23). */
  medical?: {
    /** 个人账户, fen, default 0. */
    personalAccount?: number;
    /** 0–1, default 0.7: the pooled fund's share of covered amounts past the deductible. */
    coverage?: number;
    /** 起付线 per year, fen, default 0. */
    deductible?: number;
  };
  /**
   * A benefit that needs yearly certification (R33), and the last certification (ISO 8601;
   * absent = never, so `overdue`); `monthlyAmount` in fen, paid by each month's disbursement
   * (R44, default 300 000).
   */
  benefit?: Benefit;
}
