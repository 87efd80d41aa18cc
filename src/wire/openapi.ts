/**
 * The OpenAPI 3.1 description of the wire protocol, generated from the route table and its
 * zod schemas (`z.toJSONSchema`), so the document says exactly what the adapter sends and the
 * sandbox accepts. `scripts/openapi.ts` writes it to `docs/openapi.json`; a test regenerates
 * it and fails when the committed file is stale.
 *
 * @internal
 */
import * as z from 'zod';
import { ERROR_CODES, ERROR_TABLE, type ErrorCode } from '../domain/errors.js';
import { QUERY_TOPICS } from '../domain/records.js';
import { CALLER_ID_PATTERN } from '../domain/schemas.js';
import { SERVICE_IDS } from '../domain/services.js';
import { PLATFORM_ISSUER } from '../platform/protocol.js';
import { operationSummaries } from './operation-docs.js';
import {
  MAX_BODY_BYTES,
  MAX_CLOCK_SKEW_MS,
  MAX_NOTIFICATION_BYTES,
  NOTIFICATION_CONTENT_TYPE,
  NOTIFICATION_TYP,
  REQUEST_SIGNATURE_TYP,
  RESPONSE_SIGNATURE_TYP,
  WIRE_HEADERS,
  WIRE_PROTOCOL_VERSION,
} from './protocol.js';
import { ADMIN_ROUTES, PLATFORM_ROUTES, type WireRoute } from './routes.js';
import { platformNotificationSchema, wireErrorSchema } from './schemas.js';

type Json = Record<string, unknown>;

/** R34: the algorithms of each crypto suite, as the descriptions below name them. */
const CALLER_SIGNATURES =
  'EdDSA (Ed25519) or ES256 (P-256) under the jose suite; SM2 over SM3 (JWS alg "SM2", default user id 1234567812345678, 64-byte r‖s) under sm';
const PLATFORM_SIGNATURES =
  'EdDSA (Ed25519) under the jose suite, SM2 over SM3 (alg "SM2") under sm';
const SUITES_DESCRIPTION =
  'A platform runs one crypto suite (R34), and every signature and sealed secret of this protocol follows it: `jose` — signatures EdDSA (Ed25519) or ES256 (P-256), secrets sealed as a compact JWE with ECDH-ES+A256KW on P-256 and A256GCM, SHA-256 body digests; `sm` (`essc-sandbox --suite sm`) — SM2 signatures over SM3 (JWS alg "SM2", default user id 1234567812345678, 64-byte r‖s), secrets sealed by SM2 public-key encryption of a content key with SM4-GCM (JWE alg "SM2", enc "SM4-GCM"), SM3 digests and HMAC-SM3. Keys are JWKs: Ed25519 or P-256 under jose, `{ kty: "EC", crv: "SM2", x, y }` under sm.';

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    // Refinements (checksums, password rules) have no JSON Schema form; the description and the
    // platform's VALIDATION_FAILED issues carry them.
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

const headerParameter = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
});

