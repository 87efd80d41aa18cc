/**
 * essc-sdk: the core. Runs everywhere, mini-programs included: no fetch, no WebCrypto, no
 * eval, no Node built-in.
 *
 * @packageDocumentation
 */
export { type CallOptions, type ClientOptions, createClient, EsscClient } from './client/client.js';
export type { ClientOperation, EsscClientEvents } from './client/events.js';
export {
  createQrRefresher,
  type OfflineFallback,
  type QrIssuer,
  type QrRefreshErrorEvent,
  QrRefresher,
  type QrRefresherEvents,
  type QrRefresherOptions,
} from './client/qr-refresher.js';
export {
  BENEFIT_PAYMENT_STATUSES,
  type BenefitPayment,
  type BenefitPaymentStatus,
  DEFAULT_MONTHLY_BENEFIT,
} from './domain/benefits.js';
export {
  E_CARD_STATUSES,
  LOGIN_SCOPES,
  LOGIN_STATES,
  NOTIFICATION_TYPES,
  PHYSICAL_CARD_STATUSES,
  QR_PURPOSES,
} from './domain/enums.js';
export {
  type AnyEsscError,
  ERROR_CODES,
  ERROR_TABLE,
  type ErrorCode,
  type ErrorDetails,
  type ErrorDetailsMap,
  type ErrorTableRow,
  EsscError,
  type EsscErrorOptions,
  isEsscError,
  type ValidationIssue,
  type WeakPasswordReason,
} from './domain/errors.js';
export {
  type AddFamilyMemberInput,
  BENEFIT_KINDS,
  type Benefit,
  CERTIFICATION_STATUSES,
  type Certification,
  type CertificationStatus,
  CONSENT_AGE,
  FAMILY_LIMITS,
  FAMILY_RELATIONS,
  type FamilyMember,
  type FamilyRelation,
} from './domain/family.js';
export {
  type BirthDate,
  type IdNumberInfo,
  type IdNumberInvalidReason,
  type IdNumberParseResult,
  idNumberCheckChar,
  isValidIdNumber,
  normalizeIdNumber,
  parseIdNumber,
  type Sex,
} from './domain/id-number.js';
export { maskCardNo, maskIdNumber, maskName } from './domain/masking.js';
export { formatFen, isFen, MAX_CHARGE_FEN } from './domain/money.js';
export type { NewPerson } from './domain/new-person.js';
export type { DevicePublicKey, OfflineCredential } from './domain/offline.js';
export type { OrderCode, OrderPreview } from './domain/order-codes.js';
export {
  checkNewPassword,
  normalizePassword,
  type PasswordCheckContext,
  type PasswordCheckResult,
  WEAK_PASSWORD_MESSAGES,
} from './domain/password-rules.js';
export {
  type EmploymentRecord,
  employmentRecordSchema,
  type InsuranceRecord,
  type InsuranceType,
  insuranceRecordSchema,
  insuranceTypeSchema,
  QUERY_TOPICS,
  type QualificationRecord,
  type QueryResult,
  type QueryTopic,
  qualificationRecordSchema,
  queryTopicSchema,
  RECORD_SCHEMAS,
  type RecordOf,
  type SkillRecord,
  type StartupLoanRecord,
  skillRecordSchema,
  startupLoanRecordSchema,
  type TopicQueryResult,
  type TopicRecords,
  type TrainingRecord,
  trainingRecordSchema,
} from './domain/records.js';
export {
  CALLER_ID_PATTERN,
  callerIdSchema,
  cardNoSchema,
  channelIdSchema,
  channelUserIdSchema,
  currentPasswordSchema,
  idNumberSchema,
  nameSchema,
  normalizeName,
  passwordSchema,
  qrPurposeSchema,
  realPersonProofSchema,
  regionCodeSchema,
  signNoSchema,
  type UserVerificationInput,
  userVerificationSchema,
} from './domain/schemas.js';
export {
  type Application,
  type ApplicationStatus,
  type EmploymentRegistrationForm,
  employmentRegistrationFormSchema,
  type LaborArbitrationForm,
  laborArbitrationFormSchema,
  SERVICE_FORM_SCHEMAS,
  SERVICE_IDS,
  type ServiceForms,
  type ServiceId,
  type SkillSubsidyForm,
  type SocialSecurityTransferForm,
  serviceIdSchema,
  skillSubsidyFormSchema,
  socialSecurityTransferFormSchema,
  type UnemploymentBenefitForm,
  unemploymentBenefitFormSchema,
} from './domain/services.js';
export type {
  Authorization,
  Bill,
  BillKind,
  DynamicQr,
  ECard,
  ECardLevel,
  ECardStatus,
  LoginRequest,
  LoginScope,
  LoginState,
  LossReporter,
  MerchantKind,
  NotificationType,
  Payment,
  PaymentItem,
  PaymentSplit,
  PhysicalCardStatus,
  PlatformNotification,
  QrPurpose,
  RealPersonProof,
  UserVerification,
} from './domain/types.js';
export {
  OPERATIONS,
  type OperationInput,
  type OperationOutput,
  type OperationOutputs,
  type OperationRow,
  type OperationTable,
  PLATFORM_OPERATIONS,
  type PlatformAdapter,
  type PlatformOperation,
  type RequestContext,
  type SecretField,
} from './platform/operations.js';
export type {
  ChargeRequest,
  KeySet,
  LoginSessionState,
  MerchantAdapter,
  MerchantOperation,
  PortalOperation,
  RefundRequest,
} from './platform/port.js';
