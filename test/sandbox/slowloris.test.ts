/**
 * Issue 9, defect 6: the sandbox closes a connection that trickles its headers (slowloris),
 * and refuses connections beyond its cap. Both are waited for as events, never timed.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

const open: Socket[] = [];
let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  for (const socket of open.splice(0)) socket.destroy();
  await sandbox?.close();
  sandbox = undefined;
});

function socketTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.on('error', reject);
    open.push(socket);
  });
}

/** Resolves with what the server sent before it closed the socket. */
function closed(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined); // a reset is a close too
  return new Promise((resolve) =>
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1'))),
  );
}

/** One keep-alive request on a raw socket; resolves with the status line once answered. */
function answered(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0]!));
    socket.write('GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

describe('the sandbox against slow and numerous connections', () => {
  it('closes a connection whose headers never end (408)', async () => {
    sandbox = await startSandbox({ platform: MockPlatform.demo(), headersTimeoutMs: 100 });
    const socket = await socketTo(sandbox.url);
    const done = closed(socket);
    // Half a request line and one header, then silence.
    socket.write('GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a');
    expect(await done).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses the connection past maxConnections and keeps the others', async () => {
    sandbox = await startSandbox({ platform: MockPlatform.demo(), maxConnections: 3 });
    const kept = await Promise.all([1, 2, 3].map(() => socketTo(sandbox!.url)));
    // Each one answered: the server has accepted all three.
    for (const socket of kept) expect(await answered(socket)).toBe('HTTP/1.1 200 OK');
    const extra = await socketTo(sandbox.url);
    expect(await closed(extra)).toBe('');
    // The three kept connections still work.
    expect(await answered(kept[0]!)).toBe('HTTP/1.1 200 OK');
  });
});