const PARAMETERS = {
  channel: headerParameter(WIRE_HEADERS.channel, 'The channel id the platform registered.', {
    type: 'string',
    pattern: CALLER_ID_PATTERN.source,
  }),
  portal: headerParameter(WIRE_HEADERS.portal, 'The portal id the platform registered.', {
    type: 'string',
    pattern: CALLER_ID_PATTERN.source,
  }),
  merchant: headerParameter(WIRE_HEADERS.merchant, 'The merchant id the platform registered.', {
    type: 'string',
    pattern: CALLER_ID_PATTERN.source,
  }),
  timestamp: headerParameter(
    WIRE_HEADERS.timestamp,
    `Milliseconds since the epoch when the request was signed; refused when more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes off.`,
    { type: 'string', pattern: '^[0-9]{1,16}$' },
  ),
  nonce: headerParameter(
    WIRE_HEADERS.nonce,
    'A fresh random value per attempt (16–128 base64url characters); a nonce seen before is refused, and the response signature echoes it.',
    { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' },
  ),
  signature: headerParameter(
    WIRE_HEADERS.signature,
    `Compact JWS (typ "${REQUEST_SIGNATURE_TYP}", by the caller's registered key: ${CALLER_SIGNATURES}) over { v, kind, caller, method, path (with query), bodySha256 (base64url), timestamp, nonce, idempotencyKey? }.`,
  ),
  idempotencyKey: headerParameter(
    WIRE_HEADERS.idempotencyKey,
    'R20: one key per logical call, the same for all its retries; the platform answers a repeat with the first outcome.',
    { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  ),
};

const ref = (name: keyof typeof PARAMETERS) => ({ $ref: `#/components/parameters/${name}` });

const RESPONSE_HEADERS = {
  [WIRE_HEADERS.requestId]: {
    description: "The platform's id of this request.",
    schema: { type: 'string' },
  },
  [WIRE_HEADERS.responseSignature]: {
    description: `Compact JWS (typ "${RESPONSE_SIGNATURE_TYP}", ${PLATFORM_SIGNATURES}, kid in the JWKS) over { v, status, bodySha256, nonce, requestId }. Refuse an answer whose signature does not verify or does not echo your nonce.`,
    schema: { type: 'string' },
  },
};

/**
 * What the document says of an operation's input fields, by field name (one definition per
 * field form): the core's schemas carry no descriptions (a mini-program would ship them), and
 * some fields are checked by the platform only (the query topics and services it offers).
 */
const FIELD_DOCS: Readonly<Record<string, Json>> = {
  channelUserId: { description: "The channel's own id for its user (1–128 printable characters)." },
  name: {
    description: 'R1: the name as on the ID card, 2–30 characters, the middle dot · allowed.',
  },
  idNumber: { description: 'R1: the 18-character resident ID number (GB 11643), X upper case.' },
  memberId: {
    description:
      'A family member of the holder (R32), where the operation may act for one; absent: the holder.',
  },
  relation: {
    description:
      'The member is the holder’s parent (≤ 4), child (≤ 3), spouse (≤ 1) or other (≤ 2).',
  },
  form: {
    description: "The service's form; the platform validates it against the service's schema.",
  },
  topic: { enum: [...QUERY_TOPICS], description: 'What to look up (R28).' },
  service: { enum: [...SERVICE_IDS], description: 'The service applied for (R29).' },
  qrText: { description: 'The scanned code, as read.' },
  orderId: { description: "The merchant's order id: one charge per order id (R24)." },
  amount: {
    description:
      "Integer fen. A charge's: 1 to 5 000 000, the items' sum when items are given (R22); a refund's: left out, what is left of the payment (R25).",
  },
  items: {
    description:
      'The lines of the bill; `covered` items are settled by medical insurance at a hospital, pharmacy or clinic (R23).',
  },
  description: { description: "Printed on the holder's payment history." },
  refundId: {
    description: 'Names this refund: the same refund id again changes nothing twice (R25).',
  },
  scopes: {
    description:
      'R30: the claims asked for, within the registration; left out, all it allows except signNo, which is released only when asked for.',
  },
  sessionId: { description: 'The login session, as createLoginSession answered it.' },
};

/** An operation route's schema with {@link FIELD_DOCS} merged into its fields. */
function documented(schema: Json, route: WireRoute): Json {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!route.operation || !properties) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([field, property]) => [
        field,
        { ...property, ...FIELD_DOCS[field] },
      ]),
    ),
  };
}

let summaries: Record<string, string> | undefined;

/** An operation's summary: its row's TSDoc (every row must have one). */
function summaryOf(operation: string): string {
  summaries ??= operationSummaries();
  const summary = summaries[operation];
  if (!summary) throw new Error(`The row of ${operation} has no TSDoc to describe it.`);
  return summary;
}

/**
 * The error codes an input field can fail with (by field name, R1–R34): with the caller's
 * refusal and VALIDATION_FAILED, they give each operation its documented error statuses.
 */
