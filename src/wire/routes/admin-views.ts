/**
 * The sandbox's back-office routes the console at `/console` reads (people, callers, payments,
 * activity, the clock) and the two controls it adds (balances, the test clock). `./admin.ts`
 * spreads them into `ADMIN_ROUTES`.
 *
 * @internal
 */
import {
  activitySchema,
  advanceClockRequestSchema,
  clockSchema,
  partiesSchema,
  personDetailSchema,
  personListSchema,
  recentPaymentsSchema,
  setBalancesRequestSchema,
} from '../admin-view-schemas.js';
import { balancesResponseSchema } from '../payment-schemas.js';
import {
  cardNoParamsSchema,
  emptyRequestSchema,
  idNumberParamsSchema,
  noParamsSchema,
} from '../schemas.js';
import { route } from './route.js';

/**
 * The console's routes (read-only but for `setBalances` and `advanceClock`).
 */
export const ADMIN_VIEW_ROUTES = {
  listPersons: route({
    method: 'GET',
    path: '/admin/persons',
    auth: 'admin',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: personListSchema,
    summary: 'Every person: name, masked ID number, region, card, e-card and bound channels.',
    tag: 'sandbox admin',
  }),
  getPerson: route({
    method: 'GET',
    path: '/admin/persons/{idNumber}',
    auth: 'admin',
    mutating: false,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: personDetailSchema,
    summary:
      'One person by ID number: card, e-card, bindings, balances, bills, applications, payments.',
    tag: 'sandbox admin',
  }),
  getCardHolder: route({
    method: 'GET',
    path: '/admin/cards/{cardNo}/holder',
    auth: 'admin',
    mutating: false,
    params: cardNoParamsSchema,
    body: emptyRequestSchema,
    response: personDetailSchema,
    summary:
      "The holder of a card, as GET /admin/persons/{idNumber} answers (the console's handle).",
    tag: 'sandbox admin',
  }),
  setBalances: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/balances',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: setBalancesRequestSchema,
    response: balancesResponseSchema,
    summary: "Set a person's bank, personal-account balance or deductible left, fen (R23).",
    tag: 'sandbox admin',
  }),
  listParties: route({
    method: 'GET',
    path: '/admin/parties',
    auth: 'admin',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: partiesSchema,
    summary: 'Regions, channels, portals and merchants, with the key ids of their public keys.',
    tag: 'sandbox admin',
  }),
  recentPayments: route({
    method: 'GET',
    path: '/admin/payments',
    auth: 'admin',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: recentPaymentsSchema,
    summary: 'The latest 100 payments of every merchant, newest first, with what was refunded.',
    tag: 'sandbox admin',
  }),
  activity: route({
    method: 'GET',
    path: '/admin/activity',
    auth: 'admin',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: activitySchema,
    summary: 'Recent notifications, webhook delivery attempts and the faults in force.',
    tag: 'sandbox admin',
  }),
  getClock: route({
    method: 'GET',
    path: '/admin/clock',
    auth: 'admin',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: clockSchema,
    summary: "The platform's clock, and whether it is a test clock.",
    tag: 'sandbox admin',
  }),
  advanceClock: route({
    method: 'POST',
    path: '/admin/clock/advance',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: advanceClockRequestSchema,
    response: clockSchema,
    summary: 'Move the test clock forward (a sandbox started with --test-clock only).',
    tag: 'sandbox admin',
  }),
} as const;
