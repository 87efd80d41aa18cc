/**
 * Sealed secrets made with `node:crypto` (the Node provider) are the format jose makes over
 * WebCrypto (browsers' seals, R18): each opens what the other sealed, and the Node opener
 * refuses what jose refuses — another key, a changed byte, a point off the curve, extensions.
 */
import { describe, expect, it } from 'vitest';
import { generateEncryptionKeyPair } from '../../src/crypto/index.js';
import { joseOpen, joseSeal } from '../../src/crypto/providers/jose-jwe.js';
import { nodeProvider } from '../../src/crypto/providers/node.js';

const node = nodeProvider()!;
const text = new TextEncoder();
const read = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sealed secrets on node:crypto, in jose’s format (R18)', () => {
  it('jose opens what node:crypto sealed, with its kid and context', async () => {
    const key = await generateEncryptionKeyPair();
    const jwe = await node.seal(key.publicJwk, text.encode('密码 258046'), {
      kid: key.kid,
      ctx: 'apply:wechat',
    });
    const opened = await joseOpen(key.privateJwk, jwe);
    expect(read(opened.plaintext)).toBe('密码 258046');
    expect(opened.header).toMatchObject({
      alg: 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      kid: key.kid,
      ctx: 'apply:wechat',
    });
  });

  it('node:crypto opens what jose sealed', async () => {
    const key = await generateEncryptionKeyPair();
    const jwe = await joseSeal(key.publicJwk, text.encode('135790'), { ctx: 'c' });
    const opened = await node.open(key.privateJwk, jwe);
    expect(read(opened.plaintext)).toBe('135790');
    expect(opened.header.ctx).toBe('c');
  });

  it('refuses another key, a changed byte in any part, and a changed header', async () => {
    const key = await generateEncryptionKeyPair();
    const other = await generateEncryptionKeyPair();
    const jwe = await node.seal(key.publicJwk, text.encode('135790'), { ctx: 'a' });
    await expect(node.open(other.privateJwk, jwe)).rejects.toThrow();
    const parts = jwe.split('.');
    for (let part = 1; part < 5; part++) {
      const bytes = Buffer.from(parts[part]!, 'base64url');
      bytes[0]! ^= 1;
      const changed = [...parts];
      changed[part] = bytes.toString('base64url');
      await expect(node.open(key.privateJwk, changed.join('.'))).rejects.toThrow();
    }
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString());
    const withCtx = [b64({ ...header, ctx: 'b' }), ...parts.slice(1)].join('.');
    await expect(node.open(key.privateJwk, withCtx)).rejects.toThrow();
  });

  it('refuses an ephemeral key off the curve, other algorithms, extensions and compression', async () => {
    const key = await generateEncryptionKeyPair();
    const jwe = await node.seal(key.publicJwk, text.encode('135790'), {});
    const [h, ...rest] = jwe.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    const offCurve = { ...header.epk, y: Buffer.alloc(32, 7).toString('base64url') };
    for (const changed of [
      { ...header, epk: offCurve },
      { ...header, alg: 'ECDH-ES' },
      { ...header, enc: 'A128GCM' },
      { ...header, crit: ['ctx'] },
      { ...header, zip: 'DEF' },
    ]) {
      await expect(node.open(key.privateJwk, [b64(changed), ...rest].join('.'))).rejects.toThrow();
      await expect(joseOpen(key.privateJwk, [b64(changed), ...rest].join('.'))).rejects.toThrow();
    }
  });
});