const FIELD_ERRORS: Readonly<Record<string, readonly ErrorCode[]>> = {
  signNo: ['CARD_NOT_FOUND', 'NOT_BOUND', 'CARD_INACTIVE'],
  idNumber: ['IDENTITY_MISMATCH', 'CARD_NOT_FOUND', 'REGION_NOT_ENABLED'],
  realPerson: ['REAL_PERSON_FAILED'],
  verification: ['PASSWORD_INCORRECT', 'PASSWORD_LOCKED', 'REAL_PERSON_FAILED'],
  password: ['PASSWORD_INCORRECT', 'PASSWORD_LOCKED', 'WEAK_PASSWORD'],
  oldPassword: ['PASSWORD_INCORRECT', 'PASSWORD_LOCKED'],
  newPassword: ['WEAK_PASSWORD', 'PASSWORD_REUSED'],
  memberId: ['MEMBER_NOT_FOUND', 'MEMBER_FORBIDDEN'],
  qrText: ['QR_MALFORMED', 'QR_INVALID_SIGNATURE', 'QR_EXPIRED', 'QR_REPLAYED'],
  orderId: ['ORDER_CONFLICT', 'PAYMENT_NOT_FOUND'],
  refundId: ['REFUND_EXCEEDED'],
  items: ['PAYMENT_NOT_ENABLED', 'PAYMENT_DECLINED'],
  billId: ['BILL_NOT_FOUND', 'BILL_ALREADY_PAID', 'PAYMENT_NOT_ENABLED', 'PAYMENT_DECLINED'],
  applicationId: ['APPLICATION_NOT_FOUND', 'APPLICATION_STATE'],
  sessionId: ['LOGIN_NOT_FOUND', 'LOGIN_STATE', 'LOGIN_EXPIRED'],
};

/**
 * An operation's error responses by HTTP status: VALIDATION_FAILED for any input, the caller's
 * refusal on signed routes, the codes of its fields ({@link FIELD_ERRORS}), each code under the
 * status of the error table; `default` keeps the rest (protocol errors, 503/504).
 */
function errorResponses(route: WireRoute, fields: readonly string[]): Json {
  const codes = new Set<ErrorCode>(['VALIDATION_FAILED']);
  if (route.auth === 'merchant') codes.add('MERCHANT_UNAUTHORIZED');
  else if (route.auth === 'channel' || route.auth === 'portal') codes.add('CHANNEL_UNAUTHORIZED');
  for (const field of fields) for (const code of FIELD_ERRORS[field] ?? []) codes.add(code);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) {
    if (!codes.has(code) || ERROR_TABLE[code].httpStatus >= 500) continue;
    const status = ERROR_TABLE[code].httpStatus;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.map((code) => `\`${code}\` (${ERROR_TABLE[code].zh})`).join(', '),
          headers: RESPONSE_HEADERS,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/WireError' } } },
        },
      ]),
  );
}

