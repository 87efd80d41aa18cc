import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import type { MerchantKind } from '../domain/types.js';
import { DEMO_PEOPLE, engineOf, MockPlatform } from '../mock/mock-platform.js';
import { generateCallerKeyPair } from '../wire/signatures.js';
import { type RunningSandbox, startSandbox } from './server.js';
import { createTestClock } from './test-clock.js';

/**
 * Where the command writes, and whether it handles signals (tests run it in-process).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * await runSandboxCli(['--port', '0'], { out: (l) => lines.push(l), signals: false });
 * ```
 */
export interface SandboxCliIo {
  /** Where the command prints (default: standard output). */
  out?: (line: string) => void;
  /** Where the command prints errors (default: standard error). */
  err?: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers that close the sandbox and exit (default `true`). */
  signals?: boolean;
}

/**
 * What a `--seed demo` sandbox hands out: the private keys of its demo channels and portal.
 *
 * @example
 * ```ts
 * const { channels }: DemoCredentials = await seedDemoKeys(platform);
 * createHttpAdapter({ baseUrl, channelId: 'alipay', channelKey: channels.alipay });
 * ```
 */
export interface DemoCredentials {
  /** Each demo channel's private JWK, by channel id (a sandbox's keys: never real ones). */
  channels: Record<string, JWK>;
  /** Each demo portal's private JWK, by portal id. */
  portals: Record<string, JWK>;
  /** Each demo merchant's private JWK, by merchant id ({@link DEMO_MERCHANT}). */
  merchants: Record<string, JWK>;
}

/**
 * The merchant a `--seed demo` sandbox registers, the hospital of `npm run demo`, so a
 * payment terminal can charge over the wire with its printed key from the start.
 *
 * @example
 * ```ts
 * const { merchants } = await seedDemoKeys(platform);
 * createHttpMerchantAdapter({ baseUrl, merchantId: DEMO_MERCHANT.id, merchantKey: merchants[DEMO_MERCHANT.id] });
 * ```
 */
export const DEMO_MERCHANT: {
  /** The merchant id the hospital is registered under. */
  readonly id: 'GZ-HOSP-1';
  /** Its registered name, shown to citizens and in the console. */
  readonly name: '广州市第一人民医院';
  /** A hospital: its charges settle medical insurance (R23). */
  readonly kind: MerchantKind & 'hospital';
} = {
  id: 'GZ-HOSP-1',
  name: '广州市第一人民医院',
  kind: 'hospital',
};

const HELP = `essc-sandbox — the reference e-card platform over HTTP (wire protocol v1), for development

Usage: essc-sandbox [--port 8787] [--host 127.0.0.1] [--seed demo] [--webhook ID=URL]…
                    [--allowed-host NAME]… [--suite jose|sm] [--test-clock] [--no-admin] [--json]

  --port      TCP port (default 8787; 0 = any free port)
  --host      interface to listen on (default 127.0.0.1). The /admin/ routes are NOT
              authenticated: leave this on loopback unless the network is yours.
  --seed demo start with MockPlatform.demo(): regions, people, the channels wechat,
              alipay and bank-app, the portal gov-portal and the merchant GZ-HOSP-1
              (广州市第一人民医院), each with a fresh key pair whose PRIVATE JWK is
              printed (a sandbox: throwaway keys, test data only)
  --webhook   ID=URL: POST channel ID's notifications to URL, signed by the platform
              (check them with verifyNotification from essc-sdk/http); repeatable.
              The channel must exist (--seed demo, or register it first)
  --allowed-host NAME[:PORT]  answer this Host besides localhost, 127.0.0.1, [::1] and
              the --host address (others get 421, against DNS rebinding); repeatable
  --suite     the crypto suite (default jose: EdDSA, ECDH-ES+A256KW/A256GCM, SHA-256);
              sm: the national algorithms (SM2 signatures and sealing with SM4-GCM,
              SM3, HMAC-SM3), as the real platform uses. The JWKS then holds
              crv "SM2" keys, and the demo channels' and portal's keys are SM2 too
  --test-clock run the platform on a test clock the console (and POST /admin/clock/advance)
              moves forward: expire QR codes and sessions, reach a new deductible year
  --no-admin  do not serve the /admin/ routes, nor the console at /console that uses them
  --json      print one JSON line { url, channels, portals } instead of text
`;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Gives every channel and the portal of a demo platform a fresh key pair (EdDSA, or SM2 on a
 * platform of the `sm` suite), registered with the platform, and registers
 * {@link DEMO_MERCHANT} with one too; returns the private JWKs for the developer to configure
 * `createHttpAdapter`, `createHttpPortalAdapter` and `createHttpMerchantAdapter` with.
 *
 * @example
 * ```ts
 * const platform = MockPlatform.demo();
 * const { channels } = await seedDemoKeys(platform);
 * createHttpAdapter({ baseUrl, channelId: 'wechat', channelKey: channels.wechat });
 * ```
 */
