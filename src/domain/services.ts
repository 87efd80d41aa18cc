/**
 * Online business applications (业务申办, R29): the services, their form schemas and what an
 * application looks like. The forms are exported so a channel can build and check its form
 * before sending; the platform checks them again (and decides eligibility). Like the record
 * schemas, this module is out of the core's closure: `createClient` does not import it.
 */
import * as z from 'zod/mini';

import { calendarDateSchema } from './date-schemas.js';
import { structuralIssueMessage } from './issue-messages.js';
import { type InsuranceType, insuranceTypeSchema } from './records.js';
import { regionCodeSchema } from './schemas.js';

const text = (what: string, max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: `The ${what} must not be empty.` }),
      z.maxLength(max, { error: `The ${what} must be at most ${max} characters.` }),
    );

/**
 * The services one can apply for online: 失业保险金申领 `unemployment-benefit`, 就业登记
 * `employment-registration`, 社保关系转移 `social-security-transfer`, 技能提升补贴
 * `skill-subsidy`, 劳动仲裁申请 `labor-arbitration`.
 *
 * @example
 * ```ts
 * SERVICE_IDS.includes('skill-subsidy'); // true
 * ```
 */
export const SERVICE_IDS = [
  'unemployment-benefit',
  'employment-registration',
  'social-security-transfer',
  'skill-subsidy',
  'labor-arbitration',
] as const;

/**
 * One of {@link SERVICE_IDS}.
 */
export type ServiceId = (typeof SERVICE_IDS)[number];

/**
 * A service id.
 */
export const serviceIdSchema: z.ZodMiniType<ServiceId> = z.enum(SERVICE_IDS, {
  error: `The service must be one of ${SERVICE_IDS.join(', ')}.`,
});

/**
 * The form of 失业保险金申领: why the job ended, the last employer, the day it ended.
 */
export const unemploymentBenefitFormSchema: z.ZodMiniType<UnemploymentBenefitForm> = z.strictObject(
  {
    reason: z.enum(['contract-ended', 'dismissed', 'resigned-with-cause', 'other'], {
      error: 'The reason must be contract-ended, dismissed, resigned-with-cause or other.',
    }),
    lastEmployer: text('last employer', 100),
    separatedOn: calendarDateSchema('separation date'),
  },
  { error: structuralIssueMessage },
);

/**
 * The form of 就业登记.
 */
export const employmentRegistrationFormSchema: z.ZodMiniType<EmploymentRegistrationForm> =
  z.strictObject(
    {
      employer: text('employer', 100),
      startedOn: calendarDateSchema('start date'),
      contractMonths: z.optional(
        z
          .number()
          .check(
            z.int({ error: 'The contract months must be a whole number.' }),
            z.gte(1, { error: 'The contract months must be at least 1.' }),
            z.lte(600, { error: 'The contract months must be at most 600.' }),
          ),
      ),
    },
    { error: structuralIssueMessage },
  );

/**
 * The form of 社保关系转移: from one region to another, for some insurances.
 */
export const socialSecurityTransferFormSchema: z.ZodMiniType<SocialSecurityTransferForm> =
  z.strictObject(
    {
      fromRegion: regionCodeSchema,
      toRegion: regionCodeSchema,
      types: z.array(insuranceTypeSchema).check(
        z.minLength(1, { error: 'Name at least one insurance to transfer.' }),
        z.refine((types: string[]) => new Set(types).size === types.length, {
          error: 'Each insurance may be named once.',
        }),
      ),
    },
    { error: structuralIssueMessage },
  );

/**
 * The form of 技能提升补贴: the certificate the subsidy is for.
 */
export const skillSubsidyFormSchema: z.ZodMiniType<SkillSubsidyForm> = z.strictObject(
  { certificateNo: text('certificate number', 64) },
  { error: structuralIssueMessage },
);

/**
 * The form of 劳动仲裁申请: against whom, what is claimed (≤ 2000 characters), and an amount
 * in fen when money is claimed.
 */
