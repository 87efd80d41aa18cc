/**
 * Calls to the channel backend's own JSON routes (sign-in, the face-check stub, my cards),
 * as promises over `my.request`. The e-card flows themselves go through the SDK's relay
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
        new BackendError(
          status,
          error?.code ?? (status ? 'PLATFORM_UNAVAILABLE' : 'NETWORK'),
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
