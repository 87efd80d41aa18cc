/**
 * Calls to the channel backend's own JSON routes (sign-in, the face-check stub, my cards),
 * as promises over `wx.request`. The e-card flows themselves go through the SDK's relay
 * adapter (utils/essc.ts), not through here.
 */
import { ERROR_CODES, type ErrorCode, EsscError } from 'essc-sdk';
import { BACKEND_URL } from './config';

/**
 * A refusal of the backend as the SDK's error: its routes answer in the relay's error form
 * (`{ error: { code, message } }`), so the pages show it like any other (`userMessage`). A code
 * the SDK does not know reads as the backend failing.
 */
function backendError(status: number, code: string | undefined, message: string): EsscError {
  const known = (ERROR_CODES as readonly string[]).includes(code ?? '')
    ? (code as ErrorCode)
    : undefined;
  return new EsscError(known ?? (status ? 'PLATFORM_UNAVAILABLE' : 'NETWORK'), message, {
    ...(status ? { statusCode: status } : {}),
  });
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
          backendError(res.statusCode, error?.code, error?.message ?? `HTTP ${res.statusCode}`),
        );
      },
      fail: (err) => reject(backendError(0, undefined, err.errMsg)),
    });
  });
}
