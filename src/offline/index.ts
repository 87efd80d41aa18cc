/**
 * `essc-sdk/offline`: offline codes (离线码, R39–R40) made on the phone with no network — for
 * the hospital basement, the pharmacy queue and the metro gate. Pure JS (no WebCrypto, no
 * fetch, no eval): it loads in a WeChat or Alipay mini-program. Acceptors verify the codes with
 * `createQrVerifier({ jwks, statusList })` from `essc-sdk/acceptor`.
 *
 * @example
 * ```ts
 * import { createOfflineCodes, miniProgramStorage } from 'essc-sdk/offline';
 *
 * const offline = createOfflineCodes({ client, storage: miniProgramStorage(wx) });
 * await offline.provision({ signNo, verification: { password } });
 * const qr = await offline.issueCode({ signNo });
 * ```
 *
 * @packageDocumentation
 */
export {
  createOfflineCodes,
  OFFLINE_STORAGE_KEY,
  type OfflineClient,
  type OfflineCodes,
  type OfflineCodesOptions,
  type OfflineCredentialInfo,
} from './offline-codes.js';
export type { RandomSource } from './random.js';
export {
  createMemoryStorage,
  miniProgramStorage,
  type OfflineStorage,
  webStorage,
} from './storage.js';
