import { describe, expect, it } from 'vitest';
import { createClient, type EsscClient } from '../../src/client/client.js';
import { type EsscError, isEsscError } from '../../src/domain/errors.js';
import { idNumberCheckChar } from '../../src/domain/id-number.js';
import { callsTo, SIGN_NO, spyAdapter } from './helpers.js';

const ID_NUMBER = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
const APPLICATION = {
  channelUserId: 'wx-openid-1',
  name: '张三',
  idNumber: ID_NUMBER,
  realPerson: 'rp_proof',
  password: '258046',
};
const PASSWORD = { password: '258046' };

/** Every call that takes a member id (R32), with `memberId`. */
function memberIdCalls(
  memberId: string,
): [what: string, call: (client: EsscClient) => Promise<unknown>][] {
  return [
    ['issueQr', (c) => c.issueQr({ signNo: SIGN_NO, memberId })],
    [
      'query',
      (c) => c.query({ signNo: SIGN_NO, topic: 'insurance', verification: PASSWORD, memberId }),
    ],
    [
      'removeFamilyMember',
      (c) => c.removeFamilyMember({ signNo: SIGN_NO, memberId, verification: PASSWORD }),
    ],
    ['getCertification', (c) => c.getCertification({ signNo: SIGN_NO, memberId })],
    ['certify', (c) => c.certify({ signNo: SIGN_NO, realPerson: 'rp_proof', memberId })],
  ];
}

/** Calls with one bad field each, and the field the error must name. */
const BAD_CALLS: [what: string, field: string, call: (client: EsscClient) => Promise<unknown>][] = [
  [
    'apply with a mistyped ID number',
    'idNumber',
    (c) =>
      c.apply({
        ...APPLICATION,
        idNumber: `${ID_NUMBER.slice(0, 17)}${ID_NUMBER.endsWith('0') ? '1' : '0'}`,
      }),
  ],
  ['apply with a one-character name', 'name', (c) => c.apply({ ...APPLICATION, name: '张' })],
  [
    'apply with an empty real-person proof',
    'realPerson',
    (c) => c.apply({ ...APPLICATION, realPerson: '' }),
  ],
  [
    'apply with a five-digit password',
    'password',
    (c) => c.apply({ ...APPLICATION, password: '25804' }),
  ],
  [
    'apply with an empty channel user id',
    'channelUserId',
    (c) => c.apply({ ...APPLICATION, channelUserId: '  ' }),
  ],
  [
    'apply with an unknown field',
    'extra',
    (c) => c.apply({ ...APPLICATION, extra: 1 } as typeof APPLICATION),
  ],
  [
    'getCard with a lower-case sign number',
    'signNo',
    (c) => c.getCard({ signNo: SIGN_NO.toLowerCase() }),
  ],
  [
    'unbind with no verification',
    'verification',
    (c) => c.unbind({ signNo: SIGN_NO, verification: {} as typeof PASSWORD }),
  ],
  [
    'unbind with both a password and a proof',
    'verification',
    (c) =>
      c.unbind({
        signNo: SIGN_NO,
        verification: { password: '258046', realPerson: 'rp' } as typeof PASSWORD,
      }),
  ],
  [
    'changePassword with a malformed old password',
    'oldPassword',
    (c) => c.changePassword({ signNo: SIGN_NO, oldPassword: '25804a', newPassword: '739164' }),
  ],
  [
    'changePassword with a short sign number',
    'signNo',
    (c) => c.changePassword({ signNo: 'SN1', oldPassword: '258046', newPassword: '739164' }),
  ],
  [
    'resetPassword with an empty proof',
    'realPerson',
    (c) => c.resetPassword({ signNo: SIGN_NO, realPerson: '', newPassword: '739164' }),
  ],
  [
    'enablePayment with a malformed password',
    'verification',
    (c) => c.enablePayment({ signNo: SIGN_NO, verification: { password: '2580' } }),
  ],
  [
    'issueQr with an unknown purpose',
    'purpose',
    (c) => c.issueQr({ signNo: SIGN_NO, purpose: 'pay' as 'payment' }),
  ],
  [
    'scanLogin with blank scanned text',
    'qrText',
    (c) => c.scanLogin({ signNo: SIGN_NO, qrText: '   ' }),
  ],
  [
    'confirmLogin with an empty request id',
    'requestId',
    (c) => c.confirmLogin({ signNo: SIGN_NO, requestId: '', verification: PASSWORD }),
  ],
  [
    'rejectLogin with a too long request id',
    'requestId',
    (c) => c.rejectLogin({ signNo: SIGN_NO, requestId: 'r'.repeat(129) }),
  ],
  ...memberIdCalls('m'.repeat(65)).map(
    ([what, call]) =>
      [`${what} with a 65-character member id`, 'memberId', call] as (typeof BAD_CALLS)[number],
  ),
  [
    'getCard with no input at all',
    '(input)',
    (c) => c.getCard(undefined as unknown as { signNo: string }),
  ],
];

async function refusal(call: Promise<unknown>): Promise<EsscError<'VALIDATION_FAILED'>> {
  const error = await call.then(
    () => expect.unreachable('the call was accepted'),
    (e: unknown) => e,
  );
  expect(isEsscError(error, 'VALIDATION_FAILED'), String(error)).toBe(true);
  return error as EsscError<'VALIDATION_FAILED'>;
}

describe('the client validates every input before the adapter sees it', () => {
  it.each(BAD_CALLS)('%s is VALIDATION_FAILED naming %s', async (_, field, call) => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const requests: unknown[] = [];
    client.on('request', (event) => requests.push(event));

    const error = await refusal(call(client));

    const fields = error.details.issues.map((issue) => issue.path[0] ?? '(input)');
    expect(fields).toContain(field);
    expect(error.retryable).toBe(false);
    expect(callsTo(adapter)).toBe(0);
    expect(requests).toEqual([]);
  });

  it.each(memberIdCalls('m'.repeat(64)))(
    '%s takes a member id of 64 characters, the wire’s limit, to the adapter',
    async (_, call) => {
      const adapter = spyAdapter();
      await call(createClient({ adapter }));
      expect(callsTo(adapter)).toBe(1);
    },
  );

  it('names every bad field of one call at once', async () => {
    const client = createClient({ adapter: spyAdapter() });
    const error = await refusal(
      client.apply({ ...APPLICATION, name: '张', idNumber: '123', password: '1' }),
    );
    expect(error.details.issues.map((issue) => issue.path[0]).sort()).toEqual([
      'idNumber',
      'name',
      'password',
    ]);
  });

  it('sends what users type with Chinese input methods in canonical form', async () => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const fullWidth = (s: string) =>
      s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    await client.apply({
      ...APPLICATION,
      name: ' 买买提•艾力 ',
      idNumber: ` ${fullWidth(ID_NUMBER)} `,
      password: fullWidth('258046'),
    });
    expect(adapter.apply).toHaveBeenCalledWith(
      expect.objectContaining({ name: '买买提·艾力', idNumber: ID_NUMBER, password: '258046' }),
      expect.anything(),
    );
  });

  it('never repeats a password it refuses in the error', async () => {
    const client = createClient({ adapter: spyAdapter() });
    const error = await refusal(client.apply({ ...APPLICATION, password: '25804x' }));
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('25804x');
  });
});
