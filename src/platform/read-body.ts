/**
 * Reads a fetch-style request's body, refusing more than `limit` bytes without buffering them:
 * the declared `content-length` first, then the stream as it arrives (it is cancelled as soon
 * as the limit is passed). The sandbox, the relay handler and webhook verification all read
 * untrusted bodies this way; each answers a flood with its own error, made by `tooLarge`.
 * A failure of the stream itself is thrown as it is.
 *
 * @internal
 */
export async function readBodyAtMost(
  request: Request,
  limit: number,
  tooLarge: () => unknown,
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  if (typeof request.body.getReader !== 'function') {
    // A Request of some other fetch implementation: read it whole, then judge its size.
    const whole = new Uint8Array(await request.arrayBuffer());
    if (whole.byteLength > limit) throw tooLarge();
    return whole;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
