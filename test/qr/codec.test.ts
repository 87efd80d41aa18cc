import * as fc from 'fast-check';
import { encode } from 'uqr';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  publicJwks,
  randomBytes,
  type SigningKeyPair,
} from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { BASE45_ALPHABET, base45Decode, base45Encode } from '../../src/qr/base45.js';
import {
  encodeQrPayload,
  holderInitial,
  maskedHolderName,
  parseQrText,
  QR_CARD_REF_BYTES,
  QR_MAX_CHANNEL_ID_BYTES,
  QR_MAX_TEXT_LENGTH,
  QR_MAX_TTL_SECONDS,
  QR_NONCE_BYTES,
  QR_TEXT_PREFIX,
  type QrPayload,
  qrReplayKey,
  shortKeyId,
  signQr,
  verifyQrSignature,
} from '../../src/qr/codec.js';
import { createQrPayload } from '../../src/qr/payload.js';
import { qrVersion, renderQrSvg, renderQrTerminal } from '../../src/qr/render.js';

const te = new TextEncoder();
const td = new TextDecoder();
const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

function expectMalformed(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isEsscError(thrown, 'QR_MALFORMED')).toBe(true);
}

describe('base45 (RFC 9285)', () => {
  it('matches the RFC test vectors', () => {
    expect(base45Encode(te.encode('AB'))).toBe('BB8');
    expect(base45Encode(te.encode('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(te.encode('base-45'))).toBe('UJCLQE7W581');
    expect(td.decode(base45Decode('QED8WEX0'))).toBe('ietf!');
    expect(base45Encode(new Uint8Array(0))).toBe('');
    expect(base45Decode('')).toEqual(new Uint8Array(0));
  });

  it('round-trips any bytes, within the QR alphanumeric alphabet', () => {
    expect(BASE45_ALPHABET).toHaveLength(45);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base45Encode(b);
        expect(s).toMatch(QR_ALPHANUMERIC);
        expect(s.length).toBe(Math.floor(b.length / 2) * 3 + (b.length % 2) * 2);
        expect(base45Decode(s)).toEqual(b);
      }),
    );
  });

  it('rejects invalid input with QR_MALFORMED', () => {
    // GGW = 16 + 16·45 + 32·2025 = 65536 > 65535; the RFC says such input must be rejected.
    for (const bad of ['A', 'ABCD', 'GGW', ':::', 'bb8', 'BB8\n', 'BB#', 'ÄÄÄ', 'Z:', '::']) {
      expectMalformed(() => base45Decode(bad));
    }
    expect(base45Decode('FGW')).toEqual(new Uint8Array([255, 255]));
    expect(base45Decode('U5')).toEqual(new Uint8Array([255]));
  });
});

