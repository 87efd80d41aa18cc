/**
 * The relay handler: the channel backend's end of the relay. A fetch-style function
 * (`Request` → `Response`) that authenticates the channel's own user, checks the request, and
 * forwards it with the backend's adapter (which holds the channel key and seals secrets).
 *
 * It uses web-standard globals (`Request`, `Response`, `TextDecoder`) only when it handles a
 * request, so the module itself loads anywhere.
 */

import * as z from 'zod';
import { callPlatform } from '../client/call.js';
import { type CallOptions, createClient } from '../client/client.js';
import { ERROR_MEANINGS } from '../domain/error-meanings.js';
import { ERROR_TABLE, type ErrorCode, EsscError, isEsscError } from '../domain/errors.js';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_RULE } from '../domain/idempotency-key.js';
import { normalizePassword } from '../domain/password-rules.js';
import { validationError, zodIssues } from '../domain/validation.js';
import { OPERATIONS, PLATFORM_OPERATIONS, type PlatformOperation } from '../platform/operations.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { readBodyAtMost } from '../platform/read-body.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  RELAY_OPERATIONS,
  REQUEST_ID_HEADER,
  type RelayErrorBody,
} from './protocol.js';

/**
 * The channel's user, as the channel's own session check names it.
 */
export interface RelayUser {
  /** The channel's id for this user: the only `channelUserId` the user may apply with. */
  channelUserId: string;
}

/**
 * What {@link RelayHandlerOptions.onError} receives for each refused request.
 *
 * @example
 * ```ts
 * const onError = (event: RelayErrorEvent) => {
 *   if (event.status >= 500) logger.error({ requestId: event.requestId, op: event.op, code: event.code }, event.error);
 * };
 * ```
 */
export interface RelayErrorEvent {
  /** The id sent to the caller in the body and the `x-request-id` header. */
  requestId: string;
  /** The operation, once the body was read. */
  op?: PlatformOperation;
  /** The code sent. */
  code: ErrorCode;
  /** The HTTP status sent. */
  status: number;
  /**
   * The error as thrown. For an unexpected error (a bug), this is the only place its message
   * and stack go: the caller got a generic `PLATFORM_UNAVAILABLE`. SDK errors never hold a
   * password or a proof; an error of your own adapter or hooks is yours to vet before logging.
   */
  error: unknown;
}

/**
 * Options of {@link createRelayHandler}.
 *
 * @example
 * ```ts
 * const options: RelayHandlerOptions = {
 *   adapter: createHttpAdapter({ baseUrl, channelId: 'wechat', channelKey }),
 *   authenticate: async (request) => sessions.userOf(request.headers.get('authorization')),
 *   authorizeCard: async (user, signNo) => cards.belongsTo(signNo, user.channelUserId),
 * };
 * ```
 */
export interface RelayHandlerOptions {
  /** The backend's adapter for its channel, e.g. `createHttpAdapter(…)`; it holds the channel key. */
  adapter: PlatformAdapter;
  /**
   * The channel's own session check: the signed-in user, or `null` to refuse with
   * `CHANNEL_UNAUTHORIZED` (401). Runs before the body is read; read the body only from
   * `request.clone()`. An `EsscError` it throws is sent as is; anything else becomes a
   * generic `PLATFORM_UNAVAILABLE`.
   */
  authenticate: (request: Request) => Promise<RelayUser | null> | RelayUser | null;
  /**
   * Whether the user may act on this e-card. Called for every operation but `apply`; `false`
   * refuses with `NOT_BOUND`, as if the card were not bound (which, for this user, it is not).
   * Left out, any signed-in user of the channel may name any card of the channel: password- and
   * proof-protected steps stay protected, but `getCard`, identity QR codes and `scanLogin` do
   * not. Record the `signNo` each user's `apply` returns, and check it here.
   */
  authorizeCard?: (user: RelayUser, signNo: string) => Promise<boolean> | boolean;
  /** Bodies above this many bytes are refused with 413 unread (default 64 KB). */
  maxBodyBytes?: number;
  /** Told of every refused request, for logs and metrics; what it throws is ignored. */
  onError?: (event: RelayErrorEvent) => void;
}

/**
 * A relay handler: a fetch-style function. `maxBodyBytes` is the limit it enforces (the Node
 * bridge `toNodeListener` reads no more than that).
 *
 * @example
 * ```ts
 * const handler: RelayHandler = createRelayHandler({ adapter, authenticate });
 * export default { fetch: handler }; // Deno, Bun, workers
 * ```
 */
