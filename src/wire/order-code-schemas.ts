/**
 * The JSON shapes of paying by scanning the merchant's code on the wire (主扫, R45): the order
 * code a merchant shows, and what a channel reads when its user scans it. Described for the
 * OpenAPI document.
 *
 * @internal
 */

import * as z from 'zod';
import { MAX_CHARGE_FEN } from '../domain/money.js';
import { merchantKindSchema } from './payment-schemas.js';

const chargeFen = (description: string) =>
  z.number().int().min(1).max(MAX_CHARGE_FEN).meta({ description });

/**
 * A merchant's order code (R45).
 */
export const orderCodeSchema = z.object({
  qrText: z.string().meta({
    description: 'The text of the QR code to show (EO1:…): platform-signed, fits QR version 7-M.',
  }),
  expiresAt: z.iso.datetime().meta({ description: '5 minutes after the code was made.' }),
});

/**
 * What a channel's user sees after scanning a merchant's order code (R45).
 */
export const orderPreviewSchema = z.object({
  requestId: z.string().meta({ description: 'Pass it to payOrder or declineOrder.' }),
  merchant: z.object({
    id: z.string(),
    name: z.string().meta({ description: "The merchant's registered name: show it." }),
    kind: merchantKindSchema,
  }),
  orderId: z.string(),
  amount: chargeFen('Fen.'),
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      amount: chargeFen('Fen.'),
      coverage: z.enum(['covered', 'self']),
    }),
  ),
  description: z.string().optional(),
  expiresAt: z.iso.datetime().meta({ description: "The code's expiry: pay before it." }),
});
