/**
 * A QR code as an `<image src>`: the SVG of `renderQrSvg` in a base64 data URI. WeChat's
 * `<image>` shows SVG from a data URI; `btoa` is not there in every base library, so the
 * (ASCII) SVG is encoded here.
 */
import { renderQrSvg } from 'essc-sdk/render';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : Number.NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : Number.NaN;
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += ALPHABET[(bits >> 18) & 63]! + ALPHABET[(bits >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : ALPHABET[(bits >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : ALPHABET[bits & 63]!;
  }
  return out;
}

export function qrImage(text: string): string {
  return `data:image/svg+xml;base64,${base64Ascii(renderQrSvg(text, { pixelSize: 8 }))}`;
}
