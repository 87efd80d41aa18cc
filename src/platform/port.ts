import type { JWK } from 'jose';
import type {
  DynamicQr,
  ECard,
  LoginRequest,
  LoginState,
  PlatformNotification,
  QrPurpose,
  RealPersonProof,
  UserVerification,
} from '../domain/types.js';

/**
 * Per-call context the client hands to the adapter.
 *
 * `idempotencyKey` is set on every mutating call (R20): an adapter sends it with the request
 * and the platform returns the first outcome for a key it has seen, so a retry never applies a
 * change twice.
 */
export interface RequestContext {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Input of {@link PlatformAdapter.apply}. Inputs reach adapters already validated. */
export interface ApplyInput {
  channelUserId: string;
  name: string;
  idNumber: string;
  realPerson: RealPersonProof;
  password: string;
}

/** Input of {@link PlatformAdapter.issueQr}. */
export interface IssueQrInput {
  signNo: string;
  purpose: QrPurpose;
  verification?: UserVerification;
}

/**
 * The port between the client and a national platform (DESIGN §2). An adapter translates;
 * the platform decides. Secrets (`password`, `realPerson`) arrive in plain text from the
 * client in the same process and must leave the adapter only sealed to the platform's key.
 *
 * Run `essc-sdk/testing`'s conformance suite against an adapter to prove it.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { MockPlatform } from 'essc-sdk/mock';
 * const adapter: PlatformAdapter = MockPlatform.demo().adapter('wechat');
 * const client = createClient({ adapter });
 * ```
 */
export interface PlatformAdapter {
  /** The channel this adapter acts for. */
  readonly channelId: string;
  apply(input: ApplyInput, ctx: RequestContext): Promise<ECard>;
  getCard(input: { signNo: string }, ctx: RequestContext): Promise<ECard>;
  unbind(
    input: { signNo: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<void>;
  changePassword(
    input: { signNo: string; oldPassword: string; newPassword: string },
    ctx: RequestContext,
  ): Promise<void>;
  resetPassword(
    input: { signNo: string; realPerson: RealPersonProof; newPassword: string },
    ctx: RequestContext,
  ): Promise<void>;
  enablePayment(
    input: { signNo: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<ECard>;
  issueQr(input: IssueQrInput, ctx: RequestContext): Promise<DynamicQr>;
  scanLogin(input: { signNo: string; qrText: string }, ctx: RequestContext): Promise<LoginRequest>;
  confirmLogin(
    input: { signNo: string; requestId: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<void>;
  rejectLogin(input: { signNo: string; requestId: string }, ctx: RequestContext): Promise<void>;
  /**
   * Optional capability: push the platform's notifications for this channel. Returns an
   * unsubscribe function. Adapters without a push path leave it out.
   */
  subscribe?(listener: (notification: PlatformNotification) => void): () => void;
}

/** A login session as the portal creates it (R17). */
export interface LoginSession {
  sessionId: string;
  /** The text of the QR code the portal shows. */
  qrText: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * The port between a government portal and the platform for scan-to-login (R17). The portal
 * gets the outcome with a platform-signed assertion and verifies it itself against the JWKS.
 *
 * @example
 * ```ts
 * import { createLoginPortal } from 'essc-sdk/acceptor';
 * const portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
 * ```
 */
export interface PortalAdapter {
  /** The portal this adapter acts for. */
  readonly portalId: string;
  createLoginSession(ctx?: RequestContext): Promise<LoginSession>;
  getLoginSession(
    input: { sessionId: string },
    ctx?: RequestContext,
  ): Promise<{ state: LoginState; assertion?: string }>;
  /** The platform's public keys, to verify assertions with. */
  jwks(ctx?: RequestContext): Promise<{ keys: JWK[] }>;
}
