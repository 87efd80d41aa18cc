/**
 * The routes a channel app calls, signed with its key (R19). `../routes.ts` assembles them
 * into `PLATFORM_ROUTES`.
 *
 * @internal
 */
import { OPERATION_TRAITS } from '../../platform/operations.js';
import {
  billListSchema,
  billParamsSchema,
  billSchema,
  paymentListSchema,
} from '../payment-schemas.js';
import {
  applyRequestSchema,
  changePasswordRequestSchema,
  confirmLoginRequestSchema,
  dynamicQrSchema,
  eCardSchema,
  emptyRequestSchema,
  emptyResponseSchema,
  issueQrRequestSchema,
  loginRequestSchema,
  noParamsSchema,
  pollNotificationsRequestSchema,
  pollNotificationsResponseSchema,
  rejectLoginRequestSchema,
  requestIdParamsSchema,
  resetPasswordRequestSchema,
  scanLoginRequestSchema,
  signNoParamsSchema,
  verificationRequestSchema,
} from '../schemas.js';
import {
  applicationListSchema,
  applicationParamsSchema,
  applicationSchema,
  authorizationListSchema,
  queryRequestSchema,
  queryResultSchema,
  submitApplicationRequestSchema,
} from '../service-schemas.js';
import { route } from './route.js';

/**
 * The channel routes of the cards, logins, payments and notifications (R5–R27), named after
 * the operations they carry. Part of `PLATFORM_ROUTES`.
 *
 * @example
 * ```ts
 * const { method, path } = CHANNEL_ROUTES.apply; // 'POST', '/v1/cards/apply'
 * ```
 */
export const CHANNEL_ROUTES = {
  apply: route({
    method: 'POST',
    path: '/v1/cards/apply',
    auth: 'channel',
    mutating: OPERATION_TRAITS.apply.mutating === true,
    params: noParamsSchema,
    body: applyRequestSchema,
    response: eCardSchema,
    summary: 'Apply for the e-card in this channel (R5–R8): real name, real person, real card.',
    tag: 'channel',
  }),
  getCard: route({
    method: 'GET',
    path: '/v1/cards/{signNo}',
    auth: 'channel',
    mutating: OPERATION_TRAITS.getCard.mutating === true,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: eCardSchema,
    summary: "This channel's e-card, in any status (R13).",
    tag: 'channel',
  }),
  unbind: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/unbind',
    auth: 'channel',
    mutating: OPERATION_TRAITS.unbind.mutating === true,
    params: signNoParamsSchema,
    body: verificationRequestSchema,
    response: emptyResponseSchema,
    summary: "Remove this channel's binding (R12), with user verification.",
    tag: 'channel',
  }),
  changePassword: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/password/change',
    auth: 'channel',
    mutating: OPERATION_TRAITS.changePassword.mutating === true,
    params: signNoParamsSchema,
    body: changePasswordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Change the shared e-card password with the old one (R9–R11).',
    tag: 'channel',
  }),
  resetPassword: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/password/reset',
    auth: 'channel',
    mutating: OPERATION_TRAITS.resetPassword.mutating === true,
    params: signNoParamsSchema,
    body: resetPasswordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Reset the shared password with a real-person proof (R10, R11).',
    tag: 'channel',
  }),
  enablePayment: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/payment/enable',
    auth: 'channel',
    mutating: OPERATION_TRAITS.enablePayment.mutating === true,
    params: signNoParamsSchema,
    body: verificationRequestSchema,
    response: eCardSchema,
    summary: 'Raise the e-card to level 2 (R7).',
    tag: 'channel',
  }),
  issueQr: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/qr',
    auth: 'channel',
    mutating: OPERATION_TRAITS.issueQr.mutating === true,
    params: signNoParamsSchema,
    body: issueQrRequestSchema,
    response: dynamicQrSchema,
    summary: 'Issue a dynamic, single-use, platform-signed QR code (R15).',
    tag: 'channel',
  }),
  scanLogin: route({
    method: 'POST',
    path: '/v1/login/scan',
    auth: 'channel',
    mutating: OPERATION_TRAITS.scanLogin.mutating === true,
    params: noParamsSchema,
    body: scanLoginRequestSchema,
    response: loginRequestSchema,
    summary: "Read a portal's login code the user scanned (R17).",
    tag: 'channel',
  }),
  confirmLogin: route({
    method: 'POST',
    path: '/v1/login/{requestId}/confirm',
    auth: 'channel',
    mutating: OPERATION_TRAITS.confirmLogin.mutating === true,
    params: requestIdParamsSchema,
    body: confirmLoginRequestSchema,
    response: emptyResponseSchema,
    summary: 'Confirm a scanned login with user verification (R17).',
    tag: 'channel',
  }),
  rejectLogin: route({
    method: 'POST',
    path: '/v1/login/{requestId}/reject',
    auth: 'channel',
    mutating: OPERATION_TRAITS.rejectLogin.mutating === true,
    params: requestIdParamsSchema,
    body: rejectLoginRequestSchema,
    response: emptyResponseSchema,
    summary: 'Reject a scanned login (R17).',
    tag: 'channel',
  }),
  listPayments: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/payments',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: paymentListSchema,
    summary:
      'Every payment of the e-card (消费记录), whichever channel showed the code, newest first (R27).',
    tag: 'channel',
  }),
  listBills: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/bills',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: billListSchema,
    summary: "The holder's bills (缴费: 参保, 考试, 培训), newest first (R26, R27).",
    tag: 'channel',
  }),
  payBill: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/bills/{billId}/pay',
    auth: 'channel',
    mutating: true,
    params: billParamsSchema,
    body: verificationRequestSchema,
    response: billSchema,
    summary: 'Pay a bill from the bank account with user verification, once (R26).',
    tag: 'channel',
  }),
  pollNotifications: route({
    method: 'POST',
    path: '/v1/notifications/poll',
    auth: 'channel',
    mutating: false,
    params: noParamsSchema,
    body: pollNotificationsRequestSchema,
    response: pollNotificationsResponseSchema,
    summary:
      "Long-poll this channel's notifications (R13): status changes, replacements, password and payment changes made elsewhere. At least once; deduplicate by id.",
    tag: 'channel',
  }),
} as const;

