/**
 * Made-up people for the conformance suite. Every ID number is valid (GB 11643), fresh for the
 * process, and chosen so that the suite's passwords are strong for its holder: a test about
 * one rule must never fail because a random birth date happened to spell a password.
 */

import { birthDateForms, idNumberCheckChar } from '../domain/id-number.js';
import { checkNewPassword } from '../domain/password-rules.js';

/** The password a test's person sets at the first application. */
export const PASSWORD = '258046';
/** The password a change or reset sets. */
export const NEW_PASSWORD = '739164';
/** A third strong password, for a second change. */
export const OTHER_PASSWORD = '480275';
/** A well-formed password that is never the right one. */
export const WRONG_PASSWORD = '902468';

const STRONG_PASSWORDS = [PASSWORD, NEW_PASSWORD, OTHER_PASSWORD, WRONG_PASSWORD];

/**
 * Cities the suite enables, each with a district whose code starts the ID numbers of its
 * people (an ID number's region is where it was first issued, usually the card's city).
 */
export const CITIES = [
  { regionCode: '440100', name: '广州市', district: '440106' },
  { regionCode: '310100', name: '上海市', district: '310115' },
  { regionCode: '330100', name: '杭州市', district: '330106' },
  { regionCode: '510100', name: '成都市', district: '510107' },
] as const;

/** A city the suite never enables (R4). */
export const CITY_NOT_ENABLED = {
  regionCode: '540100',
  name: '拉萨市',
  district: '540102',
} as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '欧阳'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
];
const MINORITY_FIRST = ['买买提', '阿依古丽', '热合曼', '古丽娜'];
const MINORITY_SECOND = ['艾力', '吐尔逊', '阿不都', '买合木提'];

const issued = new Set<string>();

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const digits = (value: number, width: number) => String(value).padStart(width, '0');
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** What a fresh ID number must be like. */
export interface IdNumberOptions {
  /** The 6-digit region code the number starts with. */
  district: string;
  /** `'digit'` (the default) or `'X'`: the check character's kind. */
  checkChar?: 'digit' | 'X';
  /** The birth date as yyyyMMdd; a random one from 1960–1999 when left out. */
  birthDate?: string;
}

/**
 * A valid ID number never returned before in this process. With a digit check character, its
 * last six characters and its birth date as yyMMdd are strong passwords but for their being
 * taken from the ID number, so R9's `from-id-number` is the only rule they break.
 */
export function freshIdNumber(options: IdNumberOptions): string {
  const wantX = options.checkChar === 'X';
  for (;;) {
    const birth =
      options.birthDate ??
      `${between(1960, 1999)}${digits(between(1, 12), 2)}${digits(between(1, 28), 2)}`;
    const first17 = `${options.district}${birth}${digits(between(1, 999), 3)}`;
    const check = idNumberCheckChar(first17);
    if ((check === 'X') !== wantX) continue;
    const idNumber = first17 + check;
    if (issued.has(idNumber)) continue;
    if (STRONG_PASSWORDS.some((p) => !checkNewPassword(p, { idNumber }).ok)) continue;
    if (!wantX && !checkNewPassword(lastSix(idNumber)).ok) continue;
    if (!checkNewPassword(birthYyMmDd(idNumber)).ok) continue;
    issued.add(idNumber);
    return idNumber;
  }
}

/** The last six characters of an ID number. */
export const lastSix = (idNumber: string): string => idNumber.slice(12);

/** The birth date of an ID number as yyMMdd. */
export const birthYyMmDd = (idNumber: string): string => birthDateForms(idNumber)[0]!;

/** A made-up Han name of two or three characters. */
export function freshName(): string {
  return `${pick(SURNAMES)}${pick(GIVEN)}${Math.random() < 0.5 ? pick(GIVEN) : ''}`;
}

/** A made-up minority name with the middle dot (R1). */
export function freshMinorityName(): string {
  return `${pick(MINORITY_FIRST)}·${pick(MINORITY_SECOND)}`;
}

/** A different name than `name`, for the real-name check (R5). */
export function anotherName(name: string): string {
  for (;;) {
    const other = freshName();
    if (other !== name) return other;
  }
}
