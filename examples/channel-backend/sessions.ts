/**
 * The demo's sign-in: a random bearer token per sign-in, kept in memory.
 *
 * A real channel has its own login and uses it here instead: a WeChat mini-program sends the
 * code of `wx.login` and the backend trades it for the user's openid (`code2Session`), an
 * Alipay one does the same with `my.getAuthCode`, an app checks its own session cookie. What
 * the relay needs from any of them is one stable id per user: the `channelUserId`.
 */
import { randomBytes } from 'node:crypto';
import { channelUserIdSchema } from 'essc-sdk';

/** A signed-in user of the channel. */
export interface Session {
  /** The channel's id for the user, the only one they may apply with. */
  channelUserId: string;
  /** When the session ends, in milliseconds since the epoch. */
  expiresAt: number;
}

/** How long a demo session lasts. */
const SESSION_TTL_MS = 2 * 60 * 60 * 1000;

/**
 * Bearer tokens → users. Tokens are 192 random bits; nothing here is persisted, so a restart
 * signs everyone out.
 */
export class DemoSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Signs a user in by the id they claim. This is the part a real channel replaces: it
   * believes whoever asks, which only a demo may do.
   */
  signIn(userId: unknown): { token: string; channelUserId: string } | undefined {
    const parsed = channelUserIdSchema.safeParse(userId);
    if (!parsed.success) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, {
      channelUserId: parsed.data,
      expiresAt: this.now() + SESSION_TTL_MS,
    });
    return { token, channelUserId: parsed.data };
  }

  /** The user of an `authorization: Bearer <token>` header, if the session is still on. */
  userOf(authorization: string | null): Session | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }
}
