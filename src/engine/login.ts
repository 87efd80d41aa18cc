import { base64urlEncode, randomBytes, randomId, signJwt } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import type { Authorization, LoginRequest, LoginScope } from '../domain/types.js';
import type { LoginSession, LoginSessionState } from '../platform/port.js';
import {
  LOGIN_ASSERTION_TTL_SECONDS,
  LOGIN_ASSERTION_TYP,
  LOGIN_QR_PREFIX,
  PLATFORM_ISSUER,
} from '../platform/protocol.js';
import type { EngineContext } from './context.js';
import { toBase32 } from './ids.js';
import { impliedScopes, requireScopes } from './login-scopes.js';
import { type LoginSessionRecord, LoginSessions } from './login-sessions.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import { releasedOnRefusal } from './user-verification.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Scan-to-login on a government portal (R17): the portal opens a session (once per
 * idempotency key, R20), a channel scans its code, and the user confirms with verification
 * or rejects. The session state machine is {@link LoginSessions}; the card rules are here.
 * Consent (R30): a session asks for some claims within the portal's registration, the user
 * sees them when scanning, the assertion carries only those, and each confirmed login is
 * recorded for the holder. Beyond the consented claims an assertion names the holder only by
 * a subject of this portal's own, so two portals hold no identifier they could join on; the
 * sign number is one of the claims (`signNo`), never implied.
 */
export class Login {
  private readonly ttlMs: number;
  private readonly sessions: LoginSessions;
  /**
   * Keys the portal-specific subject of login assertions. A plain hash of an ID number could be
   * brute-forced back (region, birth date, three digits); a keyed one cannot.
   */
  private readonly subjectSecret = randomBytes(32);
  /** idNumber → the holder's confirmed logins, oldest first (R30). */
  private readonly authorizations = new Map<string, Authorization[]>();

