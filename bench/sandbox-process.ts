/**
 * The sandbox as users run it: the `essc-sandbox` command of the package under measurement
 * (`runSandboxCli` from its `dist/sandbox.js`, what `bin/essc-sandbox.js` runs), in a Node
 * process of its own on loopback, seeded through its admin routes (src/wire/routes/admin.ts),
 * as a developer's test set-up does. The benchmarks set it beside the one-process figure
 * (client and sandbox sharing an event loop), so a reader sees both.
 *
 * Also what a reader needs to judge a figure measured across two processes on a 2-core
 * machine: which CPUs each process may run on, and how much CPU each side used while it was
 * measured (each thread's `schedstat` under `/proc/<pid>/task` for the sandbox, `process.cpuUsage` for the client).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPackage } from './package.js';

/** A sandbox running in its own process. */
export interface SandboxProcess {
  /** The base URL it printed (`http://127.0.0.1:<port>`). */
  url: string;
  pid: number;
  /** Calls an admin route (`POST` with a JSON body unless `method` says otherwise). */
  admin<T = unknown>(path: string, body?: unknown, method?: string): Promise<T>;
  /** CPU seconds the process has used so far (user + system), or `undefined` off Linux. */
  cpuSeconds(): number | undefined;
  /** The CPUs the process may run on (`Cpus_allowed_list`), or `undefined` off Linux. */
  cpus(): string | undefined;
  /** Starts V8's sampling profiler inside the sandbox (the one `--cpu-prof` starts). */
  startProfile(): Promise<void>;
  /** Stops it and writes the profile to `file`. */
  stopProfile(file: string): Promise<void>;
  /** Stops the sandbox (SIGTERM: the command closes and exits) and waits for the process. */
  close(): Promise<void>;
}

// The child: the package's command, plus a profiler the parent can start and stop over IPC
// (so a profile covers the measured calls only, not the set-up's sealed proofs).
const CHILD = `
const { runSandboxCli } = await import(process.env.ESSC_SANDBOX_ENTRY);
let session;
process.on('message', async (message) => {
  const { Session } = await import('node:inspector/promises');
  if (message.profile === 'start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    process.send({ profile: 'started' });
  } else if (message.profile === 'stop') {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(message.file, JSON.stringify(profile));
    process.send({ profile: 'stopped' });
  }
});
// The bench that started it went away (killed, crashed): so does the sandbox.
process.on('disconnect', () => process.exit(0));
await runSandboxCli(JSON.parse(process.env.ESSC_SANDBOX_ARGS));
`;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU seconds of a process: the time each of its threads ran (`schedstat` of each `/proc/<pid>/task/<tid>`,
 * nanoseconds), or `utime + stime` of `/proc/<pid>/stat` (clock ticks, 10 ms) where that is
 * missing; `undefined` off Linux.
 */
