import { EsscError } from '../domain/errors.js';
import type { LoginScope, LoginState } from '../domain/types.js';

/** One scan-to-login session (R17). */
export interface LoginSessionRecord {
  sessionId: string;
  portalId: string;
  /** The claims the portal asks for (R30), within its registration. */
  scopes: LoginScope[];
  /** The random code in the portal's QR; distinct from the session id the portal polls with. */
  code: string;
  state: LoginState;
  createdAt: number;
  expiresAt: number;
  /** Set when a channel scans the code. */
  requestId?: string;
  scannedBy?: { channelId: string; signNo: string };
  /** The platform-signed identity assertion, once confirmed. */
  assertion?: string;
}

/**
 * The login sessions and their state machine: `pending` → `scanned` → `confirmed` |
 * `rejected`, and `expired` once the deadline passes before a final state. Rule checks that
 * need the card (status, user verification) stay in the engine.
 */
export class LoginSessions {
  private readonly byId = new Map<string, LoginSessionRecord>();
  private readonly byCode = new Map<string, string>();
  private readonly byRequest = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  add(session: LoginSessionRecord): void {
    this.sweep();
    this.byId.set(session.sessionId, session);
    this.byCode.set(session.code, session.sessionId);
  }

  /** The session with its state brought up to date (a deadline passed means `expired`). */
  get(sessionId: string): LoginSessionRecord | undefined {
    const session = this.byId.get(sessionId);
    if (session) this.expireIfDue(session);
    return session;
  }

  byScannedCode(code: string): LoginSessionRecord {
    const id = this.byCode.get(code);
    const session = id === undefined ? undefined : this.get(id);
    if (!session) throw new EsscError('LOGIN_NOT_FOUND', 'No login session matches this code.');
    return session;
  }

  /** The session a channel scanned; another channel's or card's request is not found. */
  byRequestOf(requestId: string, channelId: string, signNo: string): LoginSessionRecord {
    const id = this.byRequest.get(requestId);
    const session = id === undefined ? undefined : this.get(id);
    if (
      !session ||
      session.scannedBy?.channelId !== channelId ||
      session.scannedBy.signNo !== signNo
    ) {
      throw new EsscError(
        'LOGIN_NOT_FOUND',
        'No login request with this id for this card in this channel.',
      );
    }
    return session;
  }

  markScanned(
    session: LoginSessionRecord,
    requestId: string,
    by: { channelId: string; signNo: string },
  ) {
    this.requireState(session, 'pending');
    session.state = 'scanned';
    session.requestId = requestId;
    session.scannedBy = by;
    this.byRequest.set(requestId, session.sessionId);
  }

  requireState(session: LoginSessionRecord, state: LoginState): void {
    if (session.state === 'expired') {
      throw new EsscError(
        'LOGIN_EXPIRED',
        'The login code expired; refresh it on the portal and scan again.',
      );
    }
    if (session.state !== state) {
      throw new EsscError('LOGIN_STATE', `The login session is ${session.state}, not ${state}.`);
    }
  }

  private expireIfDue(session: LoginSessionRecord): void {
    if (
      (session.state === 'pending' || session.state === 'scanned') &&
      this.now() >= session.expiresAt
    ) {
      session.state = 'expired';
    }
  }

  /** Forgets sessions well past their deadline, so memory follows live traffic only. */
  private sweep(): void {
    const horizon = this.now() - 10 * 60 * 1000;
    // Sessions are kept in opening order with one lifetime, so the forgettable ones come
    // first: stop at the first live one rather than scan every session on every open.
    for (const [id, session] of this.byId) {
      if (session.expiresAt > horizon) break;
      this.byId.delete(id);
      this.byCode.delete(session.code);
      if (session.requestId) this.byRequest.delete(session.requestId);
    }
  }
}