export const laborArbitrationFormSchema: z.ZodMiniType<LaborArbitrationForm> = z.strictObject(
  {
    respondent: text('respondent', 100),
    claim: text('claim', 2000),
    amount: z.optional(
      z
        .number()
        .check(
          z.int({ error: 'The amount must be a whole number of fen.' }),
          z.gte(1, { error: 'The amount must be at least 1 fen.' }),
        ),
    ),
  },
  { error: structuralIssueMessage },
);

/**
 * The form schema of each service.
 *
 * @example
 * ```ts
 * const form = SERVICE_FORM_SCHEMAS['skill-subsidy'];
 * ```
 */
export const SERVICE_FORM_SCHEMAS: { readonly [S in ServiceId]: z.ZodMiniType<ServiceForms[S]> } = {
  'unemployment-benefit': unemploymentBenefitFormSchema,
  'employment-registration': employmentRegistrationFormSchema,
  'social-security-transfer': socialSecurityTransferFormSchema,
  'skill-subsidy': skillSubsidyFormSchema,
  'labor-arbitration': laborArbitrationFormSchema,
};

/**
 * The form each service takes, as sent.
 *
 * @example
 * ```ts
 * const form: ServiceForms['skill-subsidy'] = { certificateNo: 'S440100202400123' };
 * ```
 */
export interface ServiceForms {
  /** 失业保险金申领 */
  'unemployment-benefit': UnemploymentBenefitForm;
  /** 就业登记 */
  'employment-registration': EmploymentRegistrationForm;
  /** 社保关系转移 */
  'social-security-transfer': SocialSecurityTransferForm;
  /** 技能提升补贴 */
  'skill-subsidy': SkillSubsidyForm;
  /** 劳动仲裁申请 */
  'labor-arbitration': LaborArbitrationForm;
}

/**
 * The form of 失业保险金申领.
 */
export interface UnemploymentBenefitForm {
  /** Why the job ended. */
  reason: 'contract-ended' | 'dismissed' | 'resigned-with-cause' | 'other';
  /** The last employer. */
  lastEmployer: string;
  /** The last day of work, YYYY-MM-DD. */
  separatedOn: string;
}

/**
 * The form of 就业登记.
 */
export interface EmploymentRegistrationForm {
  /** The new employer. */
  employer: string;
  /** The first day, YYYY-MM-DD. */
  startedOn: string;
  /** The contract's length in months, if fixed. */
  contractMonths?: number;
}

/**
 * The form of 社保关系转移.
 */
export interface SocialSecurityTransferForm {
  /** From this region (6 digits). */
  fromRegion: string;
  /** To this region (6 digits). */
  toRegion: string;
  /** The insurances to transfer, each once. */
  types: InsuranceType[];
}

/**
 * The form of 技能提升补贴.
 */
export interface SkillSubsidyForm {
  /** The skill certificate the subsidy is for. */
  certificateNo: string;
}

/**
 * The form of 劳动仲裁申请.
 */
export interface LaborArbitrationForm {
  /** Against whom. */
  respondent: string;
  /** What is claimed, ≤ 2000 characters. */
  claim: string;
  /** The amount claimed, fen. */
  amount?: number;
}

/**
 * The states of an application (R29): `submitted` → `accepted` (受理) → `approved` (办结) |
 * `rejected` (不予受理/不予批准); `withdrawn` (撤回) while `submitted`.
 *
 * @example
 * ```ts
 * const open = (s: ApplicationStatus) => s === 'submitted' || s === 'accepted';
 * ```
 */
export type ApplicationStatus = 'submitted' | 'accepted' | 'approved' | 'rejected' | 'withdrawn';

/**
 * An application as the holder's channels see it.
 *
 * @example
 * ```ts
 * const application: Application = await client.getApplication({ signNo, applicationId });
 * console.log(application.service, application.status); // unemployment-benefit approved
 * ```
 */
export interface Application {
  /** The platform's id of the application. */
  applicationId: string;
  /** The service applied for. */
  service: ServiceId;
  /** Where it stands. */
  status: ApplicationStatus;
  /** ISO 8601. */
  submittedAt: string;
  /** ISO 8601: the last move. */
  updatedAt: string;
  /** The back office's note on its last decision, if it left one. */
  note?: string;
}
