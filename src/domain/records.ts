/**
 * The platform's records about a person that information queries answer (信息查询, R28): one
 * zod schema per topic, exported so a channel can validate and render what it receives, and
 * so the back office (`platform.addRecord`) stores only well-formed records. Kept out of the
 * core's closure: `createClient` does not import this module, so a mini-program that never
 * renders records does not ship it.
 */
import * as z from 'zod/mini';

import { calendarDateSchema, calendarMonthSchema } from './date-schemas.js';
import { structuralIssueMessage } from './issue-messages.js';
import { regionCodeSchema } from './schemas.js';

const text = (what: string, max = 100) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: `The ${what} must not be empty.` }),
      z.maxLength(max, { error: `The ${what} must be at most ${max} characters.` }),
    );
const fen = (what: string) =>
  z
    .number()
    .check(
      z.int({ error: `The ${what} must be a whole number of fen.` }),
      z.gte(1, { error: `The ${what} must be at least 1 fen.` }),
    );
const certificateNo = text('certificate number', 64);

/**
 * The information-query topics (R28): 参保 `insurance`, 就业 `employment`, 职业培训 `training`,
 * 职业资格 `qualification`, 职业技能等级 `skill`, 创业担保贷款 `startup-loan`.
 *
 * @example
 * ```ts
 * QUERY_TOPICS.includes('insurance'); // true
 * ```
 */
export const QUERY_TOPICS = [
  'insurance',
  'employment',
  'training',
  'qualification',
  'skill',
  'startup-loan',
] as const;

/**
 * One of {@link QUERY_TOPICS}.
 *
 * @example
 * ```ts
 * const topic: QueryTopic = 'insurance';
 * const { records } = await client.query({ signNo, topic, verification: { password } });
 * ```
 */
export type QueryTopic = (typeof QUERY_TOPICS)[number];

/**
 * A query topic.
 */
export const queryTopicSchema: z.ZodMiniType<QueryTopic> = z.enum(QUERY_TOPICS, {
  error: `The topic must be one of ${QUERY_TOPICS.join(', ')}.`,
});

/**
 * The five insurances (险种): `pension` 养老, `medical` 医疗, `unemployment` 失业,
 * `work-injury` 工伤, `maternity` 生育.
 */
export const insuranceTypeSchema: z.ZodMiniType<InsuranceType> = z.enum(
  ['pension', 'medical', 'unemployment', 'work-injury', 'maternity'],
  { error: 'The insurance type must be pension, medical, unemployment, work-injury or maternity.' },
);

/**
 * One of the five insurances.
 */
export type InsuranceType = 'pension' | 'medical' | 'unemployment' | 'work-injury' | 'maternity';

/**
 * An insurance record (参保信息): the insurance, its status (参保状态: 正常缴费 `contributing`,
 * 暂停缴费 `suspended`, 终止 `terminated`), where, since when (YYYY-MM) and the months paid.
 */
export const insuranceRecordSchema: z.ZodMiniType<InsuranceRecord> = z.strictObject(
  {
    type: insuranceTypeSchema,
    status: z.enum(['contributing', 'suspended', 'terminated'], {
      error: 'The status must be contributing, suspended or terminated.',
    }),
    regionCode: regionCodeSchema,
    since: calendarMonthSchema('start month'),
    months: z
      .number()
      .check(
        z.int({ error: 'The months must be a whole number.' }),
        z.gte(0, { error: 'The months must not be negative.' }),
        z.lte(1200, { error: 'The months must be at most 1200.' }),
      ),
  },
  { error: structuralIssueMessage },
);

/**
 * An employment record (就业登记): employed, unemployed or self-employed since a date.
 */
export const employmentRecordSchema: z.ZodMiniType<EmploymentRecord> = z.strictObject(
  {
    status: z.enum(['employed', 'unemployed', 'self-employed'], {
      error: 'The status must be employed, unemployed or self-employed.',
    }),
    employer: z.optional(text('employer')),
    since: calendarDateSchema('start date'),
  },
  { error: structuralIssueMessage },
);

/**
 * A vocational training record (职业培训).
 */
export const trainingRecordSchema: z.ZodMiniType<TrainingRecord> = z.strictObject(
  {
    course: text('course'),
    institution: text('institution'),
    completedAt: calendarDateSchema('completion date'),
    certificateNo: z.optional(certificateNo),
  },
  { error: structuralIssueMessage },
);

/**
 * A professional qualification (职业资格).
 */
export const qualificationRecordSchema: z.ZodMiniType<QualificationRecord> = z.strictObject(
  {
    name: text('qualification name'),
    level: z.optional(text('level', 20)),
    certificateNo,
    issuedAt: calendarDateSchema('issue date'),
  },
  { error: structuralIssueMessage },
);

/**
 * A vocational skill level (职业技能等级): level 1 (高级技师) to 5 (初级工).
 */
export const skillRecordSchema: z.ZodMiniType<SkillRecord> = z.strictObject(
  {
    occupation: text('occupation'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
      error: 'The skill level must be 1, 2, 3, 4 or 5.',
    }),
    certificateNo,
    issuedAt: calendarDateSchema('issue date'),
  },
  { error: structuralIssueMessage },
);

/**
 * A start-up guaranteed loan (创业担保贷款); the amount in fen.
 */
