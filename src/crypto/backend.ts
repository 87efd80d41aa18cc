/**
 * Private: picks the primitive provider of the crypto module. On Node the built-in
 * `node:crypto` is about 2–3× faster than WebCrypto for Ed25519 (see TOOLCHAIN.md), so it is
 * preferred; everywhere else WebCrypto is used. `node:crypto` is reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) instead of a static import, so that bundlers for
 * browsers never see the specifier.
 *
 * @internal
 */
import type * as NodeCryptoModule from 'node:crypto';
import { EsscError } from '../domain/errors.js';

/** The `node:crypto` module's type. */
export type NodeCrypto = typeof NodeCryptoModule;

/** Which provider performs the primitives. */
export type CryptoBackend = 'node' | 'web';

let forced: CryptoBackend | undefined;
let nodeLookedUp = false;
let nodeModule: NodeCrypto | undefined;

/** `node:crypto` when this runtime offers it, else `undefined`. Looked up once. */
export function getNodeCrypto(): NodeCrypto | undefined {
  if (!nodeLookedUp) {
    nodeLookedUp = true;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
        .process;
      const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
      // A partial polyfill (some bundlers stub `process`) must not be mistaken for Node.
      nodeModule =
        typeof mod?.sign === 'function' && typeof mod.createPrivateKey === 'function'
          ? mod
          : undefined;
    } catch {
      nodeModule = undefined;
    }
  }
  return nodeModule;
}

/** WebCrypto's `SubtleCrypto` when present, else `undefined`. */
export function getSubtle(): SubtleCrypto | undefined {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  return c?.subtle ?? undefined;
}

/**
 * Forces a backend (tests compare both paths on Node); `undefined` restores auto-selection.
 *
 * @internal
 * @example
 * ```ts
 * _setBackend('web'); // exercise the browser path on Node
 * _setBackend(undefined);
 * ```
 */
export function _setBackend(backend: CryptoBackend | undefined): void {
  forced = backend;
}

/** The backend in use; throws `UNSUPPORTED_RUNTIME` when there is none. */
export function activeBackend(): CryptoBackend {
  if (forced !== 'web' && getNodeCrypto()) return 'node';
  if (forced !== 'node' && getSubtle()) return 'web';
  throw new EsscError(
    'UNSUPPORTED_RUNTIME',
    forced
      ? `The forced crypto backend "${forced}" is not available in this runtime.`
      : 'Neither node:crypto nor WebCrypto (crypto.subtle) is available in this runtime.',
  );
}

/** `node:crypto`, or `UNSUPPORTED_RUNTIME`. */
export function requireNode(): NodeCrypto {
  const mod = getNodeCrypto();
  if (!mod) throw new EsscError('UNSUPPORTED_RUNTIME', 'node:crypto is not available.');
  return mod;
}

/** WebCrypto, or `UNSUPPORTED_RUNTIME`. */
export function requireSubtle(): SubtleCrypto {
  const s = getSubtle();
  if (!s) throw new EsscError('UNSUPPORTED_RUNTIME', 'WebCrypto (crypto.subtle) is not available.');
  return s;
}

/**
 * A view WebCrypto accepts: TS types `BufferSource` as backed by a plain `ArrayBuffer`, so a
 * view over a `SharedArrayBuffer` is copied.
 */
export function bufferSource(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer
    ? (data as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(data) as Uint8Array<ArrayBuffer>);
}
