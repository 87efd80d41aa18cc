/**
 * Calls to the channel backend's own JSON routes (sign-in, the face-check stub, my cards),
 * as promises over `wx.request`. The e-card flows themselves go through the SDK's relay
 * adapter (utils/essc.ts), not through here.
 */
import { BACKEND_URL } from './config';

/** A refusal of the backend, with the code it sent (`CHANNEL_UNAUTHORIZED`, …). */
export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export function callBackend<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: object; token?: string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    wx.request({
      url: `${BACKEND_URL}${path}`,
      method,
      header: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body ? { data: JSON.stringify(options.body) } : {}),
      dataType: 'json',
      success: (res) => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          resolve(res.data as T);
          return;
        }
        const error = (res.data as { error?: { code?: string; message?: string } })?.error;
        reject(
          new BackendError(
            res.statusCode,
            error?.code ?? 'PLATFORM_UNAVAILABLE',
            error?.message ?? `HTTP ${res.statusCode}`,
          ),
        );
      },
      fail: (err) => reject(new BackendError(0, 'NETWORK', err.errMsg)),
    });
  });
}
