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
