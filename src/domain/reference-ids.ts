/**
 * The ids merchants and the platform name payments and bills by (R24–R26). Alone in this
 * module so the core's client, which checks a bill id, does not bundle the payment schemas;
 * marked pure so a bundle keeps only the ones it parses with (see schemas.ts).
 */
import * as z from 'zod/mini';

/** Order, refund and bill ids: what cashiers' systems print on receipts. */
const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const referenceMessage = (what: string) =>
  `The ${what} must be 1–64 ASCII letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`;

/**
 * A merchant's order id (R24): 1–64 ASCII letters, digits, `.`, `_`, `:` or `-`.
 */
export const orderIdSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(REFERENCE_PATTERN, {
    error: /* @__PURE__ */ referenceMessage('order id'),
  }),
);

/**
 * A refund id (R25), of the order id's form.
 */
export const refundIdSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(REFERENCE_PATTERN, {
    error: /* @__PURE__ */ referenceMessage('refund id'),
  }),
);

/**
 * A bill id (R26), of the order id's form.
 */
export const billIdSchema = /* @__PURE__ */ z.string().check(
  /* @__PURE__ */ z.regex(REFERENCE_PATTERN, {
    error: /* @__PURE__ */ referenceMessage('bill id'),
  }),
);
