/**
 * The shape of a route of the wire protocol and the helper that types one. A file of its own
 * so the route tables (`./channel.ts`, `./portal.ts`, `./merchant.ts`, `./admin.ts`) and `../routes.ts`, which
 * assembles them, import it without a cycle.
 *
 * @internal
 */
import type * as z from 'zod';
import type { AnyOperation } from '../../platform/acceptor-operations.js';

/**
 * Who may call a route:
 * - `channel`: a registered channel app, signed with its key (R19);
 * - `portal`: a registered government portal, signed with its key;
 * - `merchant`: a registered merchant (hospital, pharmacy, shop…), signed with its key (R21);
 * - `public`: anyone (public keys, the online card-status check of a signed QR code);
 * - `admin`: the sandbox's back-office controls; not part of a real platform.
 */
export type RouteAuth = 'channel' | 'portal' | 'merchant' | 'public' | 'admin';

/**
 * The HTTP methods the protocol uses.
 */
export type WireMethod = 'GET' | 'POST' | 'DELETE';

/**
 * One route: where it lives, who may call it, whether it changes state (then it needs an
 * `idempotency-key`, R20), and the shapes of its path parameters, body and answer.
 */
export interface WireRoute<
  P extends z.core.$ZodType = z.core.$ZodType,
  B extends z.core.$ZodType = z.core.$ZodType,
  R extends z.core.$ZodType = z.core.$ZodType,
  A extends RouteAuth = RouteAuth,
> {
  method: WireMethod;
  /** The path template, parameters in braces: `/v1/cards/{signNo}`. */
  path: `/${string}`;
  auth: A;
  /** A mutating route requires an `idempotency-key` and answers a retry with the first outcome. */
  mutating: boolean;
  params: P;
  /** The JSON body; `GET` and `DELETE` routes take none (`{}`). */
  body: B;
  /**
   * A `GET` operation's fields beyond its path, carried in the query string (a
   * `listBenefitPayments`'s `memberId`); left out when it has none.
   */
  query?: z.core.$ZodType;
  /** The JSON answer on success (HTTP 200). */
  response: R;
  /** What it does; an operation's route takes its row's TSDoc instead (the OpenAPI document). */
  summary?: string;
  /** The OpenAPI tag. */
  tag: 'channel' | 'portal' | 'merchant' | 'keys' | 'acceptor' | 'sandbox admin';
  /**
   * Set on the routes of the operation table (`./operations.ts`): the operation the sandbox
   * runs through the engine's pipeline, which parses the whole input itself.
   */
  operation?: AnyOperation;
}

export const route = <
  P extends z.core.$ZodType,
  B extends z.core.$ZodType,
  R extends z.core.$ZodType,
  A extends RouteAuth,
>(
  definition: WireRoute<P, B, R, A>,
): WireRoute<P, B, R, A> => definition;
