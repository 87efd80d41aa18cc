/**
 * Rendering QR text as a symbol, for demos, terminals and web pages (uqr, no canvas needed).
 * Error correction M is the default everywhere because the size budget of the e-card code
 * (version ≤ 7) is defined at level M.
 */
import { encode, renderSVG, renderUnicodeCompact } from 'uqr';

/**
 * QR error correction level: L 7 %, M 15 % (the default: the e-card code's size budget is
 * defined at M), Q 25 %, H 30 % of the symbol recoverable.
 *
 * @example
 * ```ts
 * const ecc: QrEcc = 'Q'; // a printed code that may get scuffed
 * renderQrSvg(session.qrText, { ecc });
 * ```
 */
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

/**
 * Options of {@link renderQrSvg}.
 */
export interface RenderQrSvgOptions {
  /** Error correction; default `'M'`. */
  ecc?: QrEcc;
  /** Size of one module in SVG units; default 8. */
  pixelSize?: number;
  /** Quiet zone in modules; default 4, the minimum ISO/IEC 18004 asks for. */
  border?: number;
  /** Dark module colour; default `'black'`. */
  blackColor?: string;
  /** Light module colour; default `'white'`. */
  whiteColor?: string;
}

/**
 * Renders QR text as a standalone SVG document string.
 *
 * @example
 * ```ts
 * document.querySelector('#qr')!.innerHTML = renderQrSvg(dynamicQr.text);
 * ```
 */
export function renderQrSvg(text: string, options: RenderQrSvgOptions = {}): string {
  return renderSVG(text, {
    ecc: options.ecc ?? 'M',
    pixelSize: options.pixelSize ?? 8,
    border: options.border ?? 4,
    blackColor: options.blackColor ?? 'black',
    whiteColor: options.whiteColor ?? 'white',
  });
}

/**
 * Renders QR text for a terminal with half-block characters (two module rows per line), with
 * a 2-module quiet zone so phone cameras find the finder patterns. Every line has the same
 * width. Light-on-dark, as most terminals are.
 *
 * @example
 * ```ts
 * console.log(renderQrTerminal(dynamicQr.text));
 * ```
 */
export function renderQrTerminal(text: string): string {
  return renderUnicodeCompact(text, { ecc: 'M', border: 2 });
}

/**
 * The QR version (1–40) the text needs at the given error correction (default M). The e-card
 * code's budget is version ≤ 7 at M.
 *
 * @example
 * ```ts
 * qrVersion(dynamicQr.text); // 7 for the longest codes
 * ```
 */
export function qrVersion(text: string, ecc: QrEcc = 'M'): number {
  return encode(text, { ecc }).version;
}
