/**
 * WORKAROUND for essc-sdk 0.1, which carries the payment history and bills (`listPayments`,
 * `listBills`, `payBill`, R26/R27) on the mock only: the port declares them optional, and the
 * http channel adapter and the relay handler (whose forwarding adapter lists the operations
 * it passes on) have none of them, although the sandbox serves their routes. A relay request
 * for them would answer `UNSUPPORTED_RUNTIME`.
 *
 * `createPaymentFlowsRelay` answers exactly those three relay operations before the SDK's relay
 * handler sees them, in the relay's own form (`{ op, input, idempotencyKey }` →
 * `{ result }` / `{ error }`), with the backend's same checks: the session (401), the card
 * belongs to the user (`NOT_BOUND`), an idempotency key on `payBill`; then a client on the
 * stand-in adapter validates and calls. In the demo (`demo.ts`) the stand-in is the in-process
 * adapter of the very platform the sandbox serves, for the same channel: the same rules and
 * records. It steps aside (answers `undefined`) for every other operation, and `server.ts`
 * installs it only while the http adapter lacks `listPayments`: once essc-sdk carries the
 * flows end to end, the SDK's relay handles them and this file can go.
 */
import { createClient, ERROR_TABLE, EsscError, isEsscError, type PlatformAdapter } from 'essc-sdk';

/** The three payment flows of a channel adapter. */
export type PaymentFlows = Required<
  Pick<PlatformAdapter, 'listPayments' | 'listBills' | 'payBill'>
>;

const FLOWS = new Set(['listPayments', 'listBills', 'payBill']);

/** Options of {@link createPaymentFlowsRelay}. */
export interface PaymentFlowsRelayOptions {
  /** An adapter that has the three flows (the demo: `platform.adapter(channelId)`). */
  standIn: PlatformAdapter;
  /** The signed-in user of a request, or `undefined` (the backend's sessions). */
  authenticate: (request: Request) => { channelUserId: string } | undefined;
  /** Whether the user may act on this e-card (the backend's card records). */
  authorizeCard: (user: { channelUserId: string }, signNo: string) => boolean;
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function refusal(error: EsscError): Response {
  return answer(ERROR_TABLE[error.code].httpStatus, {
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  });
}

/**
 * A pre-handler for `POST /relay`: the answer to a payment-flow request, or `undefined` for
 * any other request (hand it to the SDK's relay handler, untouched: the body is read from a
 * clone).
 */
export function createPaymentFlowsRelay(
  options: PaymentFlowsRelayOptions,
): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    if (request.method !== 'POST') return undefined;
    let envelope: { op?: unknown; input?: unknown; idempotencyKey?: unknown };
    try {
      envelope = (await request.clone().json()) as typeof envelope;
    } catch {
      return undefined; // the relay handler refuses it with its own words
    }
    if (typeof envelope?.op !== 'string' || !FLOWS.has(envelope.op)) return undefined;
    const op = envelope.op as keyof PaymentFlows;
    try {
      const user = options.authenticate(request);
      if (!user) {
        throw new EsscError(
          'CHANNEL_UNAUTHORIZED',
          'The channel backend did not accept this session; sign the user in again.',
        );
      }
      const input = (envelope.input ?? {}) as { signNo?: unknown };
      if (typeof input.signNo === 'string' && !options.authorizeCard(user, input.signNo)) {
        throw new EsscError('NOT_BOUND', 'This e-card is not bound for the signed-in user.');
      }
      const key = envelope.idempotencyKey;
      if (op === 'payBill' && typeof key !== 'string') {
        throw new EsscError('VALIDATION_FAILED', 'idempotencyKey is required for payBill.', {
          details: { issues: [{ path: ['idempotencyKey'], message: 'required' }] },
        });
      }
      const client = createClient({ adapter: options.standIn });
      try {
        const call = client[op] as (input: unknown, o: object) => Promise<unknown>;
        const result = await call.call(
          client,
          input,
          typeof key === 'string' ? { idempotencyKey: key } : {},
        );
        return answer(200, { result });
      } finally {
        client.close();
      }
    } catch (error) {
      if (isEsscError(error)) return refusal(error);
      console.error(`[relay] ${op} failed`, error);
      return refusal(
        new EsscError('PLATFORM_UNAVAILABLE', 'The channel backend failed; retry later.'),
      );
    }
  };
}
