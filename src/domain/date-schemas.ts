/**
 * The one definition of a date and a month in forms and records (R29): every date field of a
 * service form and of a person's records is built here, so none can take a day the calendar
 * does not have.
 *
 * @internal
 */
import * as z from 'zod/mini';

/**
 * A calendar date, `YYYY-MM-DD`: a day the Gregorian calendar has, so `2026-02-31`,
 * `2026-04-31` and `2025-02-29` are refused and `2024-02-29` is taken. zod's ISO date check
 * (one regular expression, the same rule as its date-times: 30-day months, leap years by the
 * 4/100/400 rule) — nothing a mini-program's oldest runtime lacks. `what` names the field in
 * the message.
 */
export function calendarDateSchema(what: string): z.ZodMiniType<string> {
  return z.iso.date({ error: `The ${what} must be a date of the calendar, YYYY-MM-DD.` });
}

/**
 * A calendar month, `YYYY-MM` (`01`–`12`).
 */
export function calendarMonthSchema(what: string): z.ZodMiniType<string> {
  return z
    .string()
    .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: `The ${what} must be a month YYYY-MM.` }));
}
