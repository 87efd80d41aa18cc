import { expect } from 'vitest';
import { createLoginPortal, type LoginIdentity } from '../../acceptor/login-portal.js';
import { base64urlDecode } from '../../crypto/index.js';
import type { LoginScope } from '../../domain/types.js';
import type { PortalAdapter } from '../../platform/port.js';
import { PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

/** Every claim a login can release (R30, amended in §6.0: `signNo` is the fifth). */
const ALL_SCOPES: readonly LoginScope[] = ['name', 'idNumber', 'regionCode', 'level', 'signNo'];
/** What a registration without scopes allows; "all" (no scopes asked) never implies `signNo`. */
const FOUR_SCOPES: readonly LoginScope[] = ['name', 'idNumber', 'regionCode', 'level'];
/**
 * The claims of an assertion that are not the holder's: the protocol's (issuer, audience,
 * times, session, token id), the per-portal subject, the method and the channel.
 */
const PROTOCOL_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'iat',
  'nbf',
  'exp',
  'jti',
  'sid',
  'amr',
  'channelId',
];
/** Claims that may be equal at two portals without naming anyone: issuer, times, method, channel. */
const NOT_IDENTIFIERS = ['iss', 'iat', 'nbf', 'exp', 'amr', 'channelId'];

/** A registered portal of the target, and its adapter. */
interface Portal {
  /** What its registration allows. */
  registered: readonly LoginScope[];
  adapter: PortalAdapter;
}

/** The target's portals: the main one, then the second one when the target has it. */
function portalsOf(w: World): Portal[] {
  const main: Portal = {
    registered: w.target.portal.scopes ?? FOUR_SCOPES,
    adapter: w.portal,
  };
  const other = w.target.otherPortal;
  if (!other || !w.otherPortal) return [main];
  return [main, { registered: other.scopes ?? FOUR_SCOPES, adapter: w.otherPortal }];
}

/** A person bound in channels A and B. */
async function holder(w: World) {
  const person = await w.person();
  const { signNo } = await w.apply(person, w.a);
  await w.apply(person, w.b);
  return { person, signNo, client: w.client(w.a) };
}

/** The header and claims of a compact JWS, unverified (the R17 cases verify the signature). */
function decode(assertion: string) {
  const [header, payload] = assertion
    .split('.')
    .slice(0, 2)
    .map((part) => new TextDecoder().decode(base64urlDecode(part)));
  return {
    text: `${header}.${payload}`,
    claims: JSON.parse(payload!) as Record<string, unknown>,
  };
}

/**
 * Opens a session asking for `scopes` (left out: none named) at a portal (the main one unless
 * told), scans and confirms it in channel A; answers the request the user saw, the claims,
 * and the identity `createLoginPortal` verifies from the assertion.
 */
async function login(w: World, signNo: string, scopes?: LoginScope[], portal = portalsOf(w)[0]!) {
  const session = await portal.adapter.createLoginSession(scopes ? { scopes } : {});
  const client = w.client(w.a);
  const request = await client.scanLogin({ signNo, qrText: session.qrText });
  await client.confirmLogin({
    signNo,
    requestId: request.requestId,
    verification: { password: PASSWORD },
  });
  const { assertion } = await portal.adapter.getLoginSession({ sessionId: session.sessionId });
  const { text, claims } = decode(assertion!);
  const verifier = createLoginPortal({ adapter: portal.adapter, now: () => w.target.now() });
  const { identity } = await verifier.getSession(session.sessionId);
  return { request, claims, text, identity: identity as LoginIdentity };
}

/**
 * The claims of assertion `a` that name the holder at the other portal too: equal in `b`, or
 * a value of them written anywhere in `b` — beyond the claims consented to at both
 * (`consented`) and the claims that name no one ({@link NOT_IDENTIFIERS}).
 */
function sharedIdentifiers(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  consented: readonly string[],
): string[] {
  const textOfB = JSON.stringify(b);
  return Object.entries(a)
    .filter(([key]) => !NOT_IDENTIFIERS.includes(key) && !consented.includes(key))
    .filter(
      ([key, value]) =>
        JSON.stringify(b[key]) === JSON.stringify(value) ||
        (typeof value === 'string' && value.length >= 4 && textOfB.includes(value)),
    )
    .map(([key]) => key);
}

