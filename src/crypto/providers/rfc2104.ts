/**
 * Private: HMAC (RFC 2104) over any digest. WebCrypto's own HMAC refuses an empty key, which
 * `node:crypto` accepts, so the web provider builds HMAC from its digest instead; a provider
 * of the national suite gets HMAC-SM3 the same way from SM3.
 *
 * @internal
 */

/** HMAC with `digest` (block `blockBytes`, output `outBytes`; SHA-256 and SM3: 64 and 32). */
export async function hmacWithDigest(
  digest: (data: Uint8Array) => Promise<Uint8Array>,
  key: Uint8Array,
  message: Uint8Array,
  blockBytes = 64,
  outBytes = 32,
): Promise<Uint8Array> {
  const block = new Uint8Array(blockBytes);
  block.set(key.length > blockBytes ? await digest(key) : key);
  const inner = new Uint8Array(blockBytes + message.length);
  const outer = new Uint8Array(blockBytes + outBytes);
  for (let i = 0; i < blockBytes; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(message, blockBytes);
  outer.set(await digest(inner), blockBytes);
  return digest(outer);
}
