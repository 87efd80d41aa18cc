/**
 * R29 (§6.0): dates in forms are real calendar dates. Every date field of every service form
 * (and of every record topic the back office stores, and a benefit's certifiedAt) refuses a
 * day the calendar does not have and takes a real leap day. The date fields are found by
 * trying each field of a valid form, so a date field added later is covered without an edit.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { benefitSchema } from '../../src/domain/family-schemas.js';
import { type QueryTopic, RECORD_SCHEMAS } from '../../src/domain/records.js';
import { SERVICE_FORM_SCHEMAS, SERVICE_IDS, type ServiceId } from '../../src/domain/services.js';

const IMPOSSIBLE = [
  '2026-02-31',
  '2026-04-31',
  '2025-02-29',
  '2026-06-31',
  '2026-09-31',
  '2026-11-31',
  '2026-02-30',
  '1900-02-29', // a century not divisible by 400
  '2100-02-29',
  '2026-00-10',
  '2026-13-01',
  '2026-01-00',
  '2026-01-32',
];
const REAL = ['2024-02-29', '2000-02-29', '2026-02-28', '2026-04-30', '2026-12-31', '2026-01-01'];

/** A valid form of each service. */
const FORMS: { [S in ServiceId]: Record<string, unknown> } = {
  'unemployment-benefit': {
    reason: 'contract-ended',
    lastEmployer: '广州某科技有限公司',
    separatedOn: '2026-06-30',
  },
  'employment-registration': { employer: '广州某餐饮有限公司', startedOn: '2026-09-01' },
  'social-security-transfer': { fromRegion: '440100', toRegion: '310100', types: ['pension'] },
  'skill-subsidy': { certificateNo: 'S440100202400123' },
  'labor-arbitration': { respondent: '广州某建筑有限公司', claim: '支付拖欠工资' },
};

/** A valid record of each topic, with every optional date filled. */
const RECORDS: { [T in QueryTopic]: Record<string, unknown> } = {
  insurance: {
    type: 'pension',
    status: 'contributing',
    regionCode: '440100',
    since: '2012-03',
    months: 160,
  },
  employment: { status: 'unemployed', since: '2026-06-30' },
  training: { course: '电工', institution: '广州市职业技能培训中心', completedAt: '2024-05-20' },
  qualification: { name: '注册会计师', certificateNo: 'CPA2019001', issuedAt: '2019-12-01' },
  skill: {
    occupation: '电工',
    level: 4,
    certificateNo: 'S440100202400123',
    issuedAt: '2024-06-15',
  },
  'startup-loan': {
    bank: '中国建设银行',
    amount: 20_000_000,
    status: 'repaying',
    startAt: '2025-03-01',
    endAt: '2028-02-28',
  },
};

const parses = (schema: z.core.$ZodType, value: unknown) => z.safeParse(schema, value).success;

/** The fields of `sample` that take a date and refuse other text: its date fields. */
function dateFields(schema: z.core.$ZodType, sample: Record<string, unknown>): string[] {
  expect(parses(schema, sample)).toBe(true);
  return Object.keys(sample).filter(
    (field) =>
      parses(schema, { ...sample, [field]: '2026-06-30' }) &&
      !parses(schema, { ...sample, [field]: 'not a date' }),
  );
}

/** The fields of `sample` that take a month YYYY-MM and refuse other text. */
function monthFields(schema: z.core.$ZodType, sample: Record<string, unknown>): string[] {
  return Object.keys(sample).filter(
    (field) =>
      parses(schema, { ...sample, [field]: '2026-06' }) &&
      !parses(schema, { ...sample, [field]: 'not a month' }),
  );
}

function expectCalendarDates(
  schema: z.core.$ZodType,
  sample: Record<string, unknown>,
  field: string,
): void {
  for (const day of IMPOSSIBLE) {
    const result = z.safeParse(schema, { ...sample, [field]: day });
    expect(result.success, `${field}: ${day}`).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([[field]]);
  }
  for (const day of REAL) {
    expect(parses(schema, { ...sample, [field]: day }), `${field}: ${day}`).toBe(true);
  }
}

describe('dates in forms are days of the calendar (R29)', () => {
  it('finds the date fields of the service forms', () => {
    const found = Object.fromEntries(
      SERVICE_IDS.map((service) => [
        service,
        dateFields(SERVICE_FORM_SCHEMAS[service], FORMS[service]),
      ]),
    );
    expect(found).toEqual({
      'unemployment-benefit': ['separatedOn'],
      'employment-registration': ['startedOn'],
      'social-security-transfer': [],
      'skill-subsidy': [],
      'labor-arbitration': [],
    });
  });

  for (const service of SERVICE_IDS) {
    it(`every date field of the ${service} form refuses 2026-02-31, 2026-04-31, 2025-02-29 and takes 2024-02-29`, () => {
      const schema = SERVICE_FORM_SCHEMAS[service];
      for (const field of dateFields(schema, FORMS[service])) {
        expectCalendarDates(schema, FORMS[service], field);
      }
    });
  }

  it('every date field of every record topic does the same, and month fields take 01–12 only', () => {
    const topics = Object.keys(RECORDS) as QueryTopic[];
    const found: string[] = [];
    for (const topic of topics) {
      const schema = RECORD_SCHEMAS[topic];
      for (const field of dateFields(schema, RECORDS[topic])) {
        found.push(`${topic}.${field}`);
        expectCalendarDates(schema, RECORDS[topic], field);
      }
      for (const field of monthFields(schema, RECORDS[topic])) {
        found.push(`${topic}.${field} (month)`);
        for (const month of ['2026-00', '2026-13', '2026-1', '26-01', '2026-02-01']) {
          expect(parses(schema, { ...RECORDS[topic], [field]: month }), month).toBe(false);
        }
      }
    }
    expect(found).toEqual([
      'insurance.since (month)',
      'employment.since',
      'training.completedAt',
      'qualification.issuedAt',
      'skill.issuedAt',
      'startup-loan.startAt',
      'startup-loan.endAt',
    ]);
  });

  it("a benefit's certifiedAt (admin) is a real day too", () => {
    for (const day of ['2026-02-31', '2026-04-31', '2025-02-29']) {
      expect(parses(benefitSchema, { kind: 'pension', certifiedAt: `${day}T02:00:00.000Z` })).toBe(
        false,
      );
    }
    expect(
      parses(benefitSchema, { kind: 'pension', certifiedAt: '2024-02-29T02:00:00.000Z' }),
    ).toBe(true);
  });
});