function operation(name: string, route: WireRoute): Json {
  const parameters: unknown[] = [];
  const pathParams = documented(jsonSchema(route.params, 'input'), route) as {
    properties?: Record<string, Json>;
  };
  for (const [param, schema] of Object.entries(pathParams.properties ?? {})) {
    parameters.push({ name: param, in: 'path', required: true, schema });
  }
  // A GET operation's other fields travel in the query string (text as it is, anything else as
  // JSON), each checked by the platform like a body's.
  const query = route.query
    ? (documented(jsonSchema(route.query, 'input'), route) as {
        properties?: Record<string, Json>;
        required?: string[];
      })
    : {};
  for (const [param, schema] of Object.entries(query.properties ?? {})) {
    parameters.push({
      name: param,
      in: 'query',
      required: query.required?.includes(param) ?? false,
      schema,
    });
  }
  const signed = route.auth === 'channel' || route.auth === 'portal' || route.auth === 'merchant';
  if (signed) {
    parameters.push(
      ref(route.auth as 'channel' | 'portal' | 'merchant'),
      ref('timestamp'),
      ref('nonce'),
      ref('signature'),
    );
  }
  if (route.mutating && route.auth !== 'admin') parameters.push(ref('idempotencyKey'));
  const bodySchema = route.method === 'POST' ? jsonSchema(route.body, 'input') : {};
  const fields = [
    ...Object.keys(pathParams.properties ?? {}),
    ...Object.keys(query.properties ?? {}),
    ...Object.keys((bodySchema.properties as Json | undefined) ?? {}),
  ];
  return {
    operationId: name,
    summary: route.operation ? summaryOf(route.operation) : route.summary,
    tags: [route.tag],
    ...(signed ? { security: [{ [`${route.auth}Signature`]: [] }] } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.method === 'POST'
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: documented(jsonSchema(route.body, 'input'), route) },
            },
          },
        }
      : {}),
    responses: {
      '200': {
        description: 'Done.',
        headers: RESPONSE_HEADERS,
        content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
      },
      ...errorResponses(route, fields),
      default: { $ref: '#/components/responses/WireError' },
    },
  };
}

/** The claims of a notification JWT. */
const notificationClaimsSchema = platformNotificationSchema.extend({
  iss: z.literal(PLATFORM_ISSUER),
  iat: z.number().int().meta({ description: 'When this attempt was signed (seconds).' }),
});

/** The webhook delivery: what the platform POSTs to a channel's `webhookUrl`. */
function notificationWebhook(): Json {
  return {
    post: {
      operationId: 'notification',
      summary: "A notification to the channel's webhook URL (R13).",
      description: [
        `The body is a compact JWS (typ "${NOTIFICATION_TYP}", ${PLATFORM_SIGNATURES}, kid in the platform's JWKS) whose claims are the notification with iss "${PLATFORM_ISSUER}" and iat (schema: NotificationClaims), at most ${MAX_NOTIFICATION_BYTES / 1024} KB.`,
        '',
        "Verify it with the platform's JWKS (`verifyNotification` in essc-sdk/http): the signature, typ, issuer, an iat at most 300 s old, the channel id. Answer 2xx once you have it — a duplicate included.",
        '',
        "Anything else (another status, no answer within 10 s, no connection) is retried with jittered exponential backoff (about 1, 2, 4, 8, 16 s; 6 attempts in all in the sandbox), each attempt signed afresh under the same notification id: deduplicate by it. One channel's deliveries go one at a time, in order; redirects are not followed.",
      ].join('\n'),
      tags: ['webhooks'],
      security: [],
      parameters: [
        headerParameter(
          WIRE_HEADERS.notificationId,
          'The notification id, the same on every attempt; trust the signed id, which must match.',
        ),
        headerParameter(
          WIRE_HEADERS.deliveryAttempt,
          '1 for the first attempt, 2 for the first retry, …',
          {
            type: 'string',
            pattern: '^[1-9][0-9]*$',
          },
        ),
      ],
      requestBody: {
        required: true,
        content: {
          [NOTIFICATION_CONTENT_TYPE]: {
            schema: {
              type: 'string',
              pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
              maxLength: MAX_NOTIFICATION_BYTES,
              description: 'Compact JWS; its payload: #/components/schemas/NotificationClaims.',
            },
          },
        },
      },
      responses: {
        '2XX': { description: 'Received (a duplicate included): the platform stops retrying.' },
        default: { description: 'Not received: the platform retries under the same id.' },
      },
    },
  };
}

/**
 * The OpenAPI 3.1 document of the wire protocol v1, platform and sandbox-admin routes.
 *
 * @example
 * ```ts
 * writeFileSync('docs/openapi.json', `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
 * ```
 */
