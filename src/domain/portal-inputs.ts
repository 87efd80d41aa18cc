/**
 * The input schemas of a government portal's operations (R17, R30): rows of
 * `src/platform/acceptor-operations.ts`. Apart from `./operation-inputs.ts` because the core
 * entry bundles that file whole (the channels' rows) and a portal's schemas would only weigh
 * on every mini-program.
 */
import * as z from 'zod/mini';
import { LOGIN_SCOPES } from './enums.js';

export const loginSessionInput = z.strictObject({
  /**
   * The claims to ask for (R30), within the portal's registration; left out, all it allows
   * except `signNo`, which is released only when asked for.
   */
  scopes: z.optional(z.array(z.enum(LOGIN_SCOPES)).check(z.maxLength(16))),
});
export const loginSessionRefInput = z.strictObject({
  /** The session's id, as `createLoginSession` answered it. */
  sessionId: z.string().check(z.minLength(1), z.maxLength(128)),
});
