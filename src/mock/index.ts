/**
 * essc-sdk/mock: the reference national platform in memory, for tests and demos. Needs
 * WebCrypto (or Node's crypto).
 *
 * @packageDocumentation
 */

export type {
  CryptoSuite,
  EncryptionKeyPair,
  PlatformSignatureAlgorithm,
  SigningKeyPair,
} from '../crypto/index.js';
export type { HostedAnswers } from '../domain/hosted.js';
export { type CardReplacement, generatePlatformKeys, type PlatformKeys } from '../engine/engine.js';
export type { AdapterOperation, FailNextOptions, FaultSettings } from './faults.js';
export type { MerchantAdapter } from './merchant-adapter.js';
export {
  DEMO_PEOPLE,
  type DemoPerson,
  MockPlatform,
  type MockPlatformOptions,
} from './mock-platform.js';
export type { PortalAdapter } from './portal-adapter.js';
