/**
 * The user's session with the channel backend: a bearer token, kept in storage.
 *
 * DEMO: it signs in with a random user id made on this device (the channel backend example's
 * `POST /session` believes it). A real Alipay mini-program calls `my.getAuthCode()` and sends
 * the `authCode`; the backend trades it for the user's id (alipay.system.oauth.token) and
 * answers its own session token.
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
  const value = my.getStorageSync({ key: SESSION_KEY }).data as Session | null | undefined;
  return value && typeof value.token === 'string' ? value : undefined;
}

function demoUserId(): string {
  let id = my.getStorageSync({ key: DEMO_USER_KEY }).data as string | null | undefined;
  if (!id) {
    id = `demo-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    my.setStorageSync({ key: DEMO_USER_KEY, data: id });
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
        my.setStorageSync({ key: SESSION_KEY, data: signedIn });
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
  my.removeStorageSync({ key: SESSION_KEY });
}
