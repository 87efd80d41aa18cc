/**
 * The ISO 8601 texts of a QR code's times (`issuedAt`, `expiresAt`: whole unix seconds), made
 * once per second instead of once per code: issuing and verifying run thousands of codes a
 * second, and a `Date` plus `toISOString` per field is a measurable share of each.
 *
 * @internal
 */

/**
 * A converter from unix seconds to ISO 8601 that remembers the last second it was asked, so
 * codes of the same second share one string. Keep one per field (issued, expires): the two
 * alternate, and a single memory would miss every time.
 */
export function isoSecondsMemo(): (seconds: number) => string {
  let last = Number.NaN;
  let text = '';
  return (seconds) => {
    if (seconds !== last) {
      text = new Date(seconds * 1000).toISOString();
      last = seconds;
    }
    return text;
  };
}
