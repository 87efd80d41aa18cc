/**
 * zod schemas for the fields channel forms collect. Parsing normalizes what users type with
 * Chinese input methods (full-width digits, look-alike dots, stray spaces) before checking,
 * so `schema.parse(input)` returns the canonical value to send. Messages are plain English
 * and never repeat a password.
 *
 * Written with `zod/mini` (functional checks, tree-shakable): the core ships to mini-programs
 * with a size budget (`npm run size`), and classic zod's method-rich classes cost ~6x more.
 * Both share `zod/v4/core`, so these schemas compose into classic zod objects (src/wire) and
 * `z.toJSONSchema` reads them alike. Mini schemas have no `.optional()`/`.meta()` methods:
 * wrap them (`z.optional(schema)`) instead.
 *
 * A schema the client does not parse with (region code, card number, caller ids) has every
 * call marked `@__PURE__`: esbuild does not see zod's own `@__NO_SIDE_EFFECTS__` through `z.`,
 * and `.check()` is a method call, so a bundle of `createClient` kept them (issue 25: −133 B
 * gzip with reference-ids.ts).
 */

import * as z from 'zod/mini';
import { FAMILY_RELATIONS, QR_PURPOSES } from './enums.js';
import {
  type IdNumberInvalidReason,
  isProvinceCode,
  normalizeIdNumber,
  parseIdNumber,
} from './id-number.js';
import { structuralIssueMessage } from './issue-messages.js';
import { checkPasswordRules, normalizePassword, WEAK_PASSWORD_MESSAGES } from './password-rules.js';

declare const wx: unknown;
declare const my: unknown;
declare const tt: unknown;
declare const swan: unknown;

// Mini-programs forbid code generation from strings, and classic zod probes `new Function` when
// its first object schema is parsed (the probe's error is caught, but it is still an attempt the
// runtime may report). zod/mini's objects never compile, but `z.config` is the shared core's:
// an app (or a subpath) using classic zod beside the core gets the same instance. So, there,
// zod runs jitless. Elsewhere we leave the global alone rather than slow down the app's schemas.
if (
  typeof wx !== 'undefined' ||
  typeof my !== 'undefined' ||
  typeof tt !== 'undefined' ||
  typeof swan !== 'undefined'
) {
  z.config({ jitless: true });
}

/**
 * A check with one message — what `z.refine(ok, { error: message })` gives — written with
 * `z.superRefine` like the checks that choose their message: a bundle of the client then holds
 * one of zod's two refinement paths, not both (issue 25: −127 B gzip).
 */
function rule(ok: (value: string) => boolean, message: string): z.core.$ZodCheck<string> {
  return z.superRefine((value: string, ctx) => {
    if (!ok(value)) ctx.addIssue({ code: 'custom', message });
  });
}

const ID_NUMBER_MESSAGES: Readonly<Record<IdNumberInvalidReason, string>> = {
  format: 'The ID number must be 17 digits followed by a digit or X.',
  checksum: 'The ID number is mistyped: its check character does not match.',
  region: 'The ID number does not start with a valid province code.',
  'birth-date': 'The ID number does not contain a valid birth date.',
  'future-birth-date': 'The ID number contains a birth date in the future.',
};

/**
 * A resident ID number (R1). Normalizes (NFKC, trim, `x` → `X`), then validates with
 * `parseIdNumber`; each failure reason has its own message, and `params.reason` carries the
 * reason for programmatic use.
 */
export const idNumberSchema = z.string().check(
  z.overwrite(normalizeIdNumber),
  z.superRefine((value, ctx) => {
    const result = parseIdNumber(value);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: ID_NUMBER_MESSAGES[result.reason],
        params: { reason: result.reason },
      });
    }
  }),
);

/**
 * Characters that input methods and copied text produce where the ID card has the middle dot
 * U+00B7 of minority names: bullet, katakana middle dot (full and half width), hyphenation
 * point and full-width full stop. The ASCII full stop is not among them: it is not a dot a
 * Chinese name is written with, and repairing it would hide a real typing mistake.
 */
