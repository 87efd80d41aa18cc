/**
 * The routes a merchant's payment terminal calls, signed with the merchant's key (R19, R21).
 * `../routes.ts` assembles them into `PLATFORM_ROUTES`.
 *
 * @internal
 */
import {
  chargeRequestSchema,
  orderIdParamsSchema,
  paymentSchema,
  refundRequestSchema,
} from '../payment-schemas.js';
import { emptyRequestSchema, noParamsSchema } from '../schemas.js';
import { route } from './route.js';

/**
 * The merchant routes: charge a payment code, read a payment by order id, refund it
 * (R21–R25). They carry an `idempotency-key` like every mutating request (R20), but a charge is
 * named by its order id and a refund by its refund id: the platform answers a retry from
 * those, whatever key it carries, so a cashier retrying by hand is as safe as the adapter's
 * own retries. Part of `PLATFORM_ROUTES`.
 */
export const MERCHANT_ROUTES = {
  charge: route({
    method: 'POST',
    path: '/v1/merchant/charges',
    auth: 'merchant',
    mutating: true,
    params: noParamsSchema,
    body: chargeRequestSchema,
    response: paymentSchema,
    summary:
      'Charge a scanned payment code (R21–R23): settled between 统筹基金, 个人账户 and 自付; the same order id and amount again answers the first payment (R24).',
    tag: 'merchant',
  }),
  getPayment: route({
    method: 'GET',
    path: '/v1/merchant/charges/{orderId}',
    auth: 'merchant',
    mutating: false,
    params: orderIdParamsSchema,
    body: emptyRequestSchema,
    response: paymentSchema,
    summary:
      "The payment of one of this merchant's order ids; PAYMENT_NOT_FOUND when it never charged (R24).",
    tag: 'merchant',
  }),
  refund: route({
    method: 'POST',
    path: '/v1/merchant/charges/{orderId}/refunds',
    auth: 'merchant',
    mutating: true,
    params: orderIdParamsSchema,
    body: refundRequestSchema,
    response: paymentSchema,
    summary:
      'Refund part or what is left of a payment (R25), named by its refund id: self-pay first, then the personal account, then the pooled fund.',
    tag: 'merchant',
  }),
} as const;
