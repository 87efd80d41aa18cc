/**
 * essc-sdk/testing: the adapter conformance suite. One suite runs unchanged against every
 * `PlatformAdapter` (the mock, the HTTP adapter against a sandbox, the relay, third-party
 * adapters) and checks the domain rules as a channel app (and a merchant's terminal, R21–R27) sees them. Needs vitest
 * (a peer dependency) and WebCrypto.
 *
 * @packageDocumentation
 */
export { type ConformanceSuiteOptions, runConformanceSuite } from './suite.js';
export type {
  ConformanceAdmin,
  ConformanceMerchants,
  ConformancePortal,
  ConformanceTarget,
  PersonBalances,
} from './target.js';
