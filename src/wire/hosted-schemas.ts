/**
 * The wire shapes of hosted pages (R35, R36), beside `schemas.ts`.
 *
 * @internal
 */
import * as z from 'zod';

/**
 * A launched hosted page (R35).
 */
export const hostedLaunchSchema = z.object({
  url: z.string().meta({
    description:
      "The platform's page, `<platform>/hosted/<action>?launch=<id>`: open it in a WebView or redirect the browser to it.",
  }),
  busiSeq: z.string().meta({
    description: 'The business serial number of this launch (busiSeq): the receipt carries it.',
  }),
  expiresAt: z.iso.datetime().meta({
    description: 'The page must be finished before this: 10 minutes after the launch.',
  }),
});

/**
 * Admin: complete a hosted page as its citizen would (R38, the sandbox's test mode): the face
 * check, the password, a new password, or closing the page. For tests without a browser.
 */
export const completeHostedRequestSchema = z.strictObject({
  url: z.string().min(1).max(4096).meta({ description: 'The launch’s url, as launched.' }),
  face: z
    .enum(['pass', 'fail'])
    .optional()
    .meta({ description: 'The face check’s outcome (default pass).' }),
  password: z.string().max(64).optional().meta({
    description: 'The e-card password: the current one, or the one a first apply sets.',
  }),
  newPassword: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'The new password of a change or a reset.' }),
  cancel: z.literal(true).optional().meta({ description: 'Close the page: a closed receipt.' }),
});

/**
 * Admin: the receipt of a completed hosted page (R36), as the browser would bring it back.
 */
export const completeHostedResponseSchema = z.object({
  receipt: z.string().meta({ description: 'The platform-signed receipt (a compact JWS).' }),
});