/**
 * The channel routes of the government services (R28–R30): queries, applications,
 * authorizations. Part of `PLATFORM_ROUTES`, after the portal and public routes.
 *
 * @example
 * ```ts
 * CHANNEL_SERVICE_ROUTES.query.path; // '/v1/cards/{signNo}/query'
 * ```
 */
export const CHANNEL_SERVICE_ROUTES = {
  query: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/query',
    auth: 'channel',
    mutating: true,
    params: signNoParamsSchema,
    body: queryRequestSchema,
    response: queryResultSchema,
    summary: "The holder's records of a topic (信息查询, R28), with user verification.",
    tag: 'channel',
  }),
  submitApplication: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/applications',
    auth: 'channel',
    mutating: true,
    params: signNoParamsSchema,
    body: submitApplicationRequestSchema,
    response: applicationSchema,
    summary: 'Apply for a service online (业务申办, R29), with user verification.',
    tag: 'channel',
  }),
  getApplication: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/applications/{applicationId}',
    auth: 'channel',
    mutating: false,
    params: applicationParamsSchema,
    body: emptyRequestSchema,
    response: applicationSchema,
    summary: 'One of the holder’s applications (R29).',
    tag: 'channel',
  }),
  listApplications: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/applications',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: applicationListSchema,
    summary: "The holder's applications, newest first (R29).",
    tag: 'channel',
  }),
  withdrawApplication: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/applications/{applicationId}/withdraw',
    auth: 'channel',
    mutating: true,
    params: applicationParamsSchema,
    body: verificationRequestSchema,
    response: applicationSchema,
    summary: 'Withdraw an application while it is submitted (R29), with user verification.',
    tag: 'channel',
  }),
  listAuthorizations: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/authorizations',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: authorizationListSchema,
    summary: 'Which portal received which claims, and when (个人授权访问, R30).',
    tag: 'channel',
  }),
} as const;
