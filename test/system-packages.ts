/**
 * The Debian packages the full suite needs beyond `npm ci`, and the one command that installs
 * them: the same packages `.ci/run` installs (test/docs/system-packages.test.ts keeps the two
 * and the README in step). A suite that needs one and does not find it is skipped with
 * {@link warnSkipped}, which names the package and the command.
 */

/** `chromium` drives the browser tests, `redis-server` the Redis ones; the font draws Chinese. */
export const SYSTEM_PACKAGES = ['chromium', 'redis-server', 'fonts-wqy-microhei'] as const;

/** A package of {@link SYSTEM_PACKAGES}. */
export type SystemPackage = (typeof SYSTEM_PACKAGES)[number];

/** The command that installs every one of them (Debian, Ubuntu). */
export const SYSTEM_PACKAGES_INSTALL = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${SYSTEM_PACKAGES.join(' ')}`;

/** Why a suite does not run, and how to make it run: `<file>: skipped, …`. */
export function skipMessage(file: string, missing: SystemPackage): string {
  return `${file}: skipped, Debian's ${missing} is not installed. The full suite needs ${SYSTEM_PACKAGES.join(', ')}: ${SYSTEM_PACKAGES_INSTALL}`;
}

/** Prints {@link skipMessage} once, when the package is missing and this is not CI (CI fails instead). */
export function warnSkipped(file: string, missing: SystemPackage, installed: boolean): void {
  if (!installed && !process.env.CI) console.warn(skipMessage(file, missing));
}
