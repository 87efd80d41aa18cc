import { randomId } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import type { HostedLaunch } from '../domain/hosted.js';
import { validationError } from '../domain/validation.js';
import type { EngineContext } from './context.js';
import { LaunchRegistry, launchUsed } from './hosted-launches.js';
import { checkReturnUrl } from './hosted-receipts.js';
import { HostedSteps, missing, type RunOperation, refusalCode } from './hosted-steps.js';
import { type HostedStepInput, type HostedView, viewOf } from './hosted-view.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

export type { HostedStepInput, HostedStepName, HostedView } from './hosted-view.js';

/** Where the pages are served when the platform is not told (the sandbox passes its origin). */
export const DEFAULT_HOSTED_BASE_URL = 'https://essc.example.cn';

/**
 * Hosted pages (托管页面, R35–R38): the launch a channel's server makes (`launchHosted`), and
 * the state machine its page runs on the platform: {@link Hosted.view} shows a step,
 * {@link Hosted.step} submits one. The launches are kept in `hosted-launches.ts`, what a page
 * shows is built in `hosted-view.ts`, and each step's work — the same operations as the API
 * (R37), through the pipeline, with idempotency keys of the launch (R20) — is in
 * `hosted-steps.ts`. A page ends with a signed receipt (R36, `hosted-receipts.ts`), also sent
 * to the channel as a `hosted.completed` notification.
 */
export class Hosted {
  private readonly launches: LaunchRegistry;
  private readonly steps: HostedSteps;
  private baseUrl: string;

  constructor(
    private readonly ctx: EngineContext,
    run: RunOperation,
  ) {
    this.baseUrl = ctx.options.hostedBaseUrl ?? DEFAULT_HOSTED_BASE_URL;
    this.launches = new LaunchRegistry(ctx);
    this.steps = new HostedSteps(ctx, run);
  }

  /** Where the pages are served: `<baseUrl>/hosted/<action>?launch=<id>`. */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'launchHosted'> {
    return { launchHosted: (call) => this.launch(call) };
  }

  /**
   * R35: a channel's server launches a page for one of its users: for a card, the channel's
   * binding of its `signNo` must be that `channelUserId`'s (NOT_BOUND otherwise); an apply has
   * no binding yet (the apply itself refuses a person this channel holds, ALREADY_BOUND). It
   * takes no person's lock (the row's `lockBy: 'handler'`): it only reads the binding; the
   * page's steps lock.
   */
  async launch({ caller, input }: OperationCall<'launchHosted'>): Promise<HostedLaunch> {
    const { ctx } = this;
    if (input.action === 'apply') {
      if (!input.person) throw missing('person', 'is needed to apply');
      if (input.signNo !== undefined) throw notTaken('signNo', 'apply');
    } else {
      if (input.signNo === undefined) throw missing('signNo', `is needed for ${input.action}`);
      if (input.person) throw notTaken('person', input.action);
      // The channel's binding of the card must be this user's: a launch for another of its
      // users' signNo would show that user's card and codes, and pair the two in the receipt.
      const binding = ctx.registry.requireBinding(caller, input.signNo);
      if (binding.channelUserId !== input.channelUserId) {
        throw new EsscError(
          'NOT_BOUND',
          'This channel holds no binding of that sign number for this channelUserId.',
        );
      }
    }
    checkReturnUrl(input.returnUrl, this.steps.testMode);
    const launch = this.launches.create({
      channelId: caller,
      channelUserId: input.channelUserId,
      action: input.action,
      person: input.person,
      signNo: input.signNo,
      returnUrl: input.returnUrl,
    });
    return {
      url: `${this.baseUrl}/hosted/${launch.action}?launch=${launch.id}`,
      busiSeq: launch.busiSeq,
      expiresAt: new Date(launch.expiresAt).toISOString(),
    };
  }

  /**
   * What the page of a launch shows now. Loading it again changes nothing. A finished launch
   * is LAUNCH_USED; one past its 10 minutes (or never made) LAUNCH_EXPIRED. The card page's
   * refresh can end the page (its getCard refused), so a view runs under the launch's lock as
   * {@link step} does, and finds it not done there: a view and a submission never both end it.
   */
  view(launchId: string): Promise<HostedView> {
    return this.ctx.exclusive(`hosted:${launchId}`, async () => {
      const launch = this.launches.live(launchId);
      if (launch.done) throw launchUsed();
      if (launch.action === 'card' && launch.signNo && launch.step === 'card') {
        try {
          launch.card = await this.steps.runGetCard(launch);
        } catch (error) {
          await this.steps.end(launch, 'closed', refusalCode(error));
        }
      }
      return viewOf(this.ctx, launch);
    });
  }

  /**
   * Submits the page's form for its current step and answers the next view. The token must be
   * the view's: an earlier one (a double submit, a form reloaded from history) applies nothing
   * and answers the current view — the finished view when it is the submission that finished
   * the page; any other token is VALIDATION_FAILED. Submissions (and views) of one launch run
   * one at a time.
   */
  step(launchId: string, input: HostedStepInput): Promise<HostedView> {
    return this.ctx.exclusive(`hosted:${launchId}`, async () => {
      const launch = this.launches.live(launchId);
      if (launch.done) {
        if (input.token === launch.done.token) return viewOf(this.ctx, launch);
        throw launchUsed();
      }
      if (typeof input?.token !== 'string' || input.token !== launch.token) {
        if (launch.pastTokens.has(input?.token as string)) return viewOf(this.ctx, launch);
        throw validationError('The page is out of date: load it again.', {
          path: ['token'],
          message: 'not the page’s current token',
        });
      }
      launch.pastTokens.add(launch.token);
      launch.token = randomId(16);
      launch.submissions += 1;
      launch.error = undefined;
      if (input.cancel === true) {
        await this.steps.end(launch, 'closed', undefined, input.token);
        return viewOf(this.ctx, launch);
      }
      try {
        await this.steps.advance(launch, input);
      } catch (error) {
        if (!isEsscError(error)) throw error;
        await this.steps.refused(launch, error, input.token);
      }
      return viewOf(this.ctx, launch);
    });
  }
}

function notTaken(field: string, action: string): EsscError<'VALIDATION_FAILED'> {
  return validationError(`${field} is not taken by ${action}.`, {
    path: [field],
    message: `not taken by ${action}`,
  });
}