export async function seedDemoKeys(platform: MockPlatform): Promise<DemoCredentials> {
  const credentials: DemoCredentials = { channels: {}, portals: {}, merchants: {} };
  const alg = engineOf(platform).suite === 'sm' ? 'SM2' : 'EdDSA';
  for (const id of ['wechat', 'alipay', 'bank-app']) {
    const channel = engineOf(platform).channel(id);
    if (!channel) continue;
    const { privateJwk, publicJwk } = await generateCallerKeyPair(alg);
    platform.registerChannel({ id, name: channel.name, publicKey: publicJwk });
    credentials.channels[id] = privateJwk;
  }
  const portal = engineOf(platform).portal('gov-portal');
  if (portal) {
    const { privateJwk, publicJwk } = await generateCallerKeyPair(alg);
    // Registered again with a key, keeping the claims it may ask for (R30).
    platform.registerPortal({
      id: portal.id,
      name: portal.name,
      publicKey: publicJwk,
      scopes: [...portal.scopes],
    });
    credentials.portals[portal.id] = privateJwk;
  }
  const merchantKey = await generateCallerKeyPair(alg);
  platform.registerMerchant({ ...DEMO_MERCHANT, publicKey: merchantKey.publicJwk });
  credentials.merchants[DEMO_MERCHANT.id] = merchantKey.privateJwk;
  return credentials;
}

/**
 * The `essc-sandbox` command: parses `argv` (without `node` and the script), starts the
 * sandbox and prints where it listens — with `--seed demo`, also the demo channels' private
 * keys. Resolves once it listens; on SIGINT or SIGTERM it closes and exits with 0. Returns
 * `undefined` for `--help` and for bad arguments (exit code set to 2).
 *
 * @example
 * ```ts
 * // bin/essc-sandbox.js
 * import { runSandboxCli } from 'essc-sdk/sandbox';
 * await runSandboxCli(process.argv.slice(2));
 * ```
 */
