/**
 * Where the phone keeps its offline credentials and their private keys: a small get/set/remove
 * of strings, so `wx` storage, `localStorage` or memory all fit.
 */

/**
 * A string store. Methods may answer at once or with a promise.
 *
 * What it protects the private key from is what the storage protects it from: a mini-program's
 * storage is private to the mini-program and the user on that phone, `localStorage` to the
 * origin. Neither protects it from a rooted or jail-broken phone, or from the app itself; a
 * credential lives at most 7 days and is revoked with the binding, the card or the password
 * (R42), which bounds what a copied key can do.
 *
 * @example
 * ```ts
 * const storage: OfflineStorage = {
 *   get: (key) => wx.getStorageSync(key) || undefined,
 *   set: (key, value) => wx.setStorageSync(key, value),
 *   remove: (key) => wx.removeStorageSync(key),
 * };
 * ```
 */
export interface OfflineStorage {
  /** The string kept under `key`, or nothing (`undefined`, `null` or `''`). */
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  /** Keeps `value` under `key`. */
  set(key: string, value: string): void | Promise<void>;
  /** Forgets `key`. */
  remove(key: string): void | Promise<void>;
}

/**
 * A storage in memory: for tests, and for a session that should forget its keys when it ends.
 *
 * @example
 * ```ts
 * const offline = createOfflineCodes({ client, storage: createMemoryStorage() });
 * ```
 */
export function createMemoryStorage(): OfflineStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}

/**
 * The storage of a web page: `localStorage` (or `sessionStorage`) as an {@link OfflineStorage}.
 *
 * @example
 * ```ts
 * const offline = createOfflineCodes({ client, storage: webStorage(localStorage) });
 * ```
 */
export function webStorage(store: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}): OfflineStorage {
  return {
    get: (key) => store.getItem(key),
    set: (key, value) => store.setItem(key, value),
    remove: (key) => store.removeItem(key),
  };
}

/**
 * A mini-program's storage (its synchronous calls) as an {@link OfflineStorage}: WeChat's `wx`
 * (the default), or Alipay's `my` with `'my'` (its calls take one `{ key, data }` object).
 *
 * @example
 * ```ts
 * const offline = createOfflineCodes({ client, storage: miniProgramStorage(wx) });
 * const onAlipay = createOfflineCodes({ client, storage: miniProgramStorage(my, 'my') });
 * ```
 */
export function miniProgramStorage(
  api: {
    getStorageSync(key: never): unknown;
    setStorageSync(key: never, data?: never): unknown;
    removeStorageSync(key: never): unknown;
  },
  runtime: 'wx' | 'my' = 'wx',
): OfflineStorage {
  const call = api as unknown as Record<string, (...args: unknown[]) => unknown>;
  const wx = runtime === 'wx';
  return {
    get: (key) => {
      const got = wx
        ? call.getStorageSync!(key)
        : (call.getStorageSync!({ key }) as { data?: unknown } | undefined)?.data;
      return typeof got === 'string' && got !== '' ? got : undefined;
    },
    set: (key, value) => {
      if (wx) call.setStorageSync!(key, value);
      else call.setStorageSync!({ key, data: value });
    },
    remove: (key) => {
      call.removeStorageSync!(wx ? key : { key });
    },
  };
}
