/**
 * Calls to the channel backend's own JSON routes (sign-in, the face-check stub, my cards),
 * as promises over `my.request`. The e-card flows themselves go through the SDK's relay
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

interface Answer {
  status?: number;
  data?: unknown;
  error?: number;
  errorMessage?: string;
}

export function callBackend<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: object; token?: string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Alipay hands an HTTP error status to `fail` (error 19), with the answer when it has one.
    const refuse = (answer: Answer) => {
      const error = (answer.data as { error?: { code?: string; message?: string } } | undefined)
        ?.error;
      const status = answer.status ?? 0;
      reject(
        backendError(
          status,
          error?.code,
          error?.message ?? answer.errorMessage ?? `HTTP ${status}`,
        ),
      );
    };
    my.request({
      url: `${BACKEND_URL}${path}`,
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body ? { data: JSON.stringify(options.body) } : {}),
      dataType: 'json',
      success: (res) => {
        if (res.status >= 200 && res.status < 300) resolve(res.data as T);
        else refuse(res);
      },
      fail: (err) => refuse(err as Answer),
    });
  });
}
