/**
 * The http adapters' base URL: a user name or password in it is refused when the adapter is
 * made (VALIDATION_FAILED naming `baseUrl`), not silently dropped from every request — the
 * caller is known by its signing key (R19), and the message does not repeat the secret.
 */
import { describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import {
  createHttpAdapter,
  createHttpMerchantAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from '../../src/http/index.js';

const { privateJwk } = await generateCallerKeyPair('EdDSA');

const makers = {
  channel: (baseUrl: string) =>
    createHttpAdapter({ baseUrl, channelId: 'wechat', channelKey: privateJwk }),
  merchant: (baseUrl: string) =>
    createHttpMerchantAdapter({ baseUrl, merchantId: 'GZ-HOSP-1', merchantKey: privateJwk }),
  portal: (baseUrl: string) =>
    createHttpPortalAdapter({ baseUrl, portalId: 'gov-portal', portalKey: privateJwk }),
};

function refusal(make: () => unknown): { code: string; message: string; field?: unknown } | 'made' {
  try {
    make();
  } catch (error) {
    if (!isEsscError(error)) throw error;
    return {
      code: error.code,
      message: error.message,
      field: (error.details as { issues?: { path: unknown[] }[] } | undefined)?.issues?.[0]?.path,
    };
  }
  return 'made';
}

describe.each(Object.entries(makers))('the %s adapter', (_, make) => {
  it.each([
    'https://essc:s3cr3t-pw@platform.example.cn/gw',
    'https://only-user@platform.example.cn',
    'http://:s3cr3t-pw@127.0.0.1:8080',
  ])('refuses %s, naming baseUrl, without repeating it', (baseUrl) => {
    const refused = refusal(() => make(baseUrl));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', field: ['baseUrl'] });
    expect(JSON.stringify(refused)).not.toContain('s3cr3t');
    expect(JSON.stringify(refused)).not.toContain('only-user');
  });

  it('takes a base URL without them', () => {
    expect(refusal(() => make('https://platform.example.cn/gw'))).toBe('made');
  });
});