export const startupLoanRecordSchema: z.ZodMiniType<StartupLoanRecord> = z.strictObject(
  {
    bank: text('bank'),
    amount: fen('loan amount'),
    status: z.enum(['applied', 'approved', 'repaying', 'closed'], {
      error: 'The loan status must be applied, approved, repaying or closed.',
    }),
    startAt: z.optional(calendarDateSchema('start date')),
    endAt: z.optional(calendarDateSchema('end date')),
  },
  { error: structuralIssueMessage },
);

/**
 * The record schema of each topic: what `query` answers and `addRecord` accepts.
 *
 * @example
 * ```ts
 * const records = RECORD_SCHEMAS[topic];
 * z.array(records).parse(answer.records);
 * ```
 */
export const RECORD_SCHEMAS: { readonly [T in QueryTopic]: z.ZodMiniType<TopicRecords[T]> } = {
  insurance: insuranceRecordSchema,
  employment: employmentRecordSchema,
  training: trainingRecordSchema,
  qualification: qualificationRecordSchema,
  skill: skillRecordSchema,
  'startup-loan': startupLoanRecordSchema,
};

/**
 * An insurance record (参保信息).
 *
 * @example
 * ```ts
 * const total = (records: InsuranceRecord[]) => records.reduce((sum, r) => sum + r.months, 0);
 * ```
 */
export interface InsuranceRecord {
  /** The insurance (险种). */
  type: InsuranceType;
  /** 参保状态: contributing (正常缴费), suspended (暂停缴费), terminated (终止). */
  status: 'contributing' | 'suspended' | 'terminated';
  /** Where the person is insured (参保地), 6 digits. */
  regionCode: string;
  /** The first month, YYYY-MM. */
  since: string;
  /** Months contributed (累计缴费月数). */
  months: number;
}
/**
 * An employment record (就业登记).
 *
 * @example
 * ```ts
 * const unemployed = (r: EmploymentRecord) => r.status === 'unemployed';
 * ```
 */
export interface EmploymentRecord {
  /** Employed, unemployed (失业登记) or self-employed. */
  status: 'employed' | 'unemployed' | 'self-employed';
  /** The employer, when employed. */
  employer?: string;
  /** Since when, YYYY-MM-DD. */
  since: string;
}
/**
 * A training record (职业培训).
 *
 * @example
 * ```ts
 * const line = (r: TrainingRecord) => `${r.course} · ${r.institution}`;
 * ```
 */
export interface TrainingRecord {
  /** The course. */
  course: string;
  /** Who trained. */
  institution: string;
  /** YYYY-MM-DD. */
  completedAt: string;
  /** The training certificate, if one was issued. */
  certificateNo?: string;
}
/**
 * A qualification record (职业资格).
 *
 * @example
 * ```ts
 * const line = (r: QualificationRecord) => `${r.name} ${r.certificateNo}`;
 * ```
 */
export interface QualificationRecord {
  /** The qualification. */
  name: string;
  /** Its level, where it has levels. */
  level?: string;
  /** The certificate number. */
  certificateNo: string;
  /** YYYY-MM-DD. */
  issuedAt: string;
}
/**
 * A skill-level record (职业技能等级).
 *
 * @example
 * ```ts
 * const line = (r: SkillRecord) => `${r.occupation} ${r.level}级`;
 * ```
 */
export interface SkillRecord {
  /** The occupation (职业/工种). */
  occupation: string;
  /** 1 高级技师, 2 技师, 3 高级工, 4 中级工, 5 初级工. */
  level: 1 | 2 | 3 | 4 | 5;
  /** The certificate number. */
  certificateNo: string;
  /** YYYY-MM-DD. */
  issuedAt: string;
}
/**
 * A start-up loan record (创业担保贷款).
 *
 * @example
 * ```ts
 * const shown = (r: StartupLoanRecord) => formatFen(r.amount); // integer fen, never yuan floats
 * ```
 */
export interface StartupLoanRecord {
  /** The lending bank. */
  bank: string;
  /** The amount, fen. */
  amount: number;
  /** Applied, approved, repaying or closed. */
  status: 'applied' | 'approved' | 'repaying' | 'closed';
  /** YYYY-MM-DD. */
  startAt?: string;
  /** YYYY-MM-DD. */
  endAt?: string;
}

/**
 * The record type of each topic.
 */
export interface TopicRecords {
  /** 参保 */
  insurance: InsuranceRecord;
  /** 就业 */
  employment: EmploymentRecord;
  /** 职业培训 */
  training: TrainingRecord;
  /** 职业资格 */
  qualification: QualificationRecord;
  /** 职业技能等级 */
  skill: SkillRecord;
  /** 创业担保贷款 */
  'startup-loan': StartupLoanRecord;
}

/**
 * The record type of topic `T`.
 */
export type RecordOf<T extends QueryTopic> = TopicRecords[T];

/**
 * What a query answers: the topic asked and the holder's records of it, in the order the
 * platform holds them.
 *
 * @example
 * ```ts
 * const result: QueryResult = await client.query({ signNo, topic: 'insurance', verification });
 * if (result.topic === 'insurance') render(result.records);
 * ```
 */
export type QueryResult = { [T in QueryTopic]: TopicQueryResult<T> }[QueryTopic];

/**
 * What a query of topic `T` answers.
 */
export interface TopicQueryResult<T extends QueryTopic> {
  /** The topic asked. */
  topic: T;
  /** The records, possibly none. */
  records: TopicRecords[T][];
}
