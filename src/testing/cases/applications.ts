import { expect, vi } from 'vitest';
import type { ServiceId } from '../../domain/services.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireNotifications } from './case.js';

const verification = { password: PASSWORD };
const BENEFIT_FORM = {
  reason: 'contract-ended',
  lastEmployer: '广州某科技有限公司',
  separatedOn: '2026-06-30',
} as const;
const SKILL_NO = 'S440100202406150123';

/**
 * A person bound in channels A and B; with `eligible`, the records the unemployment benefit
 * needs: 12 months of unemployment insurance, and unemployed by the latest employment record.
 */
async function applicant(w: World, eligible = true) {
  const person = await w.person();
  const { signNo } = await w.apply(person, w.a);
  await w.apply(person, w.b);
  if (eligible) {
    await w.admin.addRecord(person.idNumber, 'insurance', {
      type: 'unemployment',
      status: 'suspended',
      regionCode: person.regionCode,
      since: '2025-06',
      months: 12,
    });
    await w.admin.addRecord(person.idNumber, 'employment', {
      status: 'employed',
      employer: '广州某科技有限公司',
      since: '2025-06-01',
    });
    await w.admin.addRecord(person.idNumber, 'employment', {
      status: 'unemployed',
      since: '2026-06-30',
    });
  }
  return { person, signNo, client: w.client(w.a) };
}

async function submitBenefit(w: World, signNo: string) {
  return w.client(w.a).submitApplication({
    signNo,
    service: 'unemployment-benefit',
    form: BENEFIT_FORM,
    verification,
  });
}

