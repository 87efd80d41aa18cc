/**
 * essc-sdk/errors: what to do next about each error code, the long texts the core leaves out
 * (`ERROR_TABLE` keeps the Chinese term, meaning, retryable flag and HTTP status). Runs
 * everywhere, like the core.
 *
 * @packageDocumentation
 */
export { ERROR_ACTIONS, errorAction } from '../domain/error-actions.js';
export { ERROR_MEANINGS, errorMeaning } from '../domain/error-meanings.js';
