/**
 * essc-sdk/regions: region names by GB/T 2260 code (`440100` → 广州市), for the region code
 * of a card, a scanned code or a login. A separate import because the table is the largest
 * thing the SDK ships for mini-programs (see docs/performance.md); `essc-sdk/i18n` does not
 * load it. Runs everywhere, like the core.
 *
 * @packageDocumentation
 */
export { REGIONS_SOURCE, regionFullName, regionName } from './regions.js';
