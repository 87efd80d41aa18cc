/**
 * How each kind of answer of the operation table travels on the wire: its response schema,
 * and for a list the field that holds it (`{ payments: [...] }`: an object can grow a field
 * later, a bare array cannot). Keyed by the answer's name (`OperationRow.output`), never by an
 * operation: a new operation answering an `ECard` needs no line here.
 *
 * @internal
 */
import type * as z from 'zod';
import type { OperationOutputs } from '../platform/operations.js';
import {
  benefitPaymentListSchema,
  certificationSchema,
  familyMemberListSchema,
  familyMemberSchema,
} from './family-schemas.js';
import { hostedLaunchSchema } from './hosted-schemas.js';
import { loginRequestSchema } from './login-schemas.js';
import { offlineCredentialSchema } from './offline-schemas.js';
import { orderCodeSchema, orderPreviewSchema } from './order-code-schemas.js';
import { billListSchema, billSchema, paymentListSchema, paymentSchema } from './payment-schemas.js';
import {
  dynamicQrSchema,
  eCardSchema,
  emptyResponseSchema,
  loginSessionSchema,
  loginSessionStateSchema,
} from './schemas.js';
import {
  applicationListSchema,
  applicationSchema,
  authorizationListSchema,
  queryResultSchema,
} from './service-schemas.js';

/** One answer's wire form. */
export interface WireOutput {
  /** The response body's schema. */
  readonly schema: z.ZodType;
  /** For a list: the field of the body that holds it. */
  readonly listKey?: string;
}

/**
 * The wire form of every answer of the operation table.
 */
export const WIRE_OUTPUTS = {
  ECard: { schema: eCardSchema },
  DynamicQr: { schema: dynamicQrSchema },
  LoginRequest: { schema: loginRequestSchema },
  Payments: { schema: paymentListSchema, listKey: 'payments' },
  Bill: { schema: billSchema },
  Bills: { schema: billListSchema, listKey: 'bills' },
  QueryResult: { schema: queryResultSchema },
  Application: { schema: applicationSchema },
  Applications: { schema: applicationListSchema, listKey: 'applications' },
  Authorizations: { schema: authorizationListSchema, listKey: 'authorizations' },
  FamilyMember: { schema: familyMemberSchema },
  FamilyMembers: { schema: familyMemberListSchema, listKey: 'members' },
  Certification: { schema: certificationSchema },
  BenefitPayments: { schema: benefitPaymentListSchema, listKey: 'benefitPayments' },
  Payment: { schema: paymentSchema },
  OrderPreview: { schema: orderPreviewSchema },
  OrderCode: { schema: orderCodeSchema },
  LoginSession: { schema: loginSessionSchema },
  LoginSessionState: { schema: loginSessionStateSchema },
  HostedLaunch: { schema: hostedLaunchSchema },
  OfflineCredential: { schema: offlineCredentialSchema },
  nothing: { schema: emptyResponseSchema },
} as const satisfies Record<keyof OperationOutputs, WireOutput>;

/** An answer as the wire carries it: a list in its field, nothing as `{}`. */
export function toWire(output: keyof OperationOutputs, value: unknown): unknown {
  const { listKey } = WIRE_OUTPUTS[output] as WireOutput;
  if (listKey) return { [listKey]: value };
  return output === 'nothing' ? {} : value;
}

/** An answer read off the wire (already checked against its schema). */
export function fromWire(output: keyof OperationOutputs, body: unknown): unknown {
  const { listKey } = WIRE_OUTPUTS[output] as WireOutput;
  if (listKey) return (body as Record<string, unknown>)[listKey];
  return output === 'nothing' ? undefined : body;
}
