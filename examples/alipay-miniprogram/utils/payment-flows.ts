/**
 * WORKAROUND for essc-sdk 0.1: the relay adapter has no `listPayments`, `listBills` or
 * `payBill` yet, although the relay handler on the backend forwards every operation of the
 * operation table, these three included. Without them `client.listPayments` answers
 * `UNSUPPORTED_RUNTIME` on the device.
 *
 * `withPaymentFlows` keeps the adapter's own methods whenever it has them (a later essc-sdk)
 * and otherwise sends these three in the relay's own request form — `{ op, input,
 * idempotencyKey }` to `POST /relay`, answered `{ result }` or `{ error }` — over the same
 * transport and headers. No retries here: the client's idempotency key makes a retried
 * `payBill` pay once, and a failed list is simply shown again.
 */
import { type ErrorCode, EsscError, type PlatformAdapter, type RequestContext } from 'essc-sdk';
import type { RelayTransport } from 'essc-sdk/miniprogram';

interface RelayTarget {
  url: string;
  transport: RelayTransport;
  headers: () => Promise<Record<string, string>>;
}

async function relayCall(
  target: RelayTarget,
  op: 'listPayments' | 'listBills' | 'payBill',
  input: object,
  ctx: RequestContext,
): Promise<unknown> {
  const response = await target.transport({
    url: target.url,
    method: 'POST',
    headers: {
      ...(await target.headers()),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({
      op,
      input,
      ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    }),
    timeoutMs: 15_000,
  });
  let json: { result?: unknown; error?: { code?: string; message?: string; retryable?: boolean } };
  try {
    json = JSON.parse(response.body);
  } catch {
    json = {};
  }
  if (response.status >= 200 && response.status < 300 && json.result !== undefined) {
    return json.result;
  }
  const error = json.error;
  throw new EsscError(
    (error?.code ?? 'PLATFORM_UNAVAILABLE') as ErrorCode,
    error?.message ?? `The relay answered ${response.status}.`,
    {
      statusCode: response.status,
      ...(typeof error?.retryable === 'boolean' ? { retryable: error.retryable } : {}),
    },
  );
}

/** `adapter` with the three payment flows, sent to the relay when it lacks them. */
export function withPaymentFlows(adapter: PlatformAdapter, target: RelayTarget): PlatformAdapter {
  return {
    ...adapter,
    listPayments:
      adapter.listPayments ??
      ((input, ctx) =>
        relayCall(target, 'listPayments', input, ctx) as ReturnType<
          NonNullable<PlatformAdapter['listPayments']>
        >),
    listBills:
      adapter.listBills ??
      ((input, ctx) =>
        relayCall(target, 'listBills', input, ctx) as ReturnType<
          NonNullable<PlatformAdapter['listBills']>
        >),
    payBill:
      adapter.payBill ??
      ((input, ctx) =>
        relayCall(target, 'payBill', input, ctx) as ReturnType<
          NonNullable<PlatformAdapter['payBill']>
        >),
  };
}
