import type { EsscError } from '../domain/errors.js';
import { isFen } from '../domain/money.js';
import { invalidField } from '../domain/validation.js';
import type { AccountRecord } from './entities.js';

/** What `addPerson` may say of a person's money; every amount in fen. */
export interface AccountInput {
  /** Default 10 000 000 fen (¥100 000.00). */
  bankBalance?: number;
  medical?: {
    /** Default 0. */
    personalAccount?: number;
    /** 0–1, default 0.7: converted once to basis points. */
    coverage?: number;
    /** Per year, default 0. */
    deductible?: number;
  };
}

/** The default bank balance of a new person, fen. */
export const DEFAULT_BANK_BALANCE = 10_000_000;
/** The default coverage ratio of medical insurance. */
export const DEFAULT_COVERAGE = 0.7;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar year in China (UTC+8) at `ms`: the deductible is yearly. */
export function chinaYear(ms: number): number {
  return new Date(ms + CHINA_OFFSET_MS).getUTCFullYear();
}

function invalid(path: (string | number)[], message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('', path, message);
}

function fen(value: number | undefined, fallback: number, path: (string | number)[]): number {
  if (value === undefined) return fallback;
  if (!isFen(value)) throw invalid(path, 'must be a non-negative integer of fen');
  return value;
}

/**
 * The one place a coverage ratio becomes basis points (R23: bp = round(coverage × 10 000)):
 * settlement then multiplies integers only.
 */
export function coverageToBp(coverage: number): number {
  if (typeof coverage !== 'number' || !Number.isFinite(coverage) || coverage < 0 || coverage > 1) {
    throw invalid(['medical', 'coverage'], 'must be a number from 0 to 1');
  }
  return Math.round(coverage * 10_000);
}

/** A new person's accounts, checked field by field (VALIDATION_FAILED before any change). */
export function openAccount(input: AccountInput, now: number): AccountRecord {
  const medical = input.medical ?? {};
  if (typeof medical !== 'object' || medical === null) {
    throw invalid(['medical'], 'must be an object');
  }
  const deductible = fen(medical.deductible, 0, ['medical', 'deductible']);
  return {
    bank: fen(input.bankBalance, DEFAULT_BANK_BALANCE, ['bankBalance']),
    personalAccount: fen(medical.personalAccount, 0, ['medical', 'personalAccount']),
    coverageBp: coverageToBp(medical.coverage ?? DEFAULT_COVERAGE),
    deductible,
    deductibleLeft: deductible,
    deductibleYear: chinaYear(now),
  };
}

/** Starts a new deductible year when one has begun since the account last settled. */
export function rollDeductibleYear(account: AccountRecord, now: number): void {
  const year = chinaYear(now);
  if (year !== account.deductibleYear) {
    account.deductibleYear = year;
    account.deductibleLeft = account.deductible;
  }
}

/** What the back office may set of a person's money, fen; a field left out stays. */
export interface BalanceChange {
  bank?: number;
  personalAccount?: number;
  deductibleLeft?: number;
}

/**
 * Sets balances (the sandbox's back office tops up or drains an account). Every field is
 * checked before any is set (VALIDATION_FAILED, no partial change); the deductible left
 * cannot exceed the yearly deductible.
 */
export function setBalances(account: AccountRecord, change: BalanceChange, now: number): void {
  const bank = fen(change.bank, account.bank, ['bank']);
  const personalAccount = fen(change.personalAccount, account.personalAccount, ['personalAccount']);
  rollDeductibleYear(account, now);
  const deductibleLeft = fen(change.deductibleLeft, account.deductibleLeft, ['deductibleLeft']);
  if (deductibleLeft > account.deductible) {
    throw invalid(
      ['deductibleLeft'],
      `must be at most the yearly deductible (${account.deductible})`,
    );
  }
  account.bank = bank;
  account.personalAccount = personalAccount;
  account.deductibleLeft = deductibleLeft;
}
