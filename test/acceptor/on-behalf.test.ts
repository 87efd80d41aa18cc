import { describe, expect, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { freshIdNumber } from '../../src/testing/people.js';
import { demoWithCard, PASSWORD, SUITES, ZHANG } from './fixtures.js';

for (const suite of SUITES) {
  describe(`createQrVerifier: a code shown on behalf by a family member (R32) (${suite} suite)`, () => {
    it("tells the desk it is the member's card, shown on behalf, with the relation", async () => {
      const demo = await demoWithCard({ suite });
      const mother = {
        name: '王秀英',
        idNumber: freshIdNumber({ district: '310115', birthDate: '19540302' }),
      };
      demo.platform.addPerson({ ...mother, regionCode: '310100' });
      const member = await demo.client.addFamilyMember({
        signNo: demo.signNo,
        relation: 'parent',
        ...mother,
        verification: { password: PASSWORD },
        memberProof: demo.platform.realPersonProof(mother.idNumber),
      });
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const qr = await demo.client.issueQr({ signNo: demo.signNo, memberId: member.memberId });
      const verified = await verifier.verify(qr.text);
      expect(verified).toMatchObject({
        purpose: 'identity',
        holderName: '王*',
        regionCode: '310100',
        channelId: 'wechat',
        onBehalf: { relation: 'parent' },
      });
      const own = await verifier.verify((await demo.client.issueQr({ signNo: demo.signNo })).text);
      expect(own.onBehalf).toBeUndefined();
      expect(own.holderName).toBe(`${Array.from(ZHANG.name)[0]}*`);
      expect(own.cardRef).not.toBe(verified.cardRef);
      // The member's card has no e-card: its reference still answers the online check.
      const online = createQrVerifier({
        jwks: await demo.platform.jwks(),
        now: demo.clock.now,
        statusCheck: demo.platform.cardStatusCheck(),
      });
      const again = await demo.client.issueQr({ signNo: demo.signNo, memberId: member.memberId });
      expect((await online.verify(again.text, { online: true })).onlineChecked).toBe(true);
    });
  });
}