const DOT_LOOK_ALIKES = /[\u2022\u30FB\uFF65\u2027\uFF0E]/g;
const NAME_CHARS = /^[\p{L}·]+$/u;

/**
 * Puts a name as typed into the form the ID card uses: NFC, trimmed, dot look-alikes
 * (• ・ ･ ‧ ．) replaced by the middle dot `·` (U+00B7).
 *
 * @example
 * ```ts
 * normalizeName(' 买买提•艾力 '); // '买买提·艾力'
 * ```
 */
export function normalizeName(input: string): string {
  return input.normalize('NFC').trim().replace(DOT_LOOK_ALIKES, '·');
}

/**
 * A person's name as on the ID card (R1): 2–30 characters counted as code points (so a rare
 * CJK character outside the BMP counts once), letters of any script and the middle dot `·`,
 * which may not start or end the name or appear twice in a row. Normalized with
 * {@link normalizeName} first.
 */
export const nameSchema = z.string().check(
  z.overwrite(normalizeName),
  z.superRefine((value, ctx) => {
    const length = Array.from(value).length;
    let message: string | undefined;
    if (length < 2) message = 'The name must have at least 2 characters.';
    else if (length > 30) message = 'The name must have at most 30 characters.';
    else if (!NAME_CHARS.test(value)) {
      message = 'The name may contain only letters and the middle dot ·.';
    } else if (value.startsWith('·') || value.endsWith('·') || value.includes('··')) {
      message = 'The middle dot · must stand between two parts of the name.';
    }
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  }),
);

/**
 * A 6-digit GB/T 2260 region code whose first two digits name a province-level region
 * (the same prefixes ID numbers accept). Not normalized: region codes come from code, not
 * from users typing.
 */
export const regionCodeSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(/^[0-9]{6}$/, {
    error: 'The region code must be 6 digits.',
    abort: true,
  }),
  /* @__PURE__ */ z.refine((value: string) => isProvinceCode(value.slice(0, 2)), {
    error: 'The region code does not start with a valid province code.',
  }),
);

/**
 * A physical social security card number: 9 upper-case letters or digits, such as
 * `A12345678`. Trimmed and upper-cased first, since the letter is often typed in lower case.
 */
export const cardNoSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.trim(),
  /* @__PURE__ */ z.toUpperCase(),
  /* @__PURE__ */ z.regex(/^[A-Z0-9]{9}$/, {
    error: 'The card number must be 9 letters or digits.',
  }),
);

/**
 * The form of every caller id the platform registers — channel, portal and (later) merchant
 * ids: 1–16 ASCII letters of either case, digits, `.`, `_` and `-`, starting with a letter or
 * digit (`wechat-mp`, `GD-GOV`, `4400000001`). 16 is what the dynamic QR code has room for (it
 * names the channel and must fit QR version 7). Ids are compared exactly: `GD-GOV` and
 * `gd-gov` are two ids. This is the one definition: schemas, wire and sandbox use it.
 *
 * @example
 * ```ts
 * if (!CALLER_ID_PATTERN.test(headerValue)) throw new EsscError('CHANNEL_UNAUTHORIZED');
 * ```
 */
export const CALLER_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;

const callerIdMessage = (what: string) =>
  `The ${what} must be 1–16 ASCII letters, digits, ".", "_" or "-", starting with a letter or digit.`;

/**
 * A caller id of any kind (channel, portal, merchant): {@link CALLER_ID_PATTERN}. Not
 * normalized: ids are compared exactly, so a differently-cased id is a bug to surface, not to
 * repair.
 */
export const callerIdSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(CALLER_ID_PATTERN, {
    error: /* @__PURE__ */ callerIdMessage('id'),
  }),
);

/**
 * A channel id: a {@link callerIdSchema} whose message names the channel.
 */
export const channelIdSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(CALLER_ID_PATTERN, {
    error: /* @__PURE__ */ callerIdMessage('channel id'),
  }),
);

/**
 * The channel's own id for its user: 1–128 printable characters (no control, format or
 * unassigned code points), trimmed.
 */
export const channelUserIdSchema = z.string().check(
  z.trim(),
  rule(
    (value) => /^[^\p{C}]+$/u.test(value) && Array.from(value).length <= 128,
    'The channel user id must be 1–128 printable characters.',
  ),
);

