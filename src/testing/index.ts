/**
 * essc-sdk/testing: the adapter conformance suite. One suite runs unchanged against every
 * `PlatformAdapter` (the mock, the HTTP adapter against a sandbox, the relay, third-party
 * adapters) and checks the domain rules R1–R20 as a channel app sees them. Needs vitest
 * (a peer dependency) and WebCrypto.
 *
 * @packageDocumentation
 */
export { type ConformanceSuiteOptions, runConformanceSuite } from './suite.js';
export type { ConformanceAdmin, ConformanceTarget } from './target.js';
