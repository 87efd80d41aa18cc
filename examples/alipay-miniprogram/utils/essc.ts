/**
 * The e-card client of this mini-program, created once. It talks to the channel backend's
 * relay over `my.request`: the channel key stays on the backend, and passwords and
 * real-person proofs travel only inside TLS to it.
 */
import { createClient, type EsscClient } from 'essc-sdk';
import { createMyTransport, createRelayAdapter } from 'essc-sdk/miniprogram';
import { createOfflineCodes, miniProgramStorage, type OfflineCodes } from 'essc-sdk/offline';
import { callBackend } from './backend';
import { BACKEND_URL } from './config';
import { session } from './session';

let client: EsscClient | undefined;

export function essc(): EsscClient {
  if (!client) {
    client = createClient({
      adapter: createRelayAdapter({
        url: `${BACKEND_URL}/relay`,
        channelId: 'alipay',
        transport: createMyTransport(my),
        headers: async () => ({ authorization: `Bearer ${(await session()).token}` }),
      }),
    });
  }
  return client;
}

let offline: OfflineCodes | undefined;

/**
 * The phone's offline codes (离线码, R40): provisioned online with the password, then made here
 * with no network. The device key stays in my storage (Alipay's `{ key, data }` calls).
 */
export function offlineCodes(): OfflineCodes {
  offline ??= createOfflineCodes({ client: essc(), storage: miniProgramStorage(my, 'my') });
  return offline;
}

const SIGN_NO_KEY = 'essc:signNo';

/** The e-card this user holds in this mini-program, as remembered on the device. */
export function rememberedSignNo(): string | undefined {
  return (my.getStorageSync({ key: SIGN_NO_KEY }).data as string | null) || undefined;
}

export function rememberSignNo(signNo: string): void {
  my.setStorageSync({ key: SIGN_NO_KEY, data: signNo });
}

export function forgetSignNo(): void {
  my.removeStorageSync({ key: SIGN_NO_KEY });
}

/**
 * The user's e-card: the one remembered on the device, else the one the backend knows
 * (a new phone, cleared storage). `undefined`: the user has none yet.
 */
export async function mySignNo(): Promise<string | undefined> {
  const remembered = rememberedSignNo();
  if (remembered) return remembered;
  const { token } = await session();
  const me = await callBackend<{ cards: { signNo: string; bound: boolean }[] }>('GET', '/me', {
    token,
  });
  const bound = me.cards.find((card) => card.bound);
  if (bound) rememberSignNo(bound.signNo);
  return bound?.signNo;
}
