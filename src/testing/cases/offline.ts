import { expect, type TestContext } from 'vitest';
import { createQrVerifier } from '../../acceptor/qr-verifier.js';
import { decode as b64Decode } from '../../crypto/base64url.js';
import type { DevicePublicKey } from '../../domain/offline.js';
import type { QrPurpose } from '../../domain/types.js';
import { generateDeviceKey, signWithDeviceKey } from '../../offline/device-key.js';
import {
  createOfflineCodes,
  OFFLINE_STORAGE_KEY,
  type OfflineCodes,
} from '../../offline/offline-codes.js';
import { createMemoryStorage, type OfflineStorage } from '../../offline/storage.js';
import { encodeOfflineCode, offlineCodeText } from '../../qr/offline-codec.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';
import { addMember, holderIn } from './family.js';
import { requireMerchants } from './settlement.js';

const verification = { password: PASSWORD };
/** QR version 11 at level M, alphanumeric (R40). */
const QR_V11_M_ALPHANUMERIC = 362;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The platform's suite, from its keys: an SM2 platform certifies SM2 device keys (R34). */
async function suiteOf(w: World): Promise<'jose' | 'sm'> {
  return (await w.admin.jwks()).keys.some((k) => k.crv === 'SM2') ? 'sm' : 'jose';
}

/** A fresh device public key of the platform's suite (or of the other one). */
export async function devicePublicKey(w: World, otherSuite = false): Promise<DevicePublicKey> {
  const sm = ((await suiteOf(w)) === 'sm') !== otherSuite;
  const { publicJwk } = await generateDeviceKey(sm ? 'SM2' : 'Ed25519', (n) =>
    crypto.getRandomValues(new Uint8Array(n)),
  );
  return publicJwk as DevicePublicKey;
}

/**
 * A phone of channel `channelId` with its own storage, on the target's clock (or one `aheadMs`
 * ahead of it); its holder confirms every payment code (the app's PIN or biometrics).
 */
async function phone(
  w: World,
  channelId = w.a,
  storage: OfflineStorage = createMemoryStorage(),
  aheadMs = 0,
): Promise<OfflineCodes> {
  return createOfflineCodes({
    client: w.client(channelId),
    storage,
    suite: await suiteOf(w),
    now: () => w.target.now() + aheadMs,
    confirmPayment: async () => true,
  });
}

/**
 * A code the phone's own key signs with the times it chooses (a device that does not follow
 * R40: a lifetime above 60 s), from the newest credential in `storage`.
 */
async function deviceMadeCode(
  storage: OfflineStorage,
  code: { purpose: QrPurpose; issuedAt: number; ttl: number },
): Promise<string> {
  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const { entries } = JSON.parse((await storage.get(OFFLINE_STORAGE_KEY))!);
  const entry = entries[entries.length - 1];
  const unsigned = encodeOfflineCode(
    { ...code, expiresAt: code.issuedAt + code.ttl, nonce: random(8) },
    b64Decode(entry.credential.credential),
  );
  const signature = await signWithDeviceKey(entry.key, unsigned, random);
  const signed = new Uint8Array(unsigned.length + signature.length);
  signed.set(unsigned);
  signed.set(signature, unsigned.length);
  return offlineCodeText(signed);
}

/** An acceptor's verifier with the platform's status list, on the target's clock. */
function desk(w: World, context: TestContext) {
  const statusList = w.admin.statusList?.bind(w.admin);
  if (!statusList) return context.skip('the target admin has no statusList(): R41 needs it');
  return async () =>
    createQrVerifier({ jwks: await w.admin.jwks(), statusList, now: () => w.target.now() });
}

/** A level-2 holder in channel A. */
async function payer(w: World) {
  const person = await w.person({ bankAccountActive: true, bankBalance: 100_000 });
  const { signNo } = await w.apply(person, w.a);
  await w.client(w.a).enablePayment({ signNo, verification });
  return { person, signNo };
}

