/**
 * Money in the SDK is an integer number of fen (分, 1/100 yuan): no floating point anywhere a
 * sum is made. These helpers check and display such amounts.
 */
import { EsscError } from './errors.js';

/**
 * The largest amount of one charge, fen (R22): ¥50 000.00.
 *
 * @example
 * ```ts
 * if (amount > MAX_CHARGE_FEN) askForAnotherMeans();
 * ```
 */
export const MAX_CHARGE_FEN = 5_000_000;

/**
 * Formats an integer amount of fen as yuan for display: `formatFen(36500)` is `'¥365.00'`.
 * Integer arithmetic only (no `toFixed` on a float), thousands not grouped; negative amounts
 * get a leading minus (`'-¥0.05'`). A value that is not a safe integer throws
 * `VALIDATION_FAILED`: a fractional fen is a bug upstream, not something to round away.
 *
 * @example
 * ```ts
 * formatFen(36500); // '¥365.00'
 * formatFen(5);     // '¥0.05'
 * formatFen(-120);  // '-¥1.20'
 * ```
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) {
    throw new EsscError('VALIDATION_FAILED', 'formatFen: the amount must be an integer of fen.', {
      details: { issues: [{ path: ['fen'], message: 'not a safe integer' }] },
    });
  }
  const negative = fen < 0;
  const abs = negative ? -fen : fen;
  const yuan = (abs - (abs % 100)) / 100;
  const cents = abs % 100;
  return `${negative ? '-' : ''}¥${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * Whether `value` is an integer amount of fen within `[min, max]`.
 *
 * @example
 * ```ts
 * isFen(36500, 1, MAX_CHARGE_FEN); // true
 * isFen(365.5);                    // false
 * ```
 */
export function isFen(value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}
