/**
 * essc-sdk/render: draws a QR code (the dynamic e-card code, a portal's login code) as SVG or
 * as terminal text. Pure JavaScript: runs in mini-programs, browsers and Node.
 *
 * @packageDocumentation
 */
export {
  type QrEcc,
  qrVersion,
  type RenderQrSvgOptions,
  renderQrSvg,
  renderQrTerminal,
} from '../qr/render.js';
