/**
 * What the engine stores, one interface per kind of thing (a person, a card, an e-card, a
 * binding, a channel…): the registry's entries (`registry.ts`). Not to be confused with a
 * citizen's insurance records (`src/domain/records.ts`, R28).
 */
import type { JWK } from '../crypto/index.js';
import type {
  ECardLevel,
  ECardStatus,
  LoginScope,
  LossReporter,
  MerchantKind,
  PhysicalCardStatus,
} from '../domain/types.js';

/** A person known to the platform (R1). */
export interface PersonRecord {
  idNumber: string;
  name: string;
  /** The card the person holds now (R2: one at a time). */
  cardNo: string;
}

/** A physical social security card (R2). */
export interface CardRecord {
  cardNo: string;
  idNumber: string;
  regionCode: string;
  status: PhysicalCardStatus;
  bankAccountActive: boolean;
  /** While `lost`: who reported it (R43); only the holder's report is withdrawn in the app. */
  lossReportedBy?: LossReporter;
}

/** The e-card of one physical card (R3), shared by every channel bound to it. */
export interface ECardRecord {
  signNo: string;
  cardNo: string;
  idNumber: string;
  /** The platform's opaque handle for the card, carried in QR codes instead of the card number. */
  cardRef: Uint8Array;
  /** Salted slow hash (R8); never the password. */
  passwordHash: string;
  /** Consecutive wrong passwords across all channels (R11). */
  failures: number;
  level: ECardLevel;
}

/** One channel's binding (关联) to an e-card (R6). */
export interface BindingRecord {
  channelId: string;
  signNo: string;
  channelUserId: string;
  boundAt: number;
}

/** A registered channel app (R19). */
export interface ChannelRecord {
  id: string;
  name: string;
  /** The channel's public JWK, used to authenticate its requests over the wire. */
  publicKey?: JWK;
  /** Where the sandbox POSTs the channel's signed notifications (webhooks), if anywhere. */
  webhookUrl?: string;
}

/** A registered government portal that uses scan-to-login (R17). */
export interface PortalRecord {
  id: string;
  name: string;
  /** The portal's public JWK, used to authenticate its requests over the wire. */
  publicKey?: JWK;
  /**
   * The claims its sessions may ask for (R30): `name`, `idNumber`, `regionCode` and `level`
   * unless registered with others; `signNo` only when registered with it.
   */
  scopes: LoginScope[];
}

/** A registered merchant (R21): authenticated like a channel. */
export interface MerchantRecord {
  id: string;
  name: string;
  kind: MerchantKind;
  /** The merchant's public JWK, used to authenticate its requests over the wire. */
  publicKey?: JWK;
}

/**
 * A person's money (R23, R26), all in integer fen. Changed only by settlement, refunds and
 * bills. Coverage is kept in basis points so no settlement multiplies by a float.
 */
export interface AccountRecord {
  /** The card's bank account (自付 comes from here). */
  bank: number;
  /** The medical personal account (个人账户). */
  personalAccount: number;
  /** round(coverage × 10 000): the pooled fund's share of covered amounts past the deductible. */
  coverageBp: number;
  /** The yearly deductible (起付线). */
  deductible: number;
  /** What is left of this year's deductible. */
  deductibleLeft: number;
  /** The year (China time) `deductibleLeft` counts for. */
  deductibleYear: number;
}

/** A benefit a person receives, and their last entitlement certification (R33). */
export interface BenefitRecord {
  kind: 'pension';
  /** Milliseconds; absent = never certified. */
  certifiedAt?: number;
  /** Fen paid each month (R44). */
  monthlyAmount: number;
}

/** A real-person (face) check proof (R5, R10). */
export interface RealPersonProofRecord {
  idNumber: string;
  expiresAt: number;
  used: boolean;
  /** Held by an operation in flight that checked it (R18): no other may pass with it. */
  held?: boolean;
}

/** The e-card's status follows the physical card's (R3); `normal` reads `active` online. */
export const eCardStatus = (status: PhysicalCardStatus): ECardStatus =>
  status === 'normal' ? 'active' : status;