export async function runSandboxCli(
  argv: string[],
  io: SandboxCliIo = {},
): Promise<RunningSandbox | undefined> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let values: {
    port?: string;
    host?: string;
    seed?: string;
    webhook?: string[];
    'allowed-host'?: string[];
    suite?: string;
    'no-admin'?: boolean;
    'test-clock'?: boolean;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        webhook: { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        suite: { type: 'string' },
        'no-admin': { type: 'boolean' },
        'test-clock': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    err(`essc-sandbox: ${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return undefined;
  }
  if (values.help) {
    out(HELP);
    return undefined;
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    err('essc-sandbox: --port must be a whole number from 0 to 65535.');
    process.exitCode = 2;
    return undefined;
  }
  if (values.seed !== undefined && values.seed !== 'demo') {
    err(`essc-sandbox: unknown seed "${values.seed}"; the only seed is "demo".`);
    process.exitCode = 2;
    return undefined;
  }
  const suite = values.suite ?? 'jose';
  if (suite !== 'jose' && suite !== 'sm') {
    err(`essc-sandbox: unknown suite "${suite}"; use jose or sm.`);
    process.exitCode = 2;
    return undefined;
  }
  const host = values.host ?? '127.0.0.1';
  const admin = !values['no-admin'];
  const testClock = values['test-clock'] ? createTestClock() : undefined;
  const platformOptions = { suite, ...(testClock ? { now: testClock.now } : {}) } as const;
  const platform =
    values.seed === 'demo' ? MockPlatform.demo(platformOptions) : new MockPlatform(platformOptions);
  const credentials =
    values.seed === 'demo'
      ? await seedDemoKeys(platform)
      : { channels: {}, portals: {}, merchants: {} };
  const webhooks: Record<string, string> = {};
  for (const spec of values.webhook ?? []) {
    const at = spec.indexOf('=');
    const id = spec.slice(0, at);
    const channel = at > 0 ? engineOf(platform).channel(id) : undefined;
    if (!channel) {
      err(
        at > 0
          ? `essc-sandbox: --webhook: no channel "${id}" (try --seed demo).`
          : 'essc-sandbox: --webhook must be ID=URL, e.g. wechat=http://127.0.0.1:3000/essc/notifications.',
      );
      process.exitCode = 2;
      return undefined;
    }
    try {
      platform.registerChannel({ ...channel, webhookUrl: spec.slice(at + 1) });
    } catch {
      err(`essc-sandbox: --webhook ${id}: the URL must be an absolute http: or https: URL.`);
      process.exitCode = 2;
      return undefined;
    }
    webhooks[id] = spec.slice(at + 1);
  }
  const allowedHosts = values['allowed-host'];
  const sandbox = await startSandbox({
    platform,
    port,
    host,
    admin,
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(testClock ? { testClock } : {}),
  });

  if (values.json) {
    out(
      JSON.stringify({
        url: sandbox.url,
        admin,
        ...(admin ? { console: `${sandbox.url}/console` } : {}),
        suite,
        testClock: testClock !== undefined,
        ...credentials,
        webhooks,
      }),
    );
  } else {
    out(
      'essc-sandbox: the reference e-card platform, wire protocol v1. A SANDBOX: test data and throwaway keys only.',
    );
    out(`listening on ${sandbox.url} (crypto suite: ${suite})`);
    for (const [id, url] of Object.entries(webhooks)) {
      out(`webhook: ${id} → ${url} (from the channel's first request on)`);
    }
    if (admin) {
      out(
        `admin routes: ${sandbox.url}/admin/ (NOT authenticated${LOOPBACK.has(host) ? '; loopback only' : ''})`,
      );
      out(`console:      ${sandbox.url}/console (the back office in a browser: 沙箱控制台)`);
      if (!LOOPBACK.has(host))
        err(`essc-sandbox: warning: the admin routes are open to anyone who can reach ${host}.`);
    }
    if (values.seed === 'demo') {
      out('');
      out(
        'Demo channel, portal and merchant keys — PRIVATE JWKs, generated now, valid for this run of the sandbox only:',
      );
      for (const [id, jwk] of Object.entries(credentials.channels))
        out(`  ${id}: ${JSON.stringify(jwk)}`);
      for (const [id, jwk] of Object.entries(credentials.portals))
        out(`  portal ${id}: ${JSON.stringify(jwk)}`);
      for (const [id, jwk] of Object.entries(credentials.merchants))
        out(`  merchant ${id} (${DEMO_MERCHANT.name}): ${JSON.stringify(jwk)}`);
      out('');
      out('Demo people (made-up ID numbers):');
      for (const person of DEMO_PEOPLE)
        out(`  ${person.name} ${person.idNumber} (${person.regionCode}): ${person.role}`);
      out('');
      out(
        `Try: curl -X POST -H 'content-type: application/json' ${sandbox.url}/admin/persons/${DEMO_PEOPLE[0]!.idNumber}/real-person-proof`,
      );
    }
    out('Press Ctrl+C to stop.');
  }

  if (io.signals ?? true) {
    const stop = () => {
      sandbox.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return sandbox;
}
