import { expect } from 'vitest';
import { base64urlDecode } from '../../crypto/index.js';
import type { LoginScope } from '../../domain/types.js';
import { PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

const ALL_SCOPES: readonly LoginScope[] = ['name', 'idNumber', 'regionCode', 'level'];

/** A person bound in channels A and B. */
async function holder(w: World) {
  const person = await w.person();
  const { signNo } = await w.apply(person, w.a);
  await w.apply(person, w.b);
  return { person, signNo, client: w.client(w.a) };
}

/** Opens a session asking for `scopes`, scans and confirms it; answers the request and claims. */
async function login(w: World, signNo: string, scopes?: LoginScope[]) {
  const session = await w.portal.createLoginSession(undefined, scopes ? { scopes } : undefined);
  const client = w.client(w.a);
  const request = await client.scanLogin({ signNo, qrText: session.qrText });
  await client.confirmLogin({
    signNo,
    requestId: request.requestId,
    verification: { password: PASSWORD },
  });
  const { assertion } = await w.portal.getLoginSession({ sessionId: session.sessionId });
  // The claims only: the R17 cases verify the assertion's signature.
  const payload = new TextDecoder().decode(base64urlDecode(assertion!.split('.')[1]!));
  return { request, claims: JSON.parse(payload) as Record<string, unknown> };
}

const registered = (w: World) => w.target.portal.scopes ?? [...ALL_SCOPES];

export const consent: CaseGroup = {
  title: 'consent to what a portal receives (R30)',
  cases: [
    conformanceCase(
      'R30',
      'default-scopes',
      'a session that names no scopes asks for all its registration allows, and the user sees them when scanning',
      async (w) => {
        const { signNo } = await holder(w);
        const { request, claims } = await login(w, signNo);
        expect(request.scopes).toEqual(registered(w));
        for (const scope of ALL_SCOPES) {
          expect(scope in claims).toBe(registered(w).includes(scope));
        }
      },
    ),
    conformanceCase(
      'R30',
      'claims-withheld',
      'a session asking for the name only: the user sees ["name"], and the assertion carries the name, subject, method, channel and signNo, nothing else of the holder',
      async (w) => {
        const { person, signNo } = await holder(w);
        const { request, claims } = await login(w, signNo, ['name']);
        expect(request.scopes).toEqual(['name']);
        expect(claims).toMatchObject({ name: person.name, signNo, channelId: w.a });
        expect(typeof claims.sub).toBe('string');
        expect(claims.amr).toEqual(['pwd']);
        expect(claims).not.toHaveProperty('idNumber');
        expect(claims).not.toHaveProperty('regionCode');
        expect(claims).not.toHaveProperty('level');
        expect(JSON.stringify(claims)).not.toContain(person.idNumber);
      },
    ),
    conformanceCase(
      'R30',
      'beyond-registration',
      "a session asking for a claim beyond the portal's registration, or an unknown one, is VALIDATION_FAILED",
      async (w, context) => {
        await w.refused(
          w.portal.createLoginSession(undefined, { scopes: ['salary' as LoginScope] }),
          'VALIDATION_FAILED',
        );
        const beyond = ALL_SCOPES.find((scope) => !registered(w).includes(scope));
        if (beyond === undefined) {
          return context.skip('the portal is registered for all four claims: none lies beyond');
        }
        await w.refused(
          w.portal.createLoginSession(undefined, { scopes: [beyond] }),
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
          { ...portal, scopes: registered(w), at: expect.any(String) },
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