export type RelayHandler = ((request: Request) => Promise<Response>) & {
  /** The largest body it reads, in bytes. */
  readonly maxBodyBytes: number;
};

/** A refusal of the relay itself, with an HTTP status other than the code's (403, 405, 413, 415). */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: EsscError,
  ) {}
}

function validation(path: (string | number)[], message: string): EsscError {
  return validationError(message, { path, message });
}

function refuse(status: number, path: (string | number)[], message: string): Refusal {
  return new Refusal(status, validation(path, message));
}

const envelopeSchema = z.strictObject({
  op: z.enum(RELAY_OPERATIONS, {
    error: `op must be one of: ${RELAY_OPERATIONS.join(', ')}.`,
  }),
  input: z.record(z.string(), z.unknown(), { error: 'input must be a JSON object.' }),
  idempotencyKey: z
    .string({ error: 'idempotencyKey must be a string.' })
    .regex(IDEMPOTENCY_KEY_PATTERN, {
      error: `idempotencyKey ${IDEMPOTENCY_KEY_RULE}.`,
    })
    .optional(),
});

type Envelope = z.output<typeof envelopeSchema>;

/** Parses the body's envelope; the input itself is validated by the client, per operation. */
function parseEnvelope(text: string): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw validation([], 'The request body is not JSON.');
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error.issues);
    const first = issues[0];
    const at = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    // zod's messages and ours name the field, never its value.
    throw validationError(
      `The relay request is not valid${at}: ${first?.message ?? 'invalid'}`,
      issues,
    );
  }
  if (OPERATIONS[parsed.data.op].mutating && parsed.data.idempotencyKey === undefined) {
    // R20 end to end: without a key a mini-program's retry could apply a change twice.
    throw validation(['idempotencyKey'], `idempotencyKey is required for ${parsed.data.op}.`);
  }
  return parsed.data;
}

async function readBody(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyAtMost(request, maxBytes, () => tooLarge(maxBytes));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw validation([], 'The request body is not UTF-8 text.');
  }
}

function tooLarge(maxBytes: number): Refusal {
  return refuse(413, [], `The request body is larger than ${maxBytes} bytes.`);
}

function isJsonContentType(value: string | null): boolean {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return (
    type === 'application/json' ||
    (type?.startsWith('application/') && type.endsWith('+json')) === true
  );
}

/** A client flow or an adapter method, as the relay calls it. */
type RelayedMethod = (input: unknown, options: CallOptions & RequestContext) => Promise<unknown>;

/**
 * The input of an application (or a hosted launch), for the signed-in user only: a `channelUserId` naming anyone
 * else is refused (403) rather than silently replaced, since it means a bug or an attempt.
 */
/** The rows whose input names the channel's user (`channelUserId`), read off the table. */
const NAMES_THE_USER: ReadonlySet<string> = new Set(
  PLATFORM_OPERATIONS.filter(
    (operation) =>
      'channelUserId' in
      (OPERATIONS[operation].input as unknown as { _zod: { def: { shape: object } } })._zod.def
        .shape,
  ),
);

function ownApplication(input: Record<string, unknown>, user: RelayUser): Record<string, unknown> {
  const claimed = input.channelUserId;
  const own = user.channelUserId.trim();
  if (claimed !== undefined && (typeof claimed !== 'string' || claimed.trim() !== own)) {
    throw new Refusal(
      403,
      new EsscError(
        'CHANNEL_UNAUTHORIZED',
        'A mini-program may act only for its signed-in user: channelUserId does not match the session.',
      ),
    );
  }
  return { ...input, channelUserId: own };
}

const SECRET_FIELDS = [
  'password',
  'oldPassword',
  'newPassword',
  'realPerson',
  'memberProof',
] as const;

/**
 * The secrets of a request (passwords, real-person proofs), as sent and as normalized, so an
 * error that somehow quotes one can be caught before it leaves. Very short strings are left
 * out: they would match ordinary text, and the SDK's own messages never quote a value anyway.
 */
function secretsOf(input: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const take = (value: unknown) => {
    if (typeof value !== 'string' || value.length < 4) return;
    found.add(value);
    found.add(normalizePassword(value));
  };
  for (const field of SECRET_FIELDS) take(input[field]);
  const verification = input.verification;
  if (typeof verification === 'object' && verification !== null) {
    const v = verification as Record<string, unknown>;
    take(v.password);
    take(v.realPerson);
  }
  return [...found];
}