export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const table of [PLATFORM_ROUTES, ADMIN_ROUTES] as Record<string, WireRoute>[]) {
    for (const [name, route] of Object.entries(table)) {
      const item = paths[route.path] ?? {};
      item[route.method.toLowerCase()] = operation(name, route);
      paths[route.path] = item;
    }
  }
  const errorRows = ERROR_CODES.map(
    (code) =>
      `| \`${code}\` | ${ERROR_TABLE[code].httpStatus} | ${ERROR_TABLE[code].zh} | ${ERROR_TABLE[code].retryable ? 'yes' : 'no'} |`,
  ).join('\n');
  return {
    openapi: '3.1.0',
    info: {
      title: 'essc-sdk wire protocol',
      version: String(WIRE_PROTOCOL_VERSION),
      license: { name: 'MIT', identifier: 'MIT' },
      description: [
        "JSON over HTTP between a channel app's backend (or a portal, or an acceptor) and the Electronic Social Security Card platform, as `essc-sdk/http` speaks it and `essc-sdk/sandbox` serves it.",
        '',
        `Every channel, portal and merchant request is signed (R19); every answer is signed by the platform and echoes the request's nonce; every mutating request carries an idempotency key (R20); passwords and real-person proofs travel only sealed (R18). Bodies are at most ${MAX_BODY_BYTES / 1024} KB.`,
        '',
        SUITES_DESCRIPTION,
        '',
        'The `/admin/` routes exist in the sandbox only: unauthenticated back-office controls for rehearsing flows (bind it to loopback).',
        '',
        '| code | HTTP | 中文 | retryable |',
        '|---|---|---|---|',
        errorRows,
      ].join('\n'),
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'essc-sandbox (default port)' }],
    tags: [
      {
        name: 'channel',
        description: 'Channel apps: the e-card flows (signed by the channel key).',
      },
      {
        name: 'portal',
        description: 'Government portals: scan-to-login (signed by the portal key).',
      },
      {
        name: 'merchant',
        description:
          'Merchants (hospitals, pharmacies, transit, shops): charges, payments and refunds (signed by the merchant key).',
      },
      { name: 'keys', description: "The platform's public keys." },
      { name: 'acceptor', description: 'Acceptors: the online status check of payment codes.' },
      {
        name: 'sandbox admin',
        description: 'Sandbox only: the mock platform’s controls. Not authenticated.',
      },
      {
        name: 'webhooks',
        description: "What the platform sends to a channel's webhook URL (signed notifications).",
      },
    ],
    paths,
    webhooks: { notification: notificationWebhook() },
    components: {
      securitySchemes: {
        channelSignature: {
          type: 'apiKey',
          in: 'header',
          name: WIRE_HEADERS.signature,
          description: `With ${WIRE_HEADERS.channel}, ${WIRE_HEADERS.timestamp} and ${WIRE_HEADERS.nonce}: a JWS by the channel's registered key.`,
        },
        portalSignature: {
          type: 'apiKey',
          in: 'header',
          name: WIRE_HEADERS.signature,
          description: `With ${WIRE_HEADERS.portal}, ${WIRE_HEADERS.timestamp} and ${WIRE_HEADERS.nonce}: a JWS by the portal's registered key.`,
        },
        merchantSignature: {
          type: 'apiKey',
          in: 'header',
          name: WIRE_HEADERS.signature,
          description: `With ${WIRE_HEADERS.merchant}, ${WIRE_HEADERS.timestamp} and ${WIRE_HEADERS.nonce}: a JWS by the merchant's registered key.`,
        },
      },
      parameters: PARAMETERS,
      schemas: {
        NotificationClaims: jsonSchema(notificationClaimsSchema, 'output'),
        WireError: jsonSchema(wireErrorSchema, 'output'),
      },
      responses: {
        WireError: {
          description:
            'An error: the HTTP status of the code (see the table above; 404/405/413 for protocol errors), never a stack.',
          headers: RESPONSE_HEADERS,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/WireError' } } },
        },
      },
    },
  };
}

/**
 * The document as committed: pretty-printed JSON with a final newline.
 *
 * @example
 * ```ts
 * if (readFileSync('docs/openapi.json', 'utf8') !== openApiText()) process.exitCode = 1;
 * ```
 */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
