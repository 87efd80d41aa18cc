/**
 * Random bytes on the phone: `crypto.getRandomValues` where the runtime has it, else the
 * mini-program's own `wx.getRandomValues` / `my.getRandomValues` (asynchronous). Patches
 * nothing global.
 */
import { EsscError } from '../domain/errors.js';

/** A source of cryptographically random bytes. */
export type RandomSource = (length: number) => Uint8Array | Promise<Uint8Array>;

// Free identifiers: mini-program runtimes inject these as module-scope globals.
declare const wx: unknown;
declare const my: unknown;

interface MiniProgramRandom {
  getRandomValues(options: {
    length: number;
    success(result: { randomValues: ArrayBuffer }): void;
    fail?(error: unknown): void;
  }): void;
}

function miniProgramRandom(): MiniProgramRandom | undefined {
  for (const api of [
    typeof wx === 'undefined' ? undefined : wx,
    typeof my === 'undefined' ? undefined : my,
  ]) {
    if (typeof (api as Partial<MiniProgramRandom> | undefined)?.getRandomValues === 'function') {
      return api as MiniProgramRandom;
    }
  }
  return undefined;
}

/** The runtime's random source; `UNSUPPORTED_RUNTIME` where there is none. */
export function defaultRandomSource(): RandomSource {
  const webCrypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } })
    .crypto;
  if (typeof webCrypto?.getRandomValues === 'function') {
    return (length) => webCrypto.getRandomValues!(new Uint8Array(length));
  }
  const api = miniProgramRandom();
  if (api) {
    return (length) =>
      new Promise((resolve, reject) => {
        api.getRandomValues({
          length,
          success: (result) => resolve(new Uint8Array(result.randomValues)),
          fail: reject,
        });
      });
  }
  throw new EsscError(
    'UNSUPPORTED_RUNTIME',
    'No random source here (crypto.getRandomValues, wx.getRandomValues or my.getRandomValues): pass { random } to createOfflineCodes.',
  );
}