function newRequestId(): string {
  const web = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof web?.randomUUID === 'function') return `rq_${web.randomUUID()}`;
  return `rq_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/** The status and body of a refusal; nothing of an unexpected error, and no secret, leaves. */
function errorAnswer(
  error: unknown,
  requestId: string,
  secrets: readonly string[],
): { status: number; body: RelayErrorBody } {
  let status: number;
  let essc: EsscError;
  if (error instanceof Refusal) {
    status = error.status;
    essc = error.error;
  } else if (isEsscError(error)) {
    // The code's own status: an upstream statusCode describes the backend's hop, not this one.
    status = ERROR_TABLE[error.code].httpStatus;
    essc = error;
  } else {
    status = 500;
    essc = new EsscError(
      'PLATFORM_UNAVAILABLE',
      `The channel backend failed to process the request; retry later, or quote ${requestId} to its support.`,
    );
  }
  // An "EsscError" recognised by name (another bundled copy, a third-party adapter) may not
  // hold what ours does: a message that is not text, details that do not serialise.
  let message = typeof essc.message === 'string' ? essc.message : ERROR_MEANINGS[essc.code];
  let details = essc.details as unknown;
  let detailsText = '';
  try {
    detailsText = details === undefined ? '' : JSON.stringify(details);
  } catch {
    details = undefined;
  }
  if (secrets.some((secret) => message.includes(secret) || detailsText.includes(secret))) {
    message = ERROR_MEANINGS[essc.code];
    details = undefined;
  }
  return {
    status,
    body: {
      error: {
        code: essc.code,
        message,
        ...(details === undefined ? {} : { details }),
        requestId,
        retryable: essc.retryable,
      },
    },
  };
}

function answer(
  status: number,
  body: unknown,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Cards and QR codes are personal: no cache along the way may keep them.
      'cache-control': 'no-store',
      [REQUEST_ID_HEADER]: requestId,
      ...extraHeaders,
    },
  });
}

/**
 * The adapter the per-request client calls: every operation, and never `subscribe` (a client
 * made per request must not listen to the channel's notifications).
 */
function forwardingAdapter(adapter: PlatformAdapter): PlatformAdapter {
  const forwarding: Record<string, unknown> = { channelId: adapter.channelId };
  for (const operation of PLATFORM_OPERATIONS) {
    forwarding[operation] = (input: unknown, ctx: RequestContext) =>
      (adapter[operation] as (input: unknown, ctx: RequestContext) => Promise<unknown>)(input, ctx);
  }
  return forwarding as PlatformAdapter;
}

/**
 * Creates the relay handler the channel backend serves to its mini-program: one POST endpoint
 * taking `{ op, input, idempotencyKey? }` (see `RelayRequestBody`), answering `{ result }` or
 * `{ error: { code, message, details, requestId, retryable } }` with the code's HTTP status.
 *
 * What it enforces, in order:
 * 1. POST only (405); the channel's `authenticate` (401 `CHANNEL_UNAUTHORIZED`);
 *    `application/json` (415, which also keeps browsers' cross-site form posts out); at most
 *    `maxBodyBytes` (413); a well-formed envelope, and an idempotency key on mutating
 *    operations (400 `VALIDATION_FAILED`).
 * 2. `apply` only for the signed-in user's `channelUserId` (403 `CHANNEL_UNAUTHORIZED`);
 *    `authorizeCard` for every other operation (404 `NOT_BOUND`).
 * 3. The operation's input is validated and normalized by the same client code and zod
 *    schemas a channel app runs (`VALIDATION_FAILED`, `WEAK_PASSWORD`), then sent with the
 *    backend's adapter and the caller's idempotency key, unchanged, so a
 *    mini-program's retry returns the first outcome.
 *
 * Errors carry no stack and no cause; one that would quote a password or proof of the request
 * is replaced by the code's generic meaning. An unexpected error becomes a generic 500
 * `PLATFORM_UNAVAILABLE` (see `onError`).
 *
 * @example
 * ```ts
 * // The channel backend (Hono; any fetch-style router works the same way):
 * import { createHttpAdapter } from 'essc-sdk/http';
 * import { createRelayHandler } from 'essc-sdk/relay';
 *
 * const relay = createRelayHandler({
 *   adapter: createHttpAdapter({ baseUrl: PLATFORM_URL, channelId: 'wechat', channelKey }),
 *   authenticate: async (request) => {
 *     const session = await sessions.get(request.headers.get('authorization'));
 *     return session ? { channelUserId: session.openid } : null;
 *   },
 *   authorizeCard: (user, signNo) => cards.belongsTo(signNo, user.channelUserId),
 * });
 * app.post('/essc', (c) => relay(c.req.raw));
 * ```
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  if (typeof options?.adapter?.apply !== 'function') {
    throw validationError(
      'createRelayHandler needs { adapter }: the PlatformAdapter of the channel backend (e.g. createHttpAdapter).',
      { path: ['adapter'], message: 'required' },
    );
  }
  if (typeof options.authenticate !== 'function') {
    throw validationError(
      "createRelayHandler needs { authenticate }: the channel's own session check, (request) => ({ channelUserId }) or null.",
      { path: ['authenticate'], message: 'required' },
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw validationError('maxBodyBytes must be a positive whole number of bytes.', {
      path: ['maxBodyBytes'],
      message: 'must be a positive whole number',
    });
  }
  const upstream = forwardingAdapter(options.adapter);
  const { authenticate, authorizeCard, onError } = options;

  async function handle(request: Request): Promise<Response> {
    const requestId = newRequestId();
    let op: PlatformOperation | undefined;
    let secrets: string[] = [];
    try {
      if (request.method !== 'POST') throw refuse(405, [], 'The relay accepts POST only.');
      const user = await authenticate(request);
      if (user === null || user === undefined) {
        throw new EsscError(
          'CHANNEL_UNAUTHORIZED',
          'The channel backend did not accept this session; sign the user in again.',
        );
      }
      if (typeof user.channelUserId !== 'string' || user.channelUserId.trim() === '') {
        throw new TypeError('authenticate must return { channelUserId: string } or null.');
      }
      if (!isJsonContentType(request.headers.get('content-type'))) {
        throw refuse(415, [], 'Send the request body as application/json.');
      }
      const envelope = parseEnvelope(await readBody(request, maxBodyBytes));
      op = envelope.op;
      secrets = secretsOf(envelope.input);
      let input = envelope.input;
      // A row that names the channel's user (an application, a hosted launch: R35) acts for
      // the signed-in user only; one that names a card, only on their own cards.
      if (NAMES_THE_USER.has(op)) input = ownApplication(input, user);
      if (authorizeCard && typeof input.signNo === 'string') {
        // A signNo that is not a string is left to the client's validation, which refuses it.
        if (!(await authorizeCard(user, input.signNo))) {
          throw new EsscError('NOT_BOUND', 'This e-card is not bound for the signed-in user.');
        }
      }
      // Passed through unchanged, so a retry finds the first outcome. Another user sending the
      // same key gets no one else's outcome: the platform refuses a key reused for a different
      // request, an application differs by its channelUserId (forced above), and
      // authorizeCard keeps users to their own cards.
      const callOptions: CallOptions =
        envelope.idempotencyKey === undefined ? {} : { idempotencyKey: envelope.idempotencyKey };
      // A client per request: it validates exactly as a channel app's client does, and keeps
      // no per-card state across the backend's many users.
      const client = createClient({ adapter: upstream });
      try {
        const operation = envelope.op;
        const method = (client as unknown as Record<string, RelayedMethod | undefined>)[operation];
        // A row the client has no flow for (a hosted launch, R35) is sent as the client sends
        // any call: validated with its row, keyed when it mutates (R20).
        const result = method
          ? await method.call(client, input, callOptions)
          : await callPlatform(client, { operation, input, options: callOptions }, (i, ctx) =>
              (upstream[operation] as RelayedMethod)(i, ctx),
            );
        return answer(200, { result: result ?? null }, requestId);
      } finally {
        client.close();
      }
    } catch (error) {
      const { status, body } = errorAnswer(error, requestId, secrets);
      try {
        onError?.({
          requestId,
          ...(op === undefined ? {} : { op }),
          code: body.error.code,
          status,
          error: error instanceof Refusal ? error.error : error,
        });
      } catch {
        // A failing logger must not turn a refusal into a crash.
      }
      return answer(status, body, requestId, status === 405 ? { allow: 'POST' } : {});
    }
  }

  return Object.assign(handle, { maxBodyBytes });
}
