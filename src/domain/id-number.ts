/**
 * The 18-character resident ID number of GB 11643 (R1): a 6-digit region code, an 8-digit
 * birth date, a 3-digit sequence number (odd for men, even for women) and a check character
 * computed with ISO 7064 MOD 11-2.
 *
 * The 15-digit numbers issued before 1999 are not accepted: every holder of a social security
 * card has been re-issued an 18-character number, and the platform keys people by it.
 */

/**
 * Why {@link parseIdNumber} refused an ID number.
 *
 * @example
 * ```ts
 * const r = parseIdNumber(input);
 * if (!r.ok && r.reason === 'checksum') showHint('Check the number for a typo.');
 * ```
 */
export type IdNumberInvalidReason =
  | 'format'
  | 'checksum'
  | 'birth-date'
  | 'future-birth-date'
  | 'region';

/**
 * A birth date read from an ID number (month and day are 1-based).
 *
 * @example
 * ```ts
 * const r = parseIdNumber('11010519491231002X');
 * if (r.ok) console.log(r.birthDate); // { year: 1949, month: 12, day: 31 }
 * ```
 */
export interface BirthDate {
  /** Four digits, 1900 or later. */
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

/**
 * Sex as encoded by the parity of the sequence number's last digit (odd: male).
 *
 * @example
 * ```ts
 * const r = parseIdNumber('11010519491231002X');
 * const sex: Sex | undefined = r.ok ? r.sex : undefined; // 'female'
 * ```
 */
export type Sex = 'male' | 'female';

/**
 * What a valid ID number says about its holder.
 *
 * @example
 * ```ts
 * const r = parseIdNumber('11010519491231002X');
 * if (r.ok) console.log(r.regionCode); // '110105'
 * ```
 */
export interface IdNumberInfo {
  /** Always `true`: the number is valid. */
  ok: true;
  /** The normalized number (ASCII digits, upper-case `X`). */
  idNumber: string;
  /** The 6-digit GB/T 2260 code of the region where the number was first issued. */
  regionCode: string;
  /** The birth date in positions 7–14. */
  birthDate: BirthDate;
  /** From the parity of the 17th digit. */
  sex: Sex;
}

/**
 * The result of {@link parseIdNumber}: the holder's data, or the reason for refusal.
 *
 * @example
 * ```ts
 * const r: IdNumberParseResult = parseIdNumber(input);
 * const label = r.ok ? r.idNumber : `invalid (${r.reason})`;
 * ```
 */
export type IdNumberParseResult =
  | IdNumberInfo
  | {
      /** `false`: the number was refused. */
      ok: false;
      /** The first check that failed. */
      reason: IdNumberInvalidReason;
    };

/**
 * The province-level prefixes of GB/T 2260, plus 81, 82 and 83. Residence permits for Hong
 * Kong, Macau and Taiwan residents carry 18-character numbers in the same scheme with region
 * codes 810000, 820000 and 830000, and those residents can hold social security cards, so a
 * check that stopped at 71 would lock them out. 71 (Taiwan) is kept because GB/T 2260 lists it.
 * The 2023 foreign permanent resident ID (leading 9) is a different scheme and is not accepted.
 *
 * By GB/T 2260 region: 11–15 North, 21–23 Northeast, 31–37 East, 41–46 Central and South,
 * 50–54 Southwest, 61–65 Northwest, then 71, 81–83 (a pattern, not a set of 35 strings: the
 * core's bundle is smaller by 37 B gzip, issue 25).
 */
const PROVINCE_CODE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])$/;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^[0-9]{17}[0-9X]$/;
const FIRST_17 = /^[0-9]{17}$/;
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Puts an ID number as typed into canonical form: NFKC (so full-width digits from a Chinese
 * input method become ASCII), surrounding whitespace removed, `x` upper-cased. Inner spaces are
 * kept on purpose, so that `1101 0519…` is reported as a format error rather than silently
 * glued together from what may be two fields.
 *
 * @example
 * ```ts
 * normalizeIdNumber(' １１０１０５１９４９１２３１００２x '); // '11010519491231002X'
 * ```
 */
export function normalizeIdNumber(input: string): string {
  return input.normalize('NFKC').trim().replace(/x/g, 'X');
}

/**
 * True when `code` (the first two characters of an ID number or region code) names a
 * province-level region accepted by this SDK.
 */
export function isProvinceCode(code: string): boolean {
  return PROVINCE_CODE.test(code);
}

/**
 * The check character (`0`–`9` or `X`) for the first 17 digits of an ID number.
 *
 * @throws RangeError when `first17` is not exactly 17 ASCII digits, because a check character
 *   of anything else would be meaningless.
 * @example
 * ```ts
 * idNumberCheckChar('11010519491231002'); // 'X'
 * ```
 */
