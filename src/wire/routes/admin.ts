/**
 * The sandbox's back-office routes. `../routes.ts` re-exports them as `ADMIN_ROUTES`.
 *
 * @internal
 */
import { merchantIdSchema } from '../../domain/payment-schemas.js';
import {
  addBillRequestSchema,
  addBillResponseSchema,
  balancesResponseSchema,
  merchantKindSchema,
} from '../payment-schemas.js';
import {
  addPersonRequestSchema,
  addPersonResponseSchema,
  bankAccountRequestSchema,
  cardNoParamsSchema,
  cardStatusChangeRequestSchema,
  emptyRequestSchema,
  emptyResponseSchema,
  enableRegionRequestSchema,
  failNextRequestSchema,
  faultSettingsRequestSchema,
  idNumberParamsSchema,
  noParamsSchema,
  realPersonProofResponseSchema,
  registerChannelRequestSchema,
  registerPartyRequestSchema,
  replaceCardResponseSchema,
  rotateKeyResponseSchema,
} from '../schemas.js';
import {
  addRecordRequestSchema,
  applicationIdParamsSchema,
  applicationSchema,
  registerPortalRequestSchema,
  reviewApplicationRequestSchema,
} from '../service-schemas.js';
import { ADMIN_VIEW_ROUTES } from './admin-views.js';
import { route } from './route.js';

/** Admin: register a merchant (R21): a party with a kind. */
const registerMerchantRequestSchema = registerPartyRequestSchema.extend({
  id: merchantIdSchema,
  kind: merchantKindSchema,
});

/**
 * The sandbox's back-office routes (the controls of `MockPlatform`). Unauthenticated: the
 * sandbox binds to loopback by default. A real platform has no such routes.
 *
 * @example
 * ```ts
 * // curl -X POST localhost:8787/admin/cards/A12345678/status -H 'content-type: application/json' -d '{"status":"lost"}'
 * ADMIN_ROUTES.setCardStatus.path; // '/admin/cards/{cardNo}/status'
 * ```
 */
export const ADMIN_ROUTES = {
  enableRegion: route({
    method: 'POST',
    path: '/admin/regions',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: enableRegionRequestSchema,
    response: emptyResponseSchema,
    summary: 'Enable the e-card service in a city (R4).',
    tag: 'sandbox admin',
  }),
  addPerson: route({
    method: 'POST',
    path: '/admin/persons',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: addPersonRequestSchema,
    response: addPersonResponseSchema,
    summary: 'Add a person holding a physical card; answers the card number.',
    tag: 'sandbox admin',
  }),
  setCardStatus: route({
    method: 'POST',
    path: '/admin/cards/{cardNo}/status',
    auth: 'admin',
    mutating: true,
    params: cardNoParamsSchema,
    body: cardStatusChangeRequestSchema,
    response: emptyResponseSchema,
    summary: "Set the physical card's status, e.g. report it lost (R13).",
    tag: 'sandbox admin',
  }),
  setBankAccountActive: route({
    method: 'POST',
    path: '/admin/cards/{cardNo}/bank-account',
    auth: 'admin',
    mutating: true,
    params: cardNoParamsSchema,
    body: bankAccountRequestSchema,
    response: emptyResponseSchema,
    summary: "Activate or deactivate the card's bank account (R7).",
    tag: 'sandbox admin',
  }),
  replaceCard: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/replace-card',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: replaceCardResponseSchema,
    summary: "Replace the person's card (R14): the old one is cancelled.",
    tag: 'sandbox admin',
  }),
  realPersonProof: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/real-person-proof',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: realPersonProofResponseSchema,
    summary: 'Mint a real-person proof, as a passed face check would.',
    tag: 'sandbox admin',
  }),
  registerChannel: route({
    method: 'POST',
    path: '/admin/channels',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerChannelRequestSchema,
    response: emptyResponseSchema,
    summary: 'Register a channel app with its public key (R19) and webhook URL.',
    tag: 'sandbox admin',
  }),
  registerPortal: route({
    method: 'POST',
    path: '/admin/portals',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerPortalRequestSchema,
    response: emptyResponseSchema,
    summary:
      'Register a government portal with its public key (R17) and the claims it may ask for (R30).',
    tag: 'sandbox admin',
  }),
  registerMerchant: route({
    method: 'POST',
    path: '/admin/merchants',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerMerchantRequestSchema,
    response: emptyResponseSchema,
    summary:
      'Register a merchant (hospital, pharmacy, clinic, transit, shop) with its public key (R21).',
    tag: 'sandbox admin',
  }),
  balances: route({
    method: 'GET',
    path: '/admin/persons/{idNumber}/balances',
    auth: 'admin',
    mutating: false,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: balancesResponseSchema,
    summary: "A person's bank, personal-account balance and deductible left, fen (R23).",
    tag: 'sandbox admin',
  }),
  addBill: route({
    method: 'POST',
    path: '/admin/bills',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: addBillRequestSchema,
    response: addBillResponseSchema,
    summary: 'Add a bill (参保, 考试, 培训缴费) for a person (R26).',
    tag: 'sandbox admin',
  }),
  setFaults: route({
    method: 'POST',
    path: '/admin/faults',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: faultSettingsRequestSchema,
    response: emptyResponseSchema,
    summary: 'Standing faults on every channel call: latency, a failure rate.',
    tag: 'sandbox admin',
  }),
  failNext: route({
    method: 'POST',
    path: '/admin/faults/next',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: failNextRequestSchema,
    response: emptyResponseSchema,
    summary: 'Fail the next call of an operation, before or after the platform commits it.',
    tag: 'sandbox admin',
  }),
  clearFaults: route({
    method: 'DELETE',
    path: '/admin/faults',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: emptyResponseSchema,
    summary: 'Remove every fault.',
    tag: 'sandbox admin',
  }),
  rotateSigningKey: route({
    method: 'POST',
    path: '/admin/keys/rotate',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: rotateKeyResponseSchema,
    summary: "Rotate the platform's signing key; the previous key stays in the JWKS.",
    tag: 'sandbox admin',
  }),
  addRecord: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/records',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: addRecordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Add a record of a topic for a person (R28).',
    tag: 'sandbox admin',
  }),
  reviewApplication: route({
    method: 'POST',
    path: '/admin/applications/{applicationId}/review',
    auth: 'admin',
    mutating: true,
    params: applicationIdParamsSchema,
    body: reviewApplicationRequestSchema,
    response: applicationSchema,
    summary: 'The back office moves an application (R29): accepted, approved or rejected.',
    tag: 'sandbox admin',
  }),
  // What the sandbox console reads, and its balance and clock controls.
  ...ADMIN_VIEW_ROUTES,
} as const;
