/**
 * What to tell the user when a call fails: the SDK's sentence for the citizen
 * (`userMessage` of essc-sdk/i18n: what happened, what to do, the attempts left, the card's
 * status by name, when to retry). The error's own `message` stays English, for the log.
 */
import { userMessage } from 'essc-sdk/i18n';
import { forgetSession } from './session';

/** The message for a failure; a refused session is forgotten, so a retry signs in again. */
export function messageOf(error: unknown): string {
  if ((error as { code?: unknown } | null)?.code === 'CHANNEL_UNAUTHORIZED') forgetSession();
  return userMessage(error);
}
