import type * as z from 'zod/mini';
import type { QueryTopic, TopicRecords } from '../domain/records.js';
import { SERVICE_FORM_SCHEMAS, type ServiceId } from '../domain/services.js';

/** What eligibility reads: the applicant's records of a topic. */
export type RecordsOf = <T extends QueryTopic>(topic: T) => TopicRecords[T][];

/** Eligible, or not with the reason the applicant is shown (NOT_ELIGIBLE's message). */
export type Eligibility = { ok: true } | { ok: false; reason: string };

/** One service of the catalogue: its form and its eligibility rule (R29). */
export interface ServiceEntry<S extends ServiceId = ServiceId> {
  id: S;
  form: (typeof SERVICE_FORM_SCHEMAS)[S];
  eligibility(form: z.output<(typeof SERVICE_FORM_SCHEMAS)[S]>, records: RecordsOf): Eligibility;
}

const always = (): Eligibility => ({ ok: true });

/**
 * The service catalogue (业务申办, R29). Adding a service is adding one entry here (and its id
 * and form schema in src/domain/services.ts): the state machine, the open-application rule and
 * the wire are the same for all.
 */
export const SERVICE_CATALOGUE: { readonly [S in ServiceId]: ServiceEntry<S> } = {
  // 失业保险金申领: ≥ 12 months of unemployment insurance in one record (any status), and
  // unemployed by the latest employment record.
  'unemployment-benefit': {
    id: 'unemployment-benefit',
    form: SERVICE_FORM_SCHEMAS['unemployment-benefit'],
    eligibility: (_form, records) => {
      const insured = records('insurance').some((r) => r.type === 'unemployment' && r.months >= 12);
      if (!insured) {
        return {
          ok: false,
          reason: 'The unemployment benefit needs at least 12 months of unemployment insurance.',
        };
      }
      // Latest by `since`; of records with the same date, the one added last.
      const latest = records('employment').reduce<TopicRecords['employment'] | undefined>(
        (last, r) => (last === undefined || r.since >= last.since ? r : last),
        undefined,
      );
      if (latest?.status !== 'unemployed') {
        return {
          ok: false,
          reason: 'The unemployment benefit needs the latest employment record to be unemployed.',
        };
      }
      return { ok: true };
    },
  },
  'employment-registration': {
    id: 'employment-registration',
    form: SERVICE_FORM_SCHEMAS['employment-registration'],
    eligibility: always,
  },
  'social-security-transfer': {
    id: 'social-security-transfer',
    form: SERVICE_FORM_SCHEMAS['social-security-transfer'],
    eligibility: always,
  },
  // 技能提升补贴: only for a skill certificate the platform holds for the applicant.
  'skill-subsidy': {
    id: 'skill-subsidy',
    form: SERVICE_FORM_SCHEMAS['skill-subsidy'],
    eligibility: (form, records) =>
      records('skill').some((r) => r.certificateNo === form.certificateNo)
        ? { ok: true }
        : { ok: false, reason: 'No skill certificate with this number is on record for you.' },
  },
  'labor-arbitration': {
    id: 'labor-arbitration',
    form: SERVICE_FORM_SCHEMAS['labor-arbitration'],
    eligibility: always,
  },
};
