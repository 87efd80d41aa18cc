import type { JWK } from 'jose';
import { channelIdSchema } from '../domain/schemas.js';
import type { ECardStatus } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import { PORTAL_ROWS, type PortalAdapter } from '../platform/acceptor-operations.js';
import type { RequestContext } from '../platform/operations.js';
import { PLATFORM_ROUTES } from '../wire/routes.js';
import { wireCall } from './operation-call.js';
import {
  checkCallerKey,
  type HttpTransportOptions,
  type KeySet,
  WireTransport,
} from './transport.js';

/**
 * Options of {@link createHttpPortalAdapter}.
 */
export interface HttpPortalAdapterOptions extends HttpTransportOptions {
  /** The id the platform registered the portal under. */
  portalId: string;
  /** The portal's private JWK (Ed25519 or P-256); the platform holds the public half. */
  portalKey: JWK;
}

/**
 * The adapter of a government portal for scan-to-login (R17) over the wire protocol: signed
 * requests, verified answers, retries like {@link createHttpAdapter}. `jwks()` fetches the
 * platform's keys afresh, for verifying login assertions.
 *
 * @example
 * ```ts
 * import { createLoginPortal } from 'essc-sdk/acceptor';
 * import { createHttpPortalAdapter } from 'essc-sdk/http';
 *
 * const portal = createLoginPortal({
 *   adapter: createHttpPortalAdapter({ baseUrl, portalId: 'gov-portal', portalKey }),
 * });
 * ```
 */
export function createHttpPortalAdapter(options: HttpPortalAdapterOptions): PortalAdapter {
  if (!channelIdSchema.safeParse(options?.portalId).success) {
    throw validationError('portalId must be a registered portal id.', {
      path: ['portalId'],
      message: 'not a portal id',
    });
  }
  checkCallerKey(options.portalKey, 'portalKey');
  const transport = new WireTransport(options, {
    kind: 'portal',
    id: options.portalId,
    key: options.portalKey,
  });
  const adapter: Record<string, unknown> = {
    portalId: options.portalId,
    jwks: (ctx?: RequestContext): Promise<KeySet> => transport.refreshJwks(ctx),
  };
  for (const operation of Object.keys(PORTAL_ROWS) as (keyof typeof PORTAL_ROWS)[]) {
    adapter[operation] = wireCall(transport, operation);
  }
  return adapter as unknown as PortalAdapter;
}

/**
 * Options of {@link createHttpCardStatusCheck}: those of every http adapter (no key: the
 * status check is public, its answers are signed).
 */
export type HttpCardStatusCheckOptions = HttpTransportOptions;

/**
 * An acceptor's online status check (for payment codes) over the wire protocol: plug it into
 * `createQrVerifier({ statusCheck })`. Answers are verified like every answer of the platform.
 *
 * @example
 * ```ts
 * import { createQrVerifier } from 'essc-sdk/acceptor';
 * import { createHttpCardStatusCheck } from 'essc-sdk/http';
 *
 * const verifier = createQrVerifier({
 *   jwks: `${baseUrl}/.well-known/jwks.json`,
 *   statusCheck: createHttpCardStatusCheck({ baseUrl }),
 * });
 * ```
 */
export function createHttpCardStatusCheck(
  options: HttpCardStatusCheckOptions,
): (input: { cardRef: string }) => Promise<ECardStatus> {
  const transport = new WireTransport(options);
  return async ({ cardRef }) =>
    (await transport.call(PLATFORM_ROUTES.cardStatus, {}, { cardRef })).status;
}
