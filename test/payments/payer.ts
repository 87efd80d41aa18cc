/**
 * A level-2 holder on a fresh `MockPlatform`, bound in channel `wechat`, for the payment tests
 * that drive one platform by hand (the conformance suite has its own, `payer` in
 * src/testing/cases/settlement.ts): the region enabled, the person added with an active bank
 * account, applied, payment enabled; `code()` issues a fresh payment code.
 */
import { createClient } from '../../src/client/client.js';
import type { MockPlatform } from '../../src/mock/index.js';
import { freshIdNumber, freshName, PASSWORD } from '../../src/testing/people.js';

export const REGION = '440100';

export async function levelTwoPayer(platform: MockPlatform) {
  platform.enableRegion(REGION);
  platform.registerChannel({ id: 'wechat', name: '微信' });
  const idNumber = freshIdNumber({ district: '440106' });
  const name = freshName();
  platform.addPerson({ name, idNumber, regionCode: REGION, bankAccountActive: true });
  const wechat = createClient({ adapter: platform.adapter('wechat') });
  const { signNo } = await wechat.apply({
    channelUserId: 'u1',
    name,
    idNumber,
    realPerson: platform.realPersonProof(idNumber),
    password: PASSWORD,
  });
  const verification = { password: PASSWORD };
  await wechat.enablePayment({ signNo, verification });
  const code = async () =>
    (await wechat.issueQr({ signNo, purpose: 'payment', verification })).text;
  return { idNumber, signNo, code };
}