/**
 * An e-card sign number (签发号): 8–64 upper-case ASCII letters and digits.
 */
export const signNoSchema = z.string().check(
  z.regex(/^[A-Z0-9]{8,64}$/, {
    error: 'The sign number must be 8–64 upper-case letters or digits.',
  }),
);

/**
 * A new e-card password (R9, without the person-specific rules, which need the ID number):
 * normalized, then checked with `checkNewPassword`'s rules. The message names the rule broken
 * and `params.reason` carries the `WeakPasswordReason`; the password itself never appears.
 */
export const passwordSchema = z.string().check(
  z.overwrite(normalizePassword),
  z.superRefine((value, ctx) => {
    const result = checkPasswordRules(value, []);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: WEAK_PASSWORD_MESSAGES[result.reason],
        params: { reason: result.reason },
      });
    }
  }),
);

/**
 * The current e-card password, given to prove "it is me": normalized and required to be 6
 * digits, nothing more. Whether it is right, and whether an old weak password is still in
 * use, is for the platform to decide.
 */
export const currentPasswordSchema = z.string().check(
  z.overwrite(normalizePassword),
  rule((value) => /^[0-9]{6}$/.test(value), 'The password must be exactly 6 digits.'),
);

/**
 * A real-person proof: the opaque token a passed face check returned (1–4096 characters).
 */
export const realPersonProofSchema = z
  .string()
  .check(
    z.minLength(1, { error: 'The real-person proof must not be empty.' }),
    z.maxLength(4096, { error: 'The real-person proof must be at most 4096 characters.' }),
  );

/**
 * User verification (R18): exactly one of `{ password }` or `{ realPerson }`, no other keys.
 * When the object has one of the two keys, the issues are those of that field.
 */
export const userVerificationSchema = z.union(
  [
    z.strictObject(
      {
        /** The current e-card password. */
        password: currentPasswordSchema,
      },
      { error: structuralIssueMessage },
    ),
    z.strictObject(
      {
        /** A real-person proof. */
        realPerson: realPersonProofSchema,
      },
      { error: structuralIssueMessage },
    ),
  ],
  { error: 'Give exactly one of { password } or { realPerson }.' },
);

/**
 * The purpose of a dynamic QR code (R15).
 *
 * The core's one-of-these-strings schemas are `z.literal` over the values, not `z.enum`: the
 * same check, message and JSON Schema (`{ type: 'string', enum }`), and the client's bundle then
 * holds one of zod's two (issue 25: −131 B gzip with hosted.ts and offline.ts).
 */
export const qrPurposeSchema = z.literal(QR_PURPOSES, {
  error: 'The QR purpose must be "identity" or "payment".',
});

/**
 * What {@link userVerificationSchema} accepts before normalization (the password may still be
 * in full-width digits).
 */
export type UserVerificationInput = z.input<typeof userVerificationSchema>;

/**
 * The relation of a family member to the holder (R31): `parent`, `child`, `spouse`, `other`.
 */
export const familyRelationSchema = z.literal(FAMILY_RELATIONS, {
  error: `The relation must be one of ${FAMILY_RELATIONS.join(', ')}.`,
});

/**
 * A non-empty string of at most `max` characters: the form of an id the platform hands out
 * (a member id, an application id), whose meaning is the platform's to check.
 */
export function platformIdSchema(max: number): z.ZodMiniString<string> {
  return z
    .string()
    .check(
      z.minLength(1, { error: 'Must not be empty.' }),
      z.maxLength(max, { error: `Must be at most ${max} characters.` }),
    );
}

/**
 * The longest member id (R32): the platform makes shorter ones (`mem_…`), and the client and
 * the wire refuse a longer one alike.
 */
export const MEMBER_ID_MAX_LENGTH = 64;

/**
 * A family member's id as the platform hands it out (R32); only its form is checked here, the
 * platform says whose it is (`MEMBER_NOT_FOUND`).
 */
export const memberIdSchema = platformIdSchema(MEMBER_ID_MAX_LENGTH);
