/**
 * The whole demo world in one call: a sandbox platform (`MockPlatform.demo()`, fresh keys)
 * and the channel backend of one of its channels, registered as that channel's webhook.
 * `main.ts` runs it from a shell; the examples' tests start it too.
 */
import { DEMO_PEOPLE, MockPlatform } from 'essc-sdk/mock';
import {
  type DemoCredentials,
  type RunningSandbox,
  seedDemoKeys,
  startSandbox,
  type WebhookOptions,
} from 'essc-sdk/sandbox';
import type { JWK } from 'jose';
import { type RunningChannelBackend, startChannelBackend } from './server.js';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** A channel of `MockPlatform.demo()`: `wechat` (default), `alipay` or `bank-app`. */
  channelId?: string;
  /** The sandbox's port (default 0: any free one). */
  sandboxPort?: number;
  /** The backend's port (default 0: any free one). */
  backendPort?: number;
  /** Both listen here (default `127.0.0.1`). */
  host?: string;
  /** The backend's CORS origin (default `*`). */
  allowOrigin?: string;
  /** How the sandbox delivers webhooks (tests shrink the backoff). */
  webhooks?: WebhookOptions;
}

/** A running demo. */
export interface RunningDemo {
  sandbox: RunningSandbox;
  backend: RunningChannelBackend;
  /** The private keys `seedDemoKeys` made: every demo channel's and the portal's. */
  credentials: DemoCredentials;
  /** The platform behind the sandbox (its admin controls work in-process). */
  platform: MockPlatform;
  /** Stops the backend, then the sandbox. */
  close(): Promise<void>;
}

/** The channels of `MockPlatform.demo()`, by id, with their names. */
const DEMO_CHANNEL_NAMES: Record<string, string> = {
  wechat: '微信',
  alipay: '支付宝',
  'bank-app': '某银行App',
};

/** The public half of a private JWK: everything but the private parts. */
function publicHalf(privateJwk: JWK): JWK {
  const { kty, crv, x, y, kid, alg } = privateJwk;
  return Object.fromEntries(
    Object.entries({ kty, crv, x, y, kid, alg }).filter(([, value]) => value !== undefined),
  ) as JWK;
}

/**
 * Starts a sandbox with the demo platform and the channel backend of `channelId`, and
 * registers the backend's webhook with the sandbox.
 *
 * @example
 * ```ts
 * const demo = await startDemo();
 * console.log(demo.sandbox.url, demo.backend.url);
 * await demo.close();
 * ```
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const channelId = options.channelId ?? 'wechat';
  const host = options.host ?? '127.0.0.1';
  const platform = MockPlatform.demo();
  const credentials = await seedDemoKeys(platform);
  const channelKey = credentials.channels[channelId];
  const channelName = DEMO_CHANNEL_NAMES[channelId];
  if (!channelKey || !channelName) {
    throw new Error(`${channelId} is not a channel of the demo platform.`);
  }

  const sandbox = await startSandbox({
    platform,
    host,
    port: options.sandboxPort ?? 0,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  let backend: RunningChannelBackend | undefined;
  try {
    backend = await startChannelBackend({
      platformUrl: sandbox.url,
      channelId,
      channelKey,
      host,
      port: options.backendPort ?? 0,
      ...(options.allowOrigin ? { allowOrigin: options.allowOrigin } : {}),
    });
    // What a channel does once, in the platform's onboarding: register its public key and
    // its webhook URL. The sandbox's admin route stands in for that here.
    const registered = await fetch(`${sandbox.url}/admin/channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: channelId,
        name: channelName,
        publicKey: publicHalf(channelKey),
        webhookUrl: backend.webhookUrl,
      }),
    });
    if (!registered.ok) {
      throw new Error(
        `Registering the webhook failed: ${registered.status} ${await registered.text()}`,
      );
    }
  } catch (error) {
    await backend?.close();
    await sandbox.close();
    throw error;
  }
  const running = backend;
  return {
    sandbox,
    backend: running,
    credentials,
    platform,
    close: async () => {
      await running.close();
      await sandbox.close();
    },
  };
}

export { DEMO_PEOPLE };