const registered = (w: World) => portalsOf(w)[0]!.registered;
/** What a session naming no scopes asks for: all the registration allows, `signNo` aside. */
const impliedBy = (allowed: readonly LoginScope[]): LoginScope[] =>
  allowed.filter((s) => s !== 'signNo');

export const consent: CaseGroup = {
  title: 'consent to what a portal receives (R30)',
  cases: [
    conformanceCase(
      'R30',
      'default-scopes',
      'a session that names no scopes asks for all its registration allows but signNo, and the user sees them when scanning',
      async (w) => {
        const { signNo } = await holder(w);
        const { request, claims, identity } = await login(w, signNo);
        const implied = impliedBy(registered(w));
        expect(request.scopes).toEqual(implied);
        for (const scope of ALL_SCOPES) {
          expect(scope in claims).toBe(implied.includes(scope));
          expect(scope in identity).toBe(implied.includes(scope));
        }
      },
    ),
    conformanceCase(
      'R30',
      'claims-withheld',
      'a session asking for the name only: the user sees ["name"], and the assertion carries the name, subject, method and channel, nothing else of the holder (no signNo)',
      async (w) => {
        const { person, signNo } = await holder(w);
        const { request, claims } = await login(w, signNo, ['name']);
        expect(request.scopes).toEqual(['name']);
        expect(claims).toMatchObject({ name: person.name, channelId: w.a });
        expect(typeof claims.sub).toBe('string');
        expect(claims.amr).toEqual(['pwd']);
        expect(claims).not.toHaveProperty('idNumber');
        expect(claims).not.toHaveProperty('regionCode');
        expect(claims).not.toHaveProperty('level');
        expect(claims).not.toHaveProperty('signNo');
        expect(JSON.stringify(claims)).not.toContain(person.idNumber);
        expect(JSON.stringify(claims)).not.toContain(signNo);
      },
    ),
    conformanceCase(
      'R30',
      'beyond-registration',
      "a session asking for a claim beyond the portal's registration, or an unknown one, is VALIDATION_FAILED",
      async (w, context) => {
        await w.refused(
          w.portal.createLoginSession({ scopes: ['salary' as LoginScope] }),
          'VALIDATION_FAILED',
        );
        const beyond = ALL_SCOPES.find((scope) => !registered(w).includes(scope));
        if (beyond === undefined) {
          return context.skip('the portal is registered for every claim: none lies beyond');
        }
        await w.refused(w.portal.createLoginSession({ scopes: [beyond] }), 'VALIDATION_FAILED');
      },
    ),
    conformanceCase(
      'R30',
      'region-only',
      'a session asking for the region only: the verified identity is the region, the per-portal subject, the method and the channel — no signNo, no other identifier of the holder or the card',
      async (w, context) => {
        if (!registered(w).includes('regionCode')) {
          return context.skip('the portal is not registered for regionCode');
        }
        const { person, signNo } = await holder(w);
        const { request, claims, text, identity } = await login(w, signNo, ['regionCode']);
        expect(request.scopes).toEqual(['regionCode']);
        expect(identity).toEqual({
          regionCode: person.regionCode,
          subject: expect.any(String),
          method: 'password',
          channelId: w.a,
        });
        expect(claims.sub).toBe(identity.subject);
        const beyond = Object.keys(claims).filter(
          (key) => key !== 'regionCode' && !PROTOCOL_CLAIMS.includes(key),
        );
        expect(beyond, 'claims beyond the consented one and the protocol').toEqual([]);
        for (const identifier of [signNo, person.idNumber, person.cardNo, person.name]) {
          expect(text).not.toContain(identifier);
        }
      },
    ),
    conformanceCase(
      'R30',
      'pairwise-subjects',
      'one person logging in at two portals gets a different subject at each (stable at one), and the two assertions share no identifier beyond the claims consented to at both',
      async (w, context) => {
        const [first, second] = portalsOf(w);
        if (!second) {
          return context.skip('the target has no otherPortal: two portals are needed');
        }
        const { signNo } = await holder(w);
        const atFirst = await login(w, signNo, undefined, first);
        const again = await login(w, signNo, undefined, first);
        const atSecond = await login(w, signNo, undefined, second);
        expect(again.identity.subject, 'stable for one portal').toBe(atFirst.identity.subject);
        expect(atSecond.identity.subject).not.toBe(atFirst.identity.subject);
        const consented = atFirst.request.scopes.filter((s) => atSecond.request.scopes.includes(s));
        expect(sharedIdentifiers(atFirst.claims, atSecond.claims, consented)).toEqual([]);
        expect(sharedIdentifiers(atSecond.claims, atFirst.claims, consented)).toEqual([]);
        for (const { text } of [atFirst, atSecond]) expect(text).not.toContain(signNo);
        // Another person at the same portal: another subject.
        const other = await holder(w);
        const theirs = await login(w, other.signNo, undefined, first);
        expect(theirs.identity.subject).not.toBe(atFirst.identity.subject);
      },
    ),
    conformanceCase(
      'R30',
      'sign-number-when-asked',
      'signNo is a fifth scope: a portal registered with it gets the sign number when it asks for it, and not when its session names no scopes',
      async (w, context) => {
        const portal = portalsOf(w).find((p) => p.registered.includes('signNo'));
        if (!portal) {
          return context.skip('no portal of the target is registered with signNo');
        }
        const { signNo } = await holder(w);
        const asked = await login(w, signNo, ['signNo'], portal);
        expect(asked.request.scopes).toEqual(['signNo']);
        expect(asked.claims.signNo).toBe(signNo);
        expect(asked.identity).toEqual({
          signNo,
          subject: expect.any(String),
          method: 'password',
          channelId: w.a,
        });
        const all = await login(w, signNo, undefined, portal);
        expect(all.request.scopes).toEqual(impliedBy(portal.registered));
        expect(all.request.scopes).not.toContain('signNo');
        expect(all.claims).not.toHaveProperty('signNo');
        expect(all.identity).not.toHaveProperty('signNo');
        expect(all.text).not.toContain(signNo);
        const [latest, earlier] = await w.client(w.a).listAuthorizations({ signNo });
        expect(latest?.scopes).toEqual(impliedBy(portal.registered));
        expect(earlier?.scopes).toEqual(['signNo']);
      },
    ),
    conformanceCase(
      'R30',
      'sign-number-not-registered',
      'a portal not registered with signNo that asks for it, alone or with a claim it may ask for, is VALIDATION_FAILED',
      async (w, context) => {
        const portal = portalsOf(w).find((p) => !p.registered.includes('signNo'));
        if (!portal) {
          return context.skip('every portal of the target is registered with signNo');
        }
        await w.refused(
          portal.adapter.createLoginSession({ scopes: ['signNo'] }),
          'VALIDATION_FAILED',
        );
        const allowed = portal.registered.slice(0, 1);
        await w.refused(
          portal.adapter.createLoginSession({ scopes: [...allowed, 'signNo'] }),
          'VALIDATION_FAILED',
        );
      },
    ),
    conformanceCase(
      'R30',
      'authorizations-listed',
      'every confirmed login is recorded for the holder: each channel lists which portal received which claims, and when, newest first',
      async (w) => {
        const { signNo } = await holder(w);
        expect(await w.client(w.a).listAuthorizations({ signNo })).toEqual([]);
        await login(w, signNo, ['name']);
        const at = w.target.now();
        await login(w, signNo);
        const list = await w.client(w.b).listAuthorizations({ signNo });
        const portal = { portalId: w.target.portal.id, portalName: w.target.portal.name };
        expect(list).toEqual([
          { ...portal, scopes: impliedBy(registered(w)), at: expect.any(String) },
          { ...portal, scopes: ['name'], at: expect.any(String) },
        ]);
        expect(Date.parse(list[1]!.at)).toBe(at);
        // A rejected login releases nothing, and is not listed.
        const session = await w.portal.createLoginSession();
        const request = await w.client(w.a).scanLogin({ signNo, qrText: session.qrText });
        await w.client(w.a).rejectLogin({ signNo, requestId: request.requestId });
        expect(await w.client(w.a).listAuthorizations({ signNo })).toHaveLength(2);
      },
    ),
  ],
};
