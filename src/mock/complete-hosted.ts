import { EsscError } from '../domain/errors.js';
import type { HostedAnswers } from '../domain/hosted.js';
import { validationError } from '../domain/validation.js';
import type { HostedStepInput, HostedView, PlatformEngine } from '../engine/engine.js';

/** The launch id of a hosted page's url (`…/hosted/<action>?launch=<id>`). */
export function launchIdOf(url: string): string {
  const match = typeof url === 'string' ? /[?&]launch=([A-Za-z0-9_-]+)/.exec(url) : null;
  if (!match) {
    throw validationError('Not a hosted page url (…/hosted/<action>?launch=<id>).', {
      path: ['url'],
      message: 'not a hosted page url',
    });
  }
  return match[1]!;
}

/** The submission of `answers` for the step a view shows. */
function submission(view: HostedView, answers: HostedAnswers): HostedStepInput {
  const { token } = view;
  if (answers.cancel) return { token, cancel: true };
  const need = (field: 'password' | 'newPassword', value: string | undefined): string => {
    if (value === undefined) {
      throw validationError(`completeHosted: the ${view.step} step needs ${field}.`, {
        path: [field],
        message: 'is needed',
      });
    }
    return value;
  };
  switch (view.step) {
    case 'face':
      return { token, face: answers.face ?? 'pass' };
    case 'password':
      return { token, password: need('password', answers.password) };
    case 'new-password':
      return {
        token,
        newPassword: need(
          'newPassword',
          answers.newPassword ?? (view.action === 'apply' ? answers.password : undefined),
        ),
      };
    case 'old-and-new-password':
      return {
        token,
        password: need('password', answers.password),
        newPassword: need('newPassword', answers.newPassword),
      };
    default:
      // The card page ends when the citizen leaves it.
      return { token, cancel: true };
  }
}

/**
 * Drives a hosted page as its citizen would (R38), step by step with `answers`, and answers
 * its receipt once it ends. A step refused while the page stays open (a wrong password: the
 * attempts left in `details`; a weak new password) throws that refusal, and the page waits at
 * that step: call again with other answers.
 */
export async function completeHosted(
  engine: PlatformEngine,
  url: string,
  answers: HostedAnswers = {},
): Promise<string> {
  const launchId = launchIdOf(url);
  let view = await engine.hostedView(launchId);
  // Each pass moves the page on a step or throws; no page has more than three.
  for (let steps = 0; steps < 4 && !view.done; steps += 1) {
    view = await engine.hostedStep(launchId, submission(view, answers));
    if (view.error && !view.done) {
      const { code, details } = view.error;
      throw new EsscError(code, `The hosted page refused the ${view.step} step.`, {
        ...(details === undefined ? {} : { details: details as never }),
      });
    }
  }
  if (!view.done) throw new Error('completeHosted: the page did not end');
  return view.done.receipt;
}
