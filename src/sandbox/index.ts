/**
 * essc-sdk/sandbox: the reference platform engine (the one `MockPlatform` runs) served over
 * the wire protocol v1, for channel developers and for the http adapter's tests. Node only.
 * The `essc-sandbox` command starts it from a shell.
 *
 * @packageDocumentation
 */
export {
  type CallerKeyAlgorithm,
  generateCallerKeyPair,
} from '../wire/signatures.js';
export {
  DEMO_MERCHANT,
  type DemoCredentials,
  runSandboxCli,
  type SandboxCliIo,
  seedDemoKeys,
} from './cli.js';
export {
  createSandboxHandler,
  type SandboxHandler,
  type SandboxHandlerOptions,
} from './handler.js';
export { type RunningSandbox, type StartSandboxOptions, startSandbox } from './server.js';
export { createTestClock, type SandboxTestClock } from './test-clock.js';
export type { WebhookAttempt, WebhookOptions } from './webhooks.js';