/** Asserts that a fresh desk refuses the phone's identity code as revoked (R42). */
async function revokedAtDesk(
  w: World,
  context: TestContext,
  offline: OfflineCodes,
  signNo: string,
) {
  const verifier = await desk(w, context)();
  await w.refused(
    verifier.verify((await offline.issueCode({ signNo })).text),
    'CREDENTIAL_REVOKED',
  );
}

export const offline: CaseGroup = {
  title: 'offline codes and the status list (R39–R42)',
  cases: [
    conformanceCase(
      'R40',
      'made-offline-verified-at-desk',
      'a code made with no adapter call verifies offline at a desk (offline: true), lives 60 s and fits QR version 11-M',
      async (w, context) => {
        const { person, signNo } = await holderIn(w);
        const offline = await phone(w);
        const credential = await offline.provision({ signNo, verification });
        expect(credential.purposes).toEqual(['identity']);
        expect(credential.holderName).toBe(`${person.name[0]}*`);
        const validity = Date.parse(credential.notAfter) - Date.parse(credential.notBefore);
        expect(validity).toBeGreaterThan(0);
        expect(validity).toBeLessThanOrEqual(WEEK_MS);
        const calls = w.callsTo(w.a);
        const qr = await offline.issueCode({ signNo });
        expect(w.callsTo(w.a)).toBe(calls);
        expect(qr.text.length).toBeLessThanOrEqual(QR_V11_M_ALPHANUMERIC);
        expect(qr.text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
        expect(Date.parse(qr.expiresAt) - Date.parse(qr.issuedAt)).toBe(60_000);
        const verified = await (await desk(w, context)()).verify(qr.text);
        expect(verified).toMatchObject({
          offline: true,
          purpose: 'identity',
          holderName: `${person.name[0]}*`,
          regionCode: person.regionCode,
          channelId: w.a,
        });
      },
    ),
    conformanceCase(
      'R41',
      'expired-tampered-replayed',
      'an offline code is refused when replayed (QR_REPLAYED), tampered with (QR_INVALID_SIGNATURE), expired (QR_EXPIRED), dated in the future beyond the tolerance (QR_EXPIRED) or made to live over 60 s (QR_MALFORMED)',
      async (w, context) => {
        const advance = requireClock(w, context);
        const { signNo } = await holderIn(w);
        const storage = createMemoryStorage();
        const offline = await phone(w, w.a, storage);
        await offline.provision({ signNo, verification });
        const ahead = await phone(w, w.a, storage, 5 * 24 * 3600 * 1000);
        const future = await ahead.issueCode({ signNo });
        await w.refused((await desk(w, context)()).verify(future.text), 'QR_EXPIRED');
        const long = await deviceMadeCode(storage, {
          purpose: 'identity',
          issuedAt: Math.floor(w.target.now() / 1000),
          ttl: 255,
        });
        await advance(100_000); // a 60 s code would have expired
        await w.refused((await desk(w, context)()).verify(long), 'QR_MALFORMED');
        const verifier = await desk(w, context)();
        const qr = await offline.issueCode({ signNo });
        await verifier.verify(qr.text);
        await w.refused(verifier.verify(qr.text), 'QR_REPLAYED');
        await w.refused(verifier.verify(qr.text.toLowerCase()), 'QR_MALFORMED');
        const text = (await offline.issueCode({ signNo })).text;
        // One character inside the credential's card reference, changed.
        const i = 60;
        const tampered = `${text.slice(0, i)}${text[i] === '0' ? '1' : '0'}${text.slice(i + 1)}`;
        const error = await verifier.verify(tampered).catch((e: unknown) => e);
        expect((error as { code?: string }).code).toMatch(/^QR_(INVALID_SIGNATURE|MALFORMED)$/);
        const late = await offline.issueCode({ signNo });
        await advance(91_000);
        await w.refused(verifier.verify(late.text), 'QR_EXPIRED');
      },
    ),
    conformanceCase(
      'R39',
      'payment-needs-level-2',
      'a payment credential needs a level-2 e-card (PAYMENT_NOT_ENABLED) and nothing is kept on the phone',
      async (w) => {
        const { signNo } = await holderIn(w);
        const offline = await phone(w);
        await w.refused(
          offline.provision({ signNo, verification, purposes: ['identity', 'payment'] }),
          'PAYMENT_NOT_ENABLED',
        );
        expect(await offline.credentials()).toEqual([]);
        await w.refused(offline.issueCode({ signNo }), 'VALIDATION_FAILED');
      },
    ),
    conformanceCase(
      'R39',
      'verification-and-binding',
      'provisioning needs the holder’s verification (PASSWORD_INCORRECT), a binding in this channel (NOT_BOUND) and a device key of the platform’s suite (VALIDATION_FAILED)',
      async (w) => {
        const { signNo } = await holderIn(w);
        const offline = await phone(w);
        await w.refused(
          offline.provision({ signNo, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
        );
        expect(await offline.credentials()).toEqual([]);
        const other = await holderIn(w, w.b);
        await w.refused(offline.provision({ signNo: other.signNo, verification }), 'NOT_BOUND');
        await w.refused(
          w.client(w.a).provisionOfflineCredential({
            signNo,
            verification,
            publicKey: await devicePublicKey(w, true),
          }),
          'VALIDATION_FAILED',
        );
      },
    ),
    conformanceCase(
      'R39',
      'fourth-revokes-oldest',
      'at most 3 live credentials per binding: provisioning a fourth revokes the oldest and says so (revoked), the phone that held it forgets it, a desk refuses it; the others stay',
      async (w, context) => {
        const { signNo } = await holderIn(w);
        const phones = [await phone(w), await phone(w), await phone(w)];
        const made = [];
        for (const p of phones) made.push(await p.provision({ signNo, verification }));
        expect(made.map((c) => c.revoked)).toEqual([[], [], []]);
        const oldest = await phones[0]!.issueCode({ signNo });
        // The first phone provisions again: the platform revokes its older one and says which.
        const fourth = await phones[0]!.provision({ signNo, verification });
        expect(fourth.revoked).toEqual([made[0]!.credentialId]);
        expect((await phones[0]!.credentials()).map((c) => c.credentialId)).toEqual([
          fourth.credentialId,
        ]);
        const verifier = await desk(w, context)();
        await w.refused(verifier.verify(oldest.text), 'CREDENTIAL_REVOKED');
        for (const p of phones) {
          expect((await verifier.verify((await p.issueCode({ signNo })).text)).offline).toBe(true);
        }
      },
    ),
    conformanceCase(
      'R39',
      'member-identity-only',
      'a family member’s credential makes identity codes shown on behalf; a member’s payment credential is MEMBER_FORBIDDEN',
      async (w, context) => {
        const holder = await holderIn(w);
        const parent = await w.person();
        const member = await addMember(w, holder, parent, 'parent');
        const offline = await phone(w);
        await w.refused(
          offline.provision({
            signNo: holder.signNo,
            verification,
            memberId: member.memberId,
            purposes: ['payment'],
          }),
          'MEMBER_FORBIDDEN',
        );
        await offline.provision({ signNo: holder.signNo, verification, memberId: member.memberId });
        const qr = await offline.issueCode({ signNo: holder.signNo, memberId: member.memberId });
        const verified = await (await desk(w, context)()).verify(qr.text);
        expect(verified).toMatchObject({ offline: true, onBehalf: { relation: 'parent' } });
        expect(verified.holderName).toBe(`${parent.name[0]}*`);
      },
    ),
    conformanceCase(
      'R41',
      'payment-charged-once',
      'an offline payment code is charged online once, like a payment code (a second charge is QR_REPLAYED)',
      async (w, context) => {
        requireMerchants(w, context);
        const { signNo } = await payer(w);
        const offline = await phone(w);
        await offline.provision({ signNo, verification, purposes: ['identity', 'payment'] });
        const qr = await offline.issueCode({ signNo, purpose: 'payment' });
        const terminal = w.terminal();
        const payment = await terminal.charge({
          qrText: qr.text,
          orderId: `OFF-${Date.now()}`,
          amount: 1_200,
        });
        expect(payment).toMatchObject({ amount: 1_200, status: 'succeeded' });
        await w.refused(
          terminal.charge({ qrText: qr.text, orderId: `OFF2-${Date.now()}`, amount: 1_200 }),
          'QR_REPLAYED',
        );
      },
    ),
    conformanceCase(
      'R41',
      'payment-raced',
      'one offline payment code charged twice at once (two order ids): exactly one charge succeeds, the other is QR_REPLAYED, and the money is taken once',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo } = await payer(w);
        const offline = await phone(w);
        await offline.provision({ signNo, verification, purposes: ['identity', 'payment'] });
        const qr = await offline.issueCode({ signNo, purpose: 'payment' });
        const terminal = w.terminal();
        const before = (await balances(person.idNumber)).bank;
        const outcomes = await Promise.allSettled([
          terminal.charge({ qrText: qr.text, orderId: `RACE1-${Date.now()}`, amount: 1_200 }),
          terminal.charge({ qrText: qr.text, orderId: `RACE2-${Date.now()}`, amount: 1_200 }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(won).toHaveLength(1);
        expect(lost.map((e) => (e as { code?: string }).code)).toEqual(['QR_REPLAYED']);
        expect(before - (await balances(person.idNumber)).bank).toBe(1_200);
      },
    ),
    conformanceCase(
      'R41',
      'payment-times-checked-at-charge',
      'the platform charges an offline payment code only within its 60 s: one dated in the future beyond the clock tolerance is QR_EXPIRED, one made to live longer is QR_MALFORMED',
      async (w, context) => {
        requireMerchants(w, context);
        const advance = requireClock(w, context);
        const { signNo } = await payer(w);
        const storage = createMemoryStorage();
        await (await phone(w, w.a, storage)).provision({
          signNo,
          verification,
          purposes: ['identity', 'payment'],
        });
        const ahead = await phone(w, w.a, storage, 5 * 24 * 3600 * 1000);
        const terminal = w.terminal();
        const charge = (qrText: string, n: number) =>
          terminal.charge({ qrText, orderId: `TIME${n}-${Date.now()}`, amount: 100 });
        const future = await ahead.issueCode({ signNo, purpose: 'payment' });
        await w.refused(charge(future.text, 1), 'QR_EXPIRED');
        const long = await deviceMadeCode(storage, {
          purpose: 'payment',
          issuedAt: Math.floor(w.target.now() / 1000),
          ttl: 255,
        });
        await advance(100_000); // a 60 s code would have expired
        await w.refused(charge(long, 2), 'QR_MALFORMED');
      },
    ),
    conformanceCase(
      'R42',
      'revoked-payment-at-once-identity-after-refresh',
      'revokeOfflineCredentials: a payment code is refused at once (CREDENTIAL_REVOKED); a desk refuses identity codes from its next status refresh',
      async (w, context) => {
        requireMerchants(w, context);
        const advance = requireClock(w, context);
        const { signNo } = await payer(w);
        const offline = await phone(w);
        await offline.provision({ signNo, verification, purposes: ['identity', 'payment'] });
        const verifier = await desk(w, context)();
        await verifier.verify((await offline.issueCode({ signNo })).text); // the desk loads the list
        await w.client(w.a).revokeOfflineCredentials({ signNo, verification });
        await w.refused(
          w.terminal().charge({
            qrText: (await offline.issueCode({ signNo, purpose: 'payment' })).text,
            orderId: `REV-${Date.now()}`,
            amount: 500,
          }),
          'CREDENTIAL_REVOKED',
        );
        // Until the desk refreshes its copy (its ttl), it does not know yet.
        expect((await verifier.verify((await offline.issueCode({ signNo })).text)).offline).toBe(
          true,
        );
        await advance(301_000); // past the list's ttl (300 s): the desk refreshes
        await w.refused(
          verifier.verify((await offline.issueCode({ signNo })).text),
          'CREDENTIAL_REVOKED',
        );
      },
    ),
    conformanceCase(
      'R42',
      'unbind-reset-status-member-revoke',
      'unbinding, a password reset, a card status change, a card replacement and removing the member each revoke the credentials they end — the holder’s card reported lost ends the family members’ credentials provisioned through the holder’s binding too',
      async (w, context) => {
        const unbound = await holderIn(w);
        const a = await phone(w);
        await a.provision({ signNo: unbound.signNo, verification });
        await w.apply(unbound.person, w.b); // still bound elsewhere: only this binding's end
        await unbound.client.unbind({ signNo: unbound.signNo, verification });
        await revokedAtDesk(w, context, a, unbound.signNo);

        const reset = await holderIn(w);
        const b = await phone(w);
        await b.provision({ signNo: reset.signNo, verification });
        await reset.client.resetPassword({
          signNo: reset.signNo,
          realPerson: await w.proof(reset.person),
          newPassword: '739164',
        });
        await revokedAtDesk(w, context, b, reset.signNo);

        const lost = await holderIn(w);
        const c = await phone(w);
        await c.provision({ signNo: lost.signNo, verification });
        await w.admin.setCardStatus(lost.person.cardNo, 'lost');
        await w.admin.setCardStatus(lost.person.cardNo, 'normal');
        await revokedAtDesk(w, context, c, lost.signNo);

        const lostHolder = await holderIn(w);
        const kin = await addMember(w, lostHolder, await w.person(), 'parent');
        const f = await phone(w);
        await f.provision({ signNo: lostHolder.signNo, verification, memberId: kin.memberId });
        await w.admin.setCardStatus(lostHolder.person.cardNo, 'lost');
        await w.refused(
          (await desk(w, context)()).verify(
            (await f.issueCode({ signNo: lostHolder.signNo, memberId: kin.memberId })).text,
          ),
          'CREDENTIAL_REVOKED',
        );

        const replaced = await holderIn(w);
        const e = await phone(w);
        await e.provision({ signNo: replaced.signNo, verification });
        await w.admin.replaceCard(replaced.person.idNumber);
        await revokedAtDesk(w, context, e, replaced.signNo);

        const holder = await holderIn(w);
        const member = await addMember(w, holder, await w.person(), 'child');
        const d = await phone(w);
        await d.provision({ signNo: holder.signNo, verification, memberId: member.memberId });
        await holder.client.removeFamilyMember({
          signNo: holder.signNo,
          memberId: member.memberId,
          verification,
        });
        const verifier = await desk(w, context)();
        const qr = await d.issueCode({ signNo: holder.signNo, memberId: member.memberId });
        await w.refused(verifier.verify(qr.text), 'CREDENTIAL_REVOKED');
      },
    ),
    conformanceCase(
      'R41',
      'stale-status-list',
      'a desk whose status list is older than maxStatusAgeSeconds and cannot refresh refuses offline codes (STATUS_STALE) without consuming them; one without a list refuses them too',
      async (w, context) => {
        const advance = requireClock(w, context);
        const platformList = w.admin.statusList?.bind(w.admin);
        if (!platformList) return context.skip('the target admin has no statusList()');
        const { signNo } = await holderIn(w);
        const offline = await phone(w);
        await offline.provision({ signNo, verification });
        let reachable = true;
        const verifier = createQrVerifier({
          jwks: await w.admin.jwks(),
          statusList: async () => {
            if (!reachable) throw new Error('the desk lost its network');
            return platformList();
          },
          maxStatusAgeSeconds: 600,
          now: () => w.target.now(),
        });
        await verifier.verify((await offline.issueCode({ signNo })).text);
        reachable = false;
        await advance(400_000); // past the ttl: the failed refresh keeps a copy young enough
        await verifier.verify((await offline.issueCode({ signNo })).text);
        await advance(300_000);
        const code = await offline.issueCode({ signNo });
        await w.refused(verifier.verify(code.text), 'STATUS_STALE');
        reachable = true;
        await advance(6_000);
        expect((await verifier.verify(code.text)).offline).toBe(true);
        const without = createQrVerifier({ jwks: await w.admin.jwks(), now: () => w.target.now() });
        await w.refused(without.verify((await offline.issueCode({ signNo })).text), 'STATUS_STALE');
      },
    ),
  ],
};