export function processCpuSeconds(pid: number | 'self'): number | undefined {
  const tasks = `/proc/${pid}/task`;
  if (existsSync(tasks)) {
    let ns = 0;
    try {
      for (const tid of readdirSync(tasks)) {
        ns += Number(readFileSync(`${tasks}/${tid}/schedstat`, 'utf8').split(' ')[0]);
      }
      if (Number.isFinite(ns)) return ns / 1e9;
    } catch {
      // A thread ended meanwhile, or no schedstat: the coarser count below.
    }
  }
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  const stat = readFileSync(file, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** The CPUs a process may run on (`Cpus_allowed_list` of `/proc/<pid>/status`). */
export function allowedCpus(pid: number | 'self'): string | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  return /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

/**
 * One line saying where each side ran: the machine's CPUs, the CPUs each process may use and
 * the cores each used while measured (CPU seconds over wall seconds).
 *
 * @example
 * ```ts
 * log(coresLine(sandbox, { clientCpu: 1.8, sandboxCpu: 1.2, wall: 2 }));
 * ```
 */
export function coresLine(
  sandbox: SandboxProcess,
  used: { clientCpu: number; sandboxCpu: number | undefined; wall: number },
): string {
  const cores = (cpu: number | undefined) =>
    cpu === undefined ? '?' : (cpu / used.wall).toFixed(2);
  const pinned = process.env.ESSC_BENCH_PIN ? 'pinned (ESSC_BENCH_PIN)' : 'the OS schedules both';
  return `${cpus().length} CPUs; client process on CPUs ${allowedCpus('self') ?? '?'}, used ${cores(used.clientCpu)} cores; sandbox process (pid ${sandbox.pid}) on CPUs ${sandbox.cpus() ?? '?'}, used ${cores(used.sandboxCpu)} cores (${pinned}; the raw bound runs one call at a time in the client's process, on one core)`;
}

/**
 * A CPU meter over both processes: `start()` before a measured slice, `stop()` after; `used`
 * sums the slices.
 */
export function cpuMeter(sandbox: SandboxProcess) {
  const used = { clientCpu: 0, sandboxCpu: 0 as number | undefined, wall: 0 };
  let client = process.cpuUsage();
  let child: number | undefined;
  let wall = 0;
  return {
    used,
    start() {
      client = process.cpuUsage();
      child = sandbox.cpuSeconds();
      wall = performance.now();
    },
    stop() {
      const spent = process.cpuUsage(client);
      used.clientCpu += (spent.user + spent.system) / 1e6;
      const now = sandbox.cpuSeconds();
      used.sandboxCpu =
        now === undefined || child === undefined || used.sandboxCpu === undefined
          ? undefined
          : used.sandboxCpu + (now - child);
      used.wall += (performance.now() - wall) / 1000;
    },
  };
}

/**
 * `ESSC_BENCH_PIN=<client CPUs>:<sandbox CPUs>` (e.g. `0:1`, Linux with `taskset`): this
 * process, the raw bounds with it, on the first CPUs and the sandbox on the others, so each
 * side has its own core; unset (the default), the OS schedules both on every CPU.
 */
function pinning(): { client: string; sandbox: string } | undefined {
  const spec = process.env.ESSC_BENCH_PIN;
  if (!spec) return undefined;
  const [client, sandbox] = spec.split(':');
  if (!client || !sandbox)
    throw new Error('ESSC_BENCH_PIN must be <client CPUs>:<sandbox CPUs>, e.g. 0:1');
  return { client, sandbox };
}

/**
 * Starts the package's `essc-sandbox` command in a process of its own (`--port 0 --json`,
 * jose suite, admin routes on, loopback) and answers once it printed where it listens.
 *
 * @example
 * ```ts
 * const sandbox = await startSandboxProcess();
 * await sandbox.admin('/admin/regions', { regionCode: '440100' });
 * await sandbox.close();
 * ```
 */
export async function startSandboxProcess(
  args: string[] = [],
  /** A build directory (`<dir>/dist/sandbox.js`); default: the package under measurement. */
  packageDir?: string,
): Promise<SandboxProcess> {
  const from = packageDir ?? (await loadPackage()).from;
  const sources = from === 'src (tsx)';
  const entry = sources
    ? pathToFileURL(join(import.meta.dirname, '../src/sandbox/index.ts')).href
    : pathToFileURL(join(from, 'dist', 'sandbox.js')).href;
  const nodeArgs = [...(sources ? ['--import', 'tsx'] : []), '--input-type=module', '-e', CHILD];
  const pin = pinning();
  if (pin) execFileSync('taskset', ['-a', '-p', '-c', pin.client, String(process.pid)]);
  const child: ChildProcess = spawn(
    pin ? 'taskset' : process.execPath,
    pin ? ['-c', pin.sandbox, process.execPath, ...nodeArgs] : nodeArgs,
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ESSC_SANDBOX_ENTRY: entry,
        ESSC_SANDBOX_ARGS: JSON.stringify(['--port', '0', '--json', ...args]),
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        child.stdout!.off('data', onData);
        try {
          resolve((JSON.parse(line) as { url: string }).url);
        } catch (error) {
          reject(error);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the sandbox exited (${code}) before listening`)),
    );
  });
  child.stdout!.resume();
  const pid = child.pid!;
  const reply = (expected: string) =>
    new Promise<void>((resolve) => {
      const on = (message: { profile?: string }) => {
        if (message.profile !== expected) return;
        child.off('message', on);
        resolve();
      };
      child.on('message', on);
    });
  return {
    url,
    pid,
    async admin<T>(path: string, body?: unknown, method = 'POST'): Promise<T> {
      const send = () =>
        fetch(url + path, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
        });
      // Once more on a lost connection: a kept-alive socket the sandbox closed after its 5 s of
      // idleness as fetch reused it (a loaded machine delays fetch's own idle timer). The admin
      // calls here are seeding and minting real-person proofs: a second try changes nothing.
      const response = await send().catch((error: unknown) => {
        if (error instanceof TypeError) return send();
        throw error;
      });
      const json = (await response.json()) as T;
      if (response.status !== 200) {
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      }
      return json;
    },
    cpuSeconds: () => processCpuSeconds(pid),
    cpus: () => allowedCpus(pid),
    async startProfile() {
      const started = reply('started');
      child.send({ profile: 'start' });
      await started;
    },
    async stopProfile(file: string) {
      const stopped = reply('stopped');
      child.send({ profile: 'stop', file });
      await stopped;
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