export function idNumberCheckChar(first17: string): string {
  if (!FIRST_17.test(first17)) {
    throw new RangeError('idNumberCheckChar expects exactly 17 ASCII digits');
  }
  return checkChar(first17);
}

/** {@link idNumberCheckChar} of 17 characters known to be digits (parseIdNumber's shape check). */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Today's date in China (UTC+8, no daylight saving) as a yyyyMMdd number, for comparison. */
function chinaDateKey(now: number): number {
  const d = new Date(now + CHINA_UTC_OFFSET_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/**
 * Parses and validates a resident ID number. The input is normalized first (see
 * {@link normalizeIdNumber}). Checks run in this order, and the first failure is the reason:
 * `format` (17 digits + `0`–`9`/`X`), `checksum`, `region` (province prefix), `birth-date`
 * (a real calendar date, year 1900 or later), `future-birth-date` (after today in China,
 * UTC+8). The checksum comes before the date and region checks because a typo is the likeliest
 * cause, and MOD 11-2 catches every single-character typo.
 *
 * @param now - the current time in milliseconds; pass it for a deterministic "today".
 * @example
 * ```ts
 * const r = parseIdNumber('11010519491231002X');
 * if (r.ok) console.log(r.birthDate.year, r.sex); // 1949 'female'
 * else console.log(r.reason);
 * ```
 */
export function parseIdNumber(input: string, now: number = Date.now()): IdNumberParseResult {
  const idNumber = normalizeIdNumber(input);
  if (!SHAPE.test(idNumber)) return { ok: false, reason: 'format' };
  if (checkChar(idNumber.slice(0, 17)) !== idNumber[17]) {
    return { ok: false, reason: 'checksum' };
  }
  if (!isProvinceCode(idNumber.slice(0, 2))) return { ok: false, reason: 'region' };

  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'birth-date' };
  }
  if (year * 10000 + month * 100 + day > chinaDateKey(now)) {
    return { ok: false, reason: 'future-birth-date' };
  }

  return {
    ok: true,
    idNumber,
    regionCode: idNumber.slice(0, 6),
    birthDate: { year, month, day },
    sex: (idNumber.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * True when {@link parseIdNumber} accepts `input`.
 *
 * @example
 * ```ts
 * isValidIdNumber('11010519491231002X'); // true
 * isValidIdNumber('110105194912310021'); // false (checksum)
 * ```
 */
export function isValidIdNumber(input: string, now: number = Date.now()): boolean {
  return parseIdNumber(input, now).ok;
}

/**
 * The holder's age in whole years at `now`, from the ID number's birth date and the date in
 * China (UTC+8): a birthday counts from its first day, and one born on 29 February is a year
 * older from 1 March in a common year. `undefined` for a number {@link parseIdNumber} refuses.
 *
 * @param now - the current time in milliseconds (the platform's clock).
 */
export function ageAt(idNumber: string, now: number): number | undefined {
  const parsed = parseIdNumber(idNumber, now);
  if (!parsed.ok) return undefined;
  const today = chinaDateKey(now);
  const { year, month, day } = parsed.birthDate;
  const years = Math.floor(today / 10000) - year;
  return today % 10000 >= month * 100 + day ? years : years - 1;
}

/**
 * The 6-digit strings a password must not be because they spell the holder's birth date:
 * yyMMdd, MMddyy, ddMMyy and yyyyMM, without duplicates. The date digits are read from
 * positions 7–14 of the normalized number without checking the checksum or the calendar,
 * so that a password check never gets weaker because the ID number was slightly off.
 * Returns `[]` when the input does not have the shape of an ID number.
 */
export function birthDateForms(idNumber: string): string[] {
  const id = normalizeIdNumber(idNumber);
  if (!SHAPE.test(id)) return [];
  const yyyy = id.slice(6, 10);
  const yy = id.slice(8, 10);
  const mm = id.slice(10, 12);
  const dd = id.slice(12, 14);
  return [...new Set([yy + mm + dd, mm + dd + yy, dd + mm + yy, yyyy + mm])];
}

/**
 * Every 6-digit string a password must not be because it is taken from the ID number (R9):
 * the number's last six characters (when they are all digits; with an `X` they cannot be a
 * password anyway) followed by the {@link birthDateForms}. The password rules use this list.
 */
export function idNumberPasswordForms(idNumber: string): string[] {
  const id = normalizeIdNumber(idNumber);
  if (!SHAPE.test(id)) return [];
  const lastSix = id.slice(12);
  const forms = /^[0-9]{6}$/.test(lastSix) ? [lastSix] : [];
  return [...new Set([...forms, ...birthDateForms(id)])];
}
