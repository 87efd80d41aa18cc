/**
 * The user's session with the channel backend: a bearer token, kept in storage.
 *
 * DEMO: it signs in with a random user id made on this device (the channel backend example's
 * `POST /session` believes it). A real mini-program calls `wx.login()` and sends the `code`;
 * the backend trades it for the user's openid (code2Session) and answers its own session
 * token. Only the backend ever sees the openid → session mapping.
 */
import { callBackend } from './backend';

interface Session {
  token: string;
  channelUserId: string;
}

const SESSION_KEY = 'essc:session';
const DEMO_USER_KEY = 'essc:demo-user';

let signingIn: Promise<Session> | undefined;

function stored(): Session | undefined {
  const value = wx.getStorageSync(SESSION_KEY) as Session | '';
  return value && typeof value.token === 'string' ? value : undefined;
}

function demoUserId(): string {
  let id = wx.getStorageSync(DEMO_USER_KEY) as string;
  if (!id) {
    id = `demo-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    wx.setStorageSync(DEMO_USER_KEY, id);
  }
  return id;
}

/** The session, signing in first when there is none (one sign-in at a time). */
export async function session(): Promise<Session> {
  const current = stored();
  if (current) return current;
  if (!signingIn) {
    signingIn = callBackend<Session>('POST', '/session', { body: { userId: demoUserId() } })
      .then((signedIn) => {
        wx.setStorageSync(SESSION_KEY, signedIn);
        return signedIn;
      })
      .finally(() => {
        signingIn = undefined;
      });
  }
  return signingIn;
}

/** Forgets the session (the backend refused it): the next call signs in again. */
export function forgetSession(): void {
  wx.removeStorageSync(SESSION_KEY);
}
