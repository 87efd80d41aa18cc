/**
 * The operations of the {@link PlatformAdapter} port and their traits, in one table. Every
 * place that needs to know something about an operation reads it from here:
 *
 * - the client (`src/client`): whether a call is mutating, so it gets an idempotency key (R20);
 * - the route table (`src/wire/routes.ts`): a channel route per operation, its `mutating` flag
 *   taken from this table;
 * - the relay (`src/relay`): which `op`s it forwards, which need no key, which answer nothing;
 * - the mock's fault injection and the sandbox (`src/mock/faults.ts`): the operations a fault
 *   can target;
 * - the client's lifecycle events: the `operation` they name.
 *
 * Adding an operation (payments, services, family…) is three edits, and the compiler asks for
 * each of the last two: one row here, the method on {@link PlatformAdapter} (`port.ts`), and
 * the channel route of the same name in `src/wire/routes.ts` (then the sandbox's handler in
 * `src/sandbox/operations.ts` and the client method that calls it).
 *
 * This file is part of the core: names and booleans only, nothing that needs a runtime.
 *
 * @internal
 */
import type { PlatformAdapter } from './port.js';

/**
 * What is true of one operation. A trait left out is false, so a row names only what holds.
 *
 * @example
 * ```ts
 * const traits: OperationTraits = { mutating: true, returnsNothing: true, secret: true };
 * ```
 */
export interface OperationTraits {
  /** It changes state: it carries an idempotency key and a retry answers the first outcome (R20). */
  readonly mutating?: boolean;
  /** The adapter method resolves to `undefined` (the wire answers `{}`). */
  readonly returnsNothing?: boolean;
  /** Its input may carry a secret (a password or a real-person proof) the adapter must seal (R18). */
  readonly secret?: boolean;
}

// The rows, one per operation. Written without defaults (a trait left out is false): this
// table ships in the core a mini-program loads, where every byte counts.
const rows = {
  apply: { mutating: true, secret: true },
  getCard: {},
  unbind: { mutating: true, returnsNothing: true, secret: true },
  changePassword: { mutating: true, returnsNothing: true, secret: true },
  resetPassword: { mutating: true, returnsNothing: true, secret: true },
  enablePayment: { mutating: true, secret: true },
  issueQr: { mutating: true, secret: true },
  scanLogin: { mutating: true },
  confirmLogin: { mutating: true, returnsNothing: true, secret: true },
  rejectLogin: { mutating: true, returnsNothing: true },
  listPayments: {},
  listBills: {},
  payBill: { mutating: true, secret: true },
  // The verification a query carries is spent (R28): it mutates, like the others that verify.
  query: { mutating: true, secret: true },
  submitApplication: { mutating: true, secret: true },
  getApplication: {},
  listApplications: {},
  withdrawApplication: { mutating: true, secret: true },
  listAuthorizations: {},
  // Family service and certification (R31–R33): src/platform/family-port.ts.
  addFamilyMember: { mutating: true, secret: true },
  listFamilyMembers: {},
  removeFamilyMember: { mutating: true, returnsNothing: true, secret: true },
  getCertification: {},
  certify: { mutating: true, secret: true },
} as const satisfies Record<string, OperationTraits>;

/**
 * The name of an operation of the {@link PlatformAdapter} port: the one name for it across the
 * client's events, the relay's `op`, the mock's fault injection and the route table.
 *
 * @example
 * ```ts
 * const operation: PlatformOperation = 'apply';
 * ```
 * @useDeclaredType
 */
export type PlatformOperation = keyof typeof rows;

/**
 * The operation table: one row per {@link PlatformAdapter} method (all but `subscribe`).
 *
 * @example
 * ```ts
 * OPERATION_TRAITS.getCard.mutating; // undefined: false
 * ```
 */
export const OPERATION_TRAITS: Readonly<Record<PlatformOperation, OperationTraits>> = rows;

/**
 * The operations, in table order.
 *
 * @example
 * ```ts
 * PLATFORM_OPERATIONS.includes('issueQr'); // true
 * ```
 */
export const PLATFORM_OPERATIONS = Object.keys(rows) as unknown as readonly [
  PlatformOperation,
  ...PlatformOperation[],
];

/**
 * Whether a string names an operation (own keys only: `toString` is not one).
 *
 * @example
 * ```ts
 * isPlatformOperation('apply'); // true
 * ```
 */
export function isPlatformOperation(name: string): name is PlatformOperation {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; older WeChat iOS runtimes (< 15.4) lack it.
  return Object.prototype.hasOwnProperty.call(OPERATION_TRAITS, name);
}

// Both directions: an adapter method without a row (or a row without a method) fails to compile.
type AdapterMethods = Exclude<keyof PlatformAdapter, 'channelId' | 'subscribe'>;
const methodsAreOperations: Record<AdapterMethods, true> = {} as Record<PlatformOperation, true>;
const operationsAreMethods: Record<PlatformOperation, true> = {} as Record<AdapterMethods, true>;
void methodsAreOperations;
void operationsAreMethods;