describe('QR payload codec', () => {
  let key: SigningKeyPair;
  let other: SigningKeyPair;
  let base: QrPayload;
  let maximal: QrPayload;

  beforeAll(async () => {
    key = await generateSigningKeyPair('platform-1');
    other = await generateSigningKeyPair('platform-2');
    base = {
      version: 1,
      keyId: await shortKeyId(key.publicJwk),
      purpose: 'identity',
      issuedAt: 1_760_000_000,
      expiresAt: 1_760_000_060,
      channelId: 'wechat',
      cardRef: randomBytes(QR_CARD_REF_BYTES),
      regionCode: '440100',
      holderSurname: '张',
      nonce: randomBytes(QR_NONCE_BYTES),
    };
    maximal = {
      ...base,
      purpose: 'payment',
      issuedAt: 0xffffffff - QR_MAX_TTL_SECONDS,
      expiresAt: 0xffffffff,
      channelId: 'bank-app-icbc-01', // 16 bytes, the longest allowed
      regionCode: '999999',
      holderSurname: '\uffef', // 3 UTF-8 bytes, the longest initial
      cardRef: new Uint8Array(QR_CARD_REF_BYTES).fill(0xff),
      nonce: new Uint8Array(QR_NONCE_BYTES).fill(0xff),
    };
    expect(te.encode(maximal.channelId).length).toBe(QR_MAX_CHANNEL_ID_BYTES);
  });

  it('round-trips, and the signature verifies with the JWKS', async () => {
    const text = await signQr(base, key);
    expect(text.startsWith(QR_TEXT_PREFIX)).toBe(true);
    const parsed = parseQrText(text);
    expect(parsed.payload).toEqual(base);
    expect(parsed.signature).toHaveLength(64);
    expect(parsed.signedBytes).toEqual(encodeQrPayload(base));
    expect(maskedHolderName(parsed.payload)).toBe('张*');
    const jwks = publicJwks([other, key]);
    expect((await verifyQrSignature(parsed, jwks))?.kid).toBe('platform-1');
    expect(await verifyQrSignature(parsed, publicJwks([other]))).toBeUndefined();
    expect(await verifyQrSignature(parsed, [{ kty: 'EC' }, ...jwks.keys])).toBeDefined();
  });

  it('a maximal code fits QR version 7 at level M, in alphanumeric characters only', async () => {
    const text = await signQr(maximal, key);
    expect(parseQrText(text).payload).toEqual(maximal);
    expect(text).toMatch(QR_ALPHANUMERIC);
    expect(text.length).toBeLessThanOrEqual(QR_MAX_TEXT_LENGTH);
    expect(text.length).toBe(178);
    expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(7);
    expect(qrVersion(text)).toBe(encode(text, { ecc: 'M' }).version);
    // The limit is in UTF-8 bytes: 5 CJK characters + 1 ASCII = 16 bytes fit, 6 CJK do not.
    const cjk = await signQr({ ...maximal, channelId: '农业银行掌x' }, key);
    expect(cjk.length).toBe(178);
    expect(encode(cjk, { ecc: 'M' }).version).toBeLessThanOrEqual(7);
    const tooLong = await signQr({ ...maximal, channelId: '农业银行掌银' }, key).catch(
      (e: unknown) => e,
    );
    expect(isEsscError(tooLong, 'VALIDATION_FAILED')).toBe(true);
  });

  it('under the sm suite (R34) a maximal code is as long, fits 7-M, and verifies with SM2 keys only', async () => {
    const smKey = await generateSigningKeyPair('platform-sm', 'sm');
    const smMaximal = { ...maximal, keyId: await shortKeyId(smKey.publicJwk) };
    const text = await signQr(smMaximal, smKey);
    expect(text.length).toBe(178);
    expect(text).toMatch(QR_ALPHANUMERIC);
    expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(7);
    const parsed = parseQrText(text);
    expect(parsed.payload).toEqual(smMaximal);
    expect(parsed.signature).toHaveLength(64);
    expect((await verifyQrSignature(parsed, publicJwks([key, smKey])))?.kid).toBe('platform-sm');
    expect(await verifyQrSignature(parsed, publicJwks([key]))).toBeUndefined();
    const joseParsed = parseQrText(await signQr(maximal, key));
    expect(await verifyQrSignature(joseParsed, publicJwks([smKey]))).toBeUndefined();
  });

  it('the text is unique per code: a fresh nonce changes it', async () => {
    const a = await createQrPayload({
      key,
      purpose: 'identity',
      now: 1_760_000_000_999,
      channelId: 'alipay',
      cardRef: randomBytes(QR_CARD_REF_BYTES),
      regionCode: '110105',
      holderName: '欧阳娜娜',
    });
    const b = { ...a, nonce: randomBytes(QR_NONCE_BYTES) };
    expect(a.issuedAt).toBe(1_760_000_000);
    expect(a.expiresAt - a.issuedAt).toBe(60);
    expect(a.holderSurname).toBe('欧');
    expect(await signQr(a, key)).not.toBe(await signQr(b, key));
    expect(qrReplayKey(a)).not.toBe(qrReplayKey(b));
    expect(qrReplayKey(a)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses payloads that do not fit, listing the fields', async () => {
    const cases: [Partial<QrPayload>, string][] = [
      [{ channelId: '' }, 'channelId'],
      [{ channelId: 'x'.repeat(17) }, 'channelId'],
      [{ channelId: 'a\nb' }, 'channelId'],
      [{ channelId: '\ud800' }, 'channelId'],
      [{ holderSurname: '' }, 'holderSurname'],
      [{ holderSurname: '张三' }, 'holderSurname'],
      [{ holderSurname: '𠮷' }, 'holderSurname'],
      [{ holderSurname: '\t' }, 'holderSurname'],
      [{ expiresAt: base.issuedAt }, 'expiresAt'],
      [{ expiresAt: base.issuedAt + 256 }, 'expiresAt'],
      [{ expiresAt: base.issuedAt + 1.5 }, 'expiresAt'],
      [{ issuedAt: -1, expiresAt: 59 }, 'issuedAt'],
      [{ issuedAt: 2 ** 32, expiresAt: 2 ** 32 + 60 }, 'issuedAt'],
      [{ regionCode: '44010' }, 'regionCode'],
      [{ regionCode: '44010a' }, 'regionCode'],
      [{ cardRef: new Uint8Array(16) }, 'cardRef'],
      [{ nonce: new Uint8Array(7) }, 'nonce'],
      [{ keyId: new Uint8Array(3) }, 'keyId'],
      [{ purpose: 'login' as never }, 'purpose'],
      [{ purpose: 'toString' as never }, 'purpose'],
      [{ version: 2 as never }, 'version'],
    ];
    for (const [patch, field] of cases) {
      let thrown: unknown;
      try {
        encodeQrPayload({ ...base, ...patch });
      } catch (e) {
        thrown = e;
      }
      expect(isEsscError(thrown, 'VALIDATION_FAILED'), field).toBe(true);
      const issues = (thrown as { details: { issues: { path: string[] }[] } }).details.issues;
      expect(issues.map((i) => i.path[0])).toContain(field);
    }
    // The key id must name the signing key.
    await expect(signQr(base, other)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('holderInitial', () => {
    expect(holderInitial('张三')).toBe('张');
    expect(holderInitial('阿依古丽·买买提')).toBe('阿');
    expect(holderInitial('𠮷野家')).toBe('*');
    expect(holderInitial('')).toBe('*');
  });

  it('parseQrText throws QR_MALFORMED on bad input', async () => {
    const text = await signQr(base, key);
    const bytes = base45Decode(text.slice(QR_TEXT_PREFIX.length));
    const reencode = (b: Uint8Array) => QR_TEXT_PREFIX + base45Encode(b);
    const withByte = (i: number, v: number) => {
      const b = bytes.slice();
      b[i] = v;
      return reencode(b);
    };
    const inputs: unknown[] = [
      '',
      'EC1:',
      'A'.repeat(100_000),
      `EC1:${'0'.repeat(100_000)}`,
      text.toLowerCase(),
      `ec1:${text.slice(4)}`,
      `EC2:${text.slice(4)}`,
      `HC1:${text.slice(4)}`, // an EU DCC, another platform's code
      'https://example.com/login?x=1',
      text.slice(0, -1),
      text.slice(0, -2),
      `${text}0`,
      `${text}00`,
      `${text}\n`,
      `\u0000${text.slice(1)}`,
      reencode(bytes.slice(0, -1)), // truncated signature
      reencode(new Uint8Array([...bytes, 0])), // trailing byte
      withByte(0, 0x20), // version 2
      withByte(0, 0x16), // unknown kind (0x12–0x15 are on-behalf identity codes, R32)
      withByte(9, 0), // zero ttl
      withByte(10, 0xff), // region > 999999
      withByte(33, 0xff), // invalid UTF-8 in the channel id
      withByte(33, 0x0a), // control character in the channel id
      withByte(33 + 6, 0x09), // control character as the initial
      withByte(33 + 6, 0xf0), // 4-byte initial
      null,
      42,
      new Uint8Array(5),
    ];
    for (const input of inputs) expectMalformed(() => parseQrText(input as string));
  });

  it('parseQrText never throws anything but QR_MALFORMED on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .array(fc.constantFrom(...BASE45_ALPHABET), { minLength: 140, maxLength: 180 })
            .map((cs) => `EC1:${cs.join('')}`),
          fc
            .uint8Array({ minLength: 90, maxLength: 120 })
            .map((b) => QR_TEXT_PREFIX + base45Encode(b)),
        ),
        (s) => {
          try {
            parseQrText(s);
          } catch (e) {
            expect(isEsscError(e, 'QR_MALFORMED')).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a mutated valid text either parses (and then fails the signature) or throws QR_MALFORMED', async () => {
    const text = await signQr(base, key);
    const jwks = publicJwks([key]);
    const mutated = fc
      .tuple(
        fc.nat({ max: text.length - 1 }),
        fc.oneof(fc.constantFrom(...BASE45_ALPHABET), fc.string({ minLength: 0, maxLength: 2 })),
        fc.constantFrom('replace', 'insert', 'delete'),
      )
      .map(([i, c, op]) =>
        op === 'replace'
          ? text.slice(0, i) + c + text.slice(i + 1)
          : op === 'insert'
            ? text.slice(0, i) + c + text.slice(i)
            : text.slice(0, i) + text.slice(i + 1),
      );
    await fc.assert(
      fc.asyncProperty(mutated, async (s) => {
        let parsed: ReturnType<typeof parseQrText>;
        try {
          parsed = parseQrText(s);
        } catch (e) {
          expect(isEsscError(e, 'QR_MALFORMED')).toBe(true);
          return;
        }
        // Parsed: only the original text may carry a valid signature.
        expect((await verifyQrSignature(parsed, jwks)) !== undefined).toBe(s === text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rendering', () => {
  it('renders an SVG document and a terminal block of equal-width lines', async () => {
    const key = await generateSigningKeyPair();
    const text = await signQr(
      await createQrPayload({
        key,
        purpose: 'identity',
        now: Date.now(),
        channelId: 'wechat',
        cardRef: randomBytes(QR_CARD_REF_BYTES),
        regionCode: '440100',
        holderName: '张三',
      }),
      key,
    );
    const svg = renderQrSvg(text);
    expect(svg.trimStart().startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    const lines = renderQrTerminal(text).split('\n');
    expect(lines.length).toBeGreaterThan(20);
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
    // Version ≤ 7: 45 modules + 2×2 quiet zone.
    expect([...lines[0]!].length).toBeLessThanOrEqual(49);
    expect(qrVersion(text)).toBeLessThanOrEqual(7);
  });
});