export const applications: CaseGroup = {
  title: 'business applications (R29)',
  cases: [
    conformanceCase(
      'R29',
      'submitted-accepted-approved',
      'an eligible application is submitted, accepted, then approved by the back office; the holder reads each state, newest first in the list',
      async (w) => {
        const { signNo, client } = await applicant(w);
        const submitted = await submitBenefit(w, signNo);
        expect(submitted).toMatchObject({ service: 'unemployment-benefit', status: 'submitted' });
        expect(Date.parse(submitted.submittedAt)).toBe(w.target.now());
        const { applicationId } = submitted;
        expect(
          await w.admin.reviewApplication(applicationId, { decision: 'accepted' }),
        ).toMatchObject({
          status: 'accepted',
        });
        await w.admin.reviewApplication(applicationId, { decision: 'approved', note: '已核准' });
        expect(await client.getApplication({ signNo, applicationId })).toMatchObject({
          applicationId,
          status: 'approved',
          note: '已核准',
        });
        const skill = await client.submitApplication({
          signNo,
          service: 'employment-registration',
          form: { employer: '广州某餐饮有限公司', startedOn: '2026-09-01' },
          verification,
        });
        // Every bound channel reads the holder's applications.
        const list = await w.client(w.b).listApplications({ signNo });
        expect(list.map((a) => a.applicationId)).toEqual([skill.applicationId, applicationId]);
      },
    ),
    conformanceCase(
      'R29',
      'channels-told',
      "the card's bound channels are told of each back-office move (application:updated)",
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const { signNo } = await applicant(w);
        const b = w.client(w.b);
        await b.getCard({ signNo });
        const { applicationId, service } = await submitBenefit(w, signNo);
        await w.admin.reviewApplication(applicationId, { decision: 'rejected' });
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'application:updated')).toContainEqual({
            signNo,
            application: { applicationId, service, status: 'rejected' },
          });
        });
      },
    ),
    conformanceCase(
      'R29',
      'unemployment-eligibility',
      'the unemployment benefit needs ≥ 12 months of unemployment insurance and a latest employment record of unemployed; otherwise NOT_ELIGIBLE',
      async (w) => {
        const none = await applicant(w, false);
        await w.refused(submitBenefit(w, none.signNo), 'NOT_ELIGIBLE');
        // 11 months and unemployed: still not.
        await w.admin.addRecord(none.person.idNumber, 'insurance', {
          type: 'unemployment',
          status: 'contributing',
          regionCode: none.person.regionCode,
          since: '2025-12',
          months: 11,
        });
        await w.admin.addRecord(none.person.idNumber, 'employment', {
          status: 'unemployed',
          since: '2026-11-01',
        });
        await w.refused(submitBenefit(w, none.signNo), 'NOT_ELIGIBLE');
        expect(await w.client(w.a).listApplications({ signNo: none.signNo })).toEqual([]);
        // 12 months, but employed again since.
        const back = await applicant(w);
        await w.admin.addRecord(back.person.idNumber, 'employment', {
          status: 'employed',
          employer: '广州某物流有限公司',
          since: '2026-10-08',
        });
        await w.refused(submitBenefit(w, back.signNo), 'NOT_ELIGIBLE');
      },
    ),
    conformanceCase(
      'R29',
      'skill-subsidy-eligibility',
      'the skill subsidy needs a skill record with that certificate number: with it submitted, with another NOT_ELIGIBLE',
      async (w) => {
        const { person, signNo, client } = await applicant(w, false);
        await w.admin.addRecord(person.idNumber, 'skill', {
          occupation: '电工',
          level: 4,
          certificateNo: SKILL_NO,
          issuedAt: '2024-06-15',
        });
        const apply = (certificateNo: string) =>
          client.submitApplication({
            signNo,
            service: 'skill-subsidy',
            form: { certificateNo },
            verification,
          });
        await w.refused(apply('S999999999999999999'), 'NOT_ELIGIBLE');
        expect((await apply(SKILL_NO)).status).toBe('submitted');
      },
    ),
    conformanceCase(
      'R29',
      'form-validated',
      "a form that breaks the service's schema, or an unknown service, is VALIDATION_FAILED and submits nothing",
      async (w) => {
        const { signNo, client } = await applicant(w);
        const error = await w.refused(
          client.submitApplication({
            signNo,
            service: 'unemployment-benefit',
            form: { ...BENEFIT_FORM, separatedOn: '30/06/2026' },
            verification,
          }),
          'VALIDATION_FAILED',
        );
        expect(error.details.issues.map((i) => i.path)).toContainEqual(['form', 'separatedOn']);
        await w.refused(
          client.submitApplication({
            signNo,
            service: 'pension-withdrawal' as ServiceId,
            form: {} as never,
            verification,
          }),
          'VALIDATION_FAILED',
        );
        expect(await client.listApplications({ signNo })).toEqual([]);
      },
    ),
    conformanceCase(
      'R29',
      'real-calendar-dates',
      'a form date that is no day of the calendar (2026-02-31, 2026-04-31, 2025-02-29) is VALIDATION_FAILED naming the field and submits nothing; a real leap day (2024-02-29) is taken',
      async (w) => {
        const { signNo, client } = await applicant(w);
        const register = (startedOn: string) =>
          client.submitApplication({
            signNo,
            service: 'employment-registration',
            form: { employer: '广州某餐饮有限公司', startedOn },
            verification,
          });
        for (const impossible of ['2026-02-31', '2026-04-31', '2025-02-29']) {
          const error = await w.refused(register(impossible), 'VALIDATION_FAILED');
          expect(error.details.issues.map((i) => i.path)).toContainEqual(['form', 'startedOn']);
          const benefit = await w.refused(
            client.submitApplication({
              signNo,
              service: 'unemployment-benefit',
              form: { ...BENEFIT_FORM, separatedOn: impossible },
              verification,
            }),
            'VALIDATION_FAILED',
          );
          expect(benefit.details.issues.map((i) => i.path)).toContainEqual(['form', 'separatedOn']);
        }
        expect(await client.listApplications({ signNo })).toEqual([]);
        expect(await register('2024-02-29')).toMatchObject({
          service: 'employment-registration',
          status: 'submitted',
        });
      },
    ),
    conformanceCase(
      'R29',
      'one-open-per-service',
      'a second application for a service while one is submitted or accepted is APPLICATION_OPEN; once decided, a new one may be submitted',
      async (w) => {
        const { signNo } = await applicant(w);
        const first = await submitBenefit(w, signNo);
        await w.refused(submitBenefit(w, signNo), 'APPLICATION_OPEN');
        await w.admin.reviewApplication(first.applicationId, { decision: 'accepted' });
        await w.refused(submitBenefit(w, signNo), 'APPLICATION_OPEN');
        await w.admin.reviewApplication(first.applicationId, { decision: 'rejected' });
        expect((await submitBenefit(w, signNo)).status).toBe('submitted');
      },
    ),
    conformanceCase(
      'R29',
      'withdraw-while-submitted',
      'the holder withdraws with verification while submitted; a wrong password changes nothing; once withdrawn or accepted, APPLICATION_STATE',
      async (w) => {
        const { signNo, client } = await applicant(w);
        const { applicationId } = await submitBenefit(w, signNo);
        await w.refused(
          client.withdrawApplication({
            signNo,
            applicationId,
            verification: { password: WRONG_PASSWORD },
          }),
          'PASSWORD_INCORRECT',
        );
        expect((await client.getApplication({ signNo, applicationId })).status).toBe('submitted');
        expect(
          (await client.withdrawApplication({ signNo, applicationId, verification })).status,
        ).toBe('withdrawn');
        await w.refused(
          client.withdrawApplication({ signNo, applicationId, verification }),
          'APPLICATION_STATE',
        );
        await w.refused(
          w.admin.reviewApplication(applicationId, { decision: 'accepted' }),
          'APPLICATION_STATE',
        );
        const second = await submitBenefit(w, signNo);
        await w.admin.reviewApplication(second.applicationId, { decision: 'accepted' });
        await w.refused(
          client.withdrawApplication({ signNo, applicationId: second.applicationId, verification }),
          'APPLICATION_STATE',
        );
      },
    ),
    conformanceCase(
      'R29',
      'back-office-moves',
      'the back office may reject from submitted, but not approve from it; a decided application moves no more (APPLICATION_STATE)',
      async (w) => {
        const { signNo, client } = await applicant(w);
        const first = await submitBenefit(w, signNo);
        await w.refused(
          w.admin.reviewApplication(first.applicationId, { decision: 'approved' }),
          'APPLICATION_STATE',
        );
        await w.admin.reviewApplication(first.applicationId, { decision: 'rejected' });
        await w.refused(
          w.admin.reviewApplication(first.applicationId, { decision: 'accepted' }),
          'APPLICATION_STATE',
        );
        const second = await submitBenefit(w, signNo);
        await w.admin.reviewApplication(second.applicationId, { decision: 'accepted' });
        await w.admin.reviewApplication(second.applicationId, { decision: 'approved' });
        await w.refused(
          w.admin.reviewApplication(second.applicationId, { decision: 'rejected' }),
          'APPLICATION_STATE',
        );
        expect((await client.listApplications({ signNo })).map((a) => a.status)).toEqual([
          'approved',
          'rejected',
        ]);
      },
    ),
    conformanceCase(
      'R29',
      'not-found',
      "an unknown application id, or another holder's, is APPLICATION_NOT_FOUND",
      async (w) => {
        const { signNo } = await applicant(w);
        const other = await applicant(w);
        const { applicationId } = await submitBenefit(w, other.signNo);
        const client = w.client(w.a);
        await w.refused(
          client.getApplication({ signNo, applicationId: 'ap_unknown' }),
          'APPLICATION_NOT_FOUND',
        );
        await w.refused(client.getApplication({ signNo, applicationId }), 'APPLICATION_NOT_FOUND');
        await w.refused(
          client.withdrawApplication({ signNo, applicationId, verification }),
          'APPLICATION_NOT_FOUND',
        );
        await w.refused(
          w.admin.reviewApplication('ap_unknown', { decision: 'accepted' }),
          'APPLICATION_NOT_FOUND',
        );
      },
    ),
    conformanceCase(
      'R29',
      'active-card-and-verification',
      'submitting needs an active card (CARD_INACTIVE) and the right verification (PASSWORD_INCORRECT); neither submits anything',
      async (w) => {
        const { person, signNo, client } = await applicant(w);
        await w.refused(
          client.submitApplication({
            signNo,
            service: 'unemployment-benefit',
            form: BENEFIT_FORM,
            verification: { password: WRONG_PASSWORD },
          }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        await w.admin.setCardStatus(person.cardNo, 'sealed');
        await w.refused(submitBenefit(w, signNo), 'CARD_INACTIVE', { status: 'sealed' });
        expect(await client.listApplications({ signNo })).toEqual([]);
      },
    ),
  ],
};