  constructor(private readonly ctx: EngineContext) {
    this.ttlMs = (ctx.options.loginTtlSeconds ?? 120) * 1000;
    this.sessions = new LoginSessions(ctx.now);
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<
    OperationHandlers,
    | 'createLoginSession'
    | 'getLoginSession'
    | 'scanLogin'
    | 'confirmLogin'
    | 'rejectLogin'
    | 'listAuthorizations'
  > {
    return {
      createLoginSession: (call) => this.createLoginSession(call),
      getLoginSession: (call) => this.getLoginSession(call),
      scanLogin: (call) => this.scanLogin(call),
      confirmLogin: (call) => this.confirmLogin(call),
      rejectLogin: (call) => this.rejectLogin(call),
      listAuthorizations: (call) => this.listAuthorizations(call),
    };
  }

  /**
   * The portal opens a session and shows its QR; a retry with the same key gets the same one.
   * R30: `scopes` within the registration (more: VALIDATION_FAILED); left out, all it may
   * ask except `signNo`, which a portal receives only when it names it.
   */
  async createLoginSession({
    caller: portalId,
    input,
  }: OperationCall<'createLoginSession'>): Promise<LoginSession> {
    const portal = this.ctx.registry.requirePortal(portalId);
    const scopes = requireScopes(input.scopes ?? impliedScopes(portal.scopes), portal.scopes);
    const now = this.ctx.now();
    const session: LoginSessionRecord = {
      sessionId: `ls_${randomId(16)}`,
      portalId,
      scopes,
      code: toBase32(randomBytes(20)),
      state: 'pending',
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.sessions.add(session);
    return {
      sessionId: session.sessionId,
      qrText: `${LOGIN_QR_PREFIX}${session.code}`,
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  }

  /** The portal polls its session; once confirmed it gets the signed assertion. */
  async getLoginSession({
    caller: portalId,
    input,
  }: OperationCall<'getLoginSession'>): Promise<LoginSessionState> {
    const session = this.sessions.get(input.sessionId);
    if (!session || session.portalId !== portalId) {
      throw new EsscError('LOGIN_NOT_FOUND', 'No login session with this id for this portal.');
    }
    return { state: session.state, ...(session.assertion ? { assertion: session.assertion } : {}) };
  }

  /** The user scans the portal's code in a channel app and sees who asks. */
  async scanLogin({ caller: channelId, input }: OperationCall<'scanLogin'>): Promise<LoginRequest> {
    const { ctx } = this;
    ctx.registry.requireActive(channelId, input.signNo);
    const text = input.qrText.trim();
    if (!text.startsWith(LOGIN_QR_PREFIX)) {
      throw new EsscError('LOGIN_NOT_FOUND', 'This is not a portal login code.');
    }
    const session = this.sessions.byScannedCode(text.slice(LOGIN_QR_PREFIX.length));
    const requestId = `lr_${randomId(16)}`;
    this.sessions.markScanned(session, requestId, { channelId, signNo: input.signNo });
    const portal = ctx.registry.portals.get(session.portalId)!;
    return {
      requestId,
      portal: { id: portal.id, name: portal.name },
      scopes: [...session.scopes],
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  }

  /** Confirms with user verification; a wrong password leaves the session scanned. */
  async confirmLogin({ caller: channelId, input }: OperationCall<'confirmLogin'>): Promise<void> {
    const { ctx } = this;
    const session = this.sessions.byRequestOf(input.requestId, channelId, input.signNo);
    this.sessions.requireState(session, 'scanned');
    const { ecard, card, person } = ctx.registry.requireActive(channelId, input.signNo);
    const check = await ctx.verification.verifyUser(ecard, input.verification, channelId);
    const assertion = await signJwt(
      await ctx.keys.currentSigningKey(),
      {
        sub: base64urlEncode(
          await ctx.keys.mac(
            this.subjectSecret,
            utf8(`${session.portalId}\u0000${ecard.idNumber}`),
          ),
        ),
        // R30: only the consented claims; the rest stay with the platform. The sign number
        // is one of them: common to every portal, it would let two portals link a person.
        ...pick(session.scopes, {
          name: person.name,
          idNumber: ecard.idNumber,
          regionCode: card.regionCode,
          level: ecard.level,
          signNo: ecard.signNo,
        }),
        channelId,
        amr: ['password' in input.verification ? 'pwd' : 'face'],
        sid: session.sessionId,
        jti: randomId(16),
      },
      {
        issuer: PLATFORM_ISSUER,
        audience: session.portalId,
        expiresInSeconds: LOGIN_ASSERTION_TTL_SECONDS,
        typ: LOGIN_ASSERTION_TYP,
        now: ctx.now(),
      },
    );
    // The deadline may have passed while the password was checked.
    releasedOnRefusal(check, () => this.sessions.requireState(session, 'scanned'));
    check.consume();
    session.state = 'confirmed';
    session.assertion = assertion;
    const portal = ctx.registry.portals.get(session.portalId)!;
    const list = this.authorizations.get(ecard.idNumber) ?? [];
    list.push({
      portalId: portal.id,
      portalName: portal.name,
      scopes: [...session.scopes],
      at: new Date(ctx.now()).toISOString(),
    });
    this.authorizations.set(ecard.idNumber, list);
  }

  /** R30: which portal received which claims, and when; newest first, in any card status. */
  async listAuthorizations({
    caller: channelId,
    input,
  }: OperationCall<'listAuthorizations'>): Promise<Authorization[]> {
    const { registry } = this.ctx;
    const binding = registry.requireBinding(channelId, input.signNo);
    const { ecard } = registry.ecardOf(binding.signNo)!;
    return (this.authorizations.get(ecard.idNumber) ?? [])
      .map((a) => ({ ...a, scopes: [...a.scopes] }))
      .reverse();
  }

  /** The user refuses; the portal sees `rejected`. R13: not on an inactive card (CARD_INACTIVE). */
  async rejectLogin({ caller: channelId, input }: OperationCall<'rejectLogin'>): Promise<void> {
    const { ctx } = this;
    ctx.registry.requireActive(channelId, input.signNo);
    const session = this.sessions.byRequestOf(input.requestId, channelId, input.signNo);
    this.sessions.requireState(session, 'scanned');
    session.state = 'rejected';
  }
}

function pick<T extends Record<LoginScope, unknown>>(scopes: LoginScope[], claims: T): Partial<T> {
  return Object.fromEntries(scopes.map((scope) => [scope, claims[scope]])) as Partial<T>;
}
