/**
 * A throwaway `redis-server` on a free loopback port, for the examples' tests. Nothing is
 * saved to disk; `stop()` ends the process this helper started (and nothing else).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Whether Debian's `redis-server` is on the PATH. */
export const redisServerInstalled =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface TestRedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `redis-server` and resolves once it answers PING. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  // Reconnects every 50 ms until the server listens.
  const probe = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 50, lazyConnect: false });
  probe.on('error', () => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis-server did not answer PING')), 20_000);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
