import * as z from 'zod/mini';
import { randomId } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { parseInput } from '../domain/parse-input.js';
import {
  type Application,
  type ApplicationStatus,
  SERVICE_IDS,
  type ServiceId,
} from '../domain/services.js';
import type { EngineContext } from './context.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import type { Queries } from './queries.js';
import { SERVICE_CATALOGUE, type ServiceEntry } from './services-catalogue.js';
import { releasedOnRefusal } from './user-verification.js';

/** Who moves an application. */
type Actor = 'holder' | 'back-office';

/**
 * R29's state machine, the one place it is written: every allowed move, and who makes it.
 * Anything not listed is APPLICATION_STATE.
 */
const TRANSITIONS: readonly { from: ApplicationStatus; to: ApplicationStatus; by: Actor }[] = [
  { from: 'submitted', to: 'withdrawn', by: 'holder' },
  { from: 'submitted', to: 'accepted', by: 'back-office' },
  { from: 'submitted', to: 'rejected', by: 'back-office' },
  { from: 'accepted', to: 'approved', by: 'back-office' },
  { from: 'accepted', to: 'rejected', by: 'back-office' },
];

/** Open applications block a second one for the same service. */
const OPEN: ReadonlySet<ApplicationStatus> = new Set(['submitted', 'accepted']);

interface ApplicationRecord {
  applicationId: string;
  idNumber: string;
  signNo: string;
  service: ServiceId;
  /** The validated form, kept for the back office; never shown in notifications. */
  form: unknown;
  status: ApplicationStatus;
  submittedAt: number;
  updatedAt: number;
  note?: string;
}

/**
 * Business applications (业务申办, R29): submitted with user verification on an active card,
 * the form checked against the service's schema, eligibility against the platform's records;
 * moved by the back office along {@link TRANSITIONS}; the bound channels told.
 */
export class Applications {
  private readonly byId = new Map<string, ApplicationRecord>();
  /** Each holder's applications in submission order: no request scans everyone's. */
  private readonly byPerson = new Map<string, ApplicationRecord[]>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly queries: Queries,
  ) {}

  async submitApplication({
    caller: channelId,
    input,
  }: OperationCall<'submitApplication'>): Promise<Application> {
    const { ctx } = this;
    const entry = requireService(input.service) as ServiceEntry;
    // Parsed under `form`, so an issue's path names the field as the caller sent it.
    const { form } = parseInput(z.object({ form: entry.form }), { form: input.form });
    const { ecard } = ctx.registry.requireActive(channelId, input.signNo);
    const check = await ctx.verification.verifyUser(ecard, input.verification, channelId);
    releasedOnRefusal(check, () => {
      for (const open of this.byPerson.get(ecard.idNumber) ?? []) {
        if (open.service === entry.id && OPEN.has(open.status)) {
          throw new EsscError(
            'APPLICATION_OPEN',
            `An application for ${entry.id} is already ${open.status}.`,
          );
        }
      }
      const verdict = entry.eligibility(form as never, (topic) =>
        this.queries.recordsOf(ecard.idNumber, topic),
      );
      if (!verdict.ok) throw new EsscError('NOT_ELIGIBLE', verdict.reason);
    });
    check.consume();
    const now = ctx.now();
    const record: ApplicationRecord = {
      applicationId: `ap_${randomId(16)}`,
      idNumber: ecard.idNumber,
      signNo: ecard.signNo,
      service: entry.id,
      form,
      status: 'submitted',
      submittedAt: now,
      updatedAt: now,
    };
    this.byId.set(record.applicationId, record);
    const own = this.byPerson.get(record.idNumber);
    if (own) own.push(record);
    else this.byPerson.set(record.idNumber, [record]);
    this.notify(record, channelId);
    return view(record);
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<
    OperationHandlers,
    'submitApplication' | 'getApplication' | 'listApplications' | 'withdrawApplication'
  > {
    return {
      submitApplication: (call) => this.submitApplication(call),
      getApplication: (call) => this.getApplication(call),
      listApplications: (call) => this.listApplications(call),
      withdrawApplication: (call) => this.withdrawApplication(call),
    };
  }

  /** Reads one of the holder's applications, in any card status (like getCard, R13). */
  async getApplication({
    caller: channelId,
    input,
  }: OperationCall<'getApplication'>): Promise<Application> {
    return view(this.requireOwn(channelId, input.signNo, input.applicationId));
  }

  /** The holder's applications, newest first, in any card status. */
  async listApplications({
    caller: channelId,
    input,
  }: OperationCall<'listApplications'>): Promise<Application[]> {
    const { ctx } = this;
    const binding = ctx.registry.requireBinding(channelId, input.signNo);
    const { ecard } = ctx.registry.ecardOf(binding.signNo)!;
    return [...(this.byPerson.get(ecard.idNumber) ?? [])].reverse().map(view);
  }

  /** The back office's view: a person's applications, newest first, with the e-card's sign number. */
  applicationsOf(idNumber: string): (Application & { signNo: string })[] {
    return [...(this.byPerson.get(idNumber) ?? [])]
      .reverse()
      .map((record) => ({ ...view(record), signNo: record.signNo }));
  }

  /** The holder withdraws, with verification, while `submitted`; R13: on an active card. */
  async withdrawApplication({
    caller: channelId,
    input,
  }: OperationCall<'withdrawApplication'>): Promise<Application> {
    const { ctx } = this;
    const record = this.requireOwn(channelId, input.signNo, input.applicationId);
    const { ecard } = ctx.registry.requireActive(channelId, input.signNo);
    requireMove(record, 'withdrawn', 'holder');
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    this.move(record, 'withdrawn');
    this.notify(record, channelId);
    return view(record);
  }

  /** The back office decides; serialised with the holder's own operations. */
  reviewApplication(
    applicationId: string,
    input: { decision: 'accepted' | 'approved' | 'rejected'; note?: string },
  ): Promise<Application> {
    const record = this.byId.get(applicationId);
    if (!record) return Promise.reject(notFound());
    return this.ctx.serialised(record.idNumber, () => {
      const decision = input.decision as ApplicationStatus;
      if (!['accepted', 'approved', 'rejected'].includes(decision)) {
        throw new EsscError(
          'VALIDATION_FAILED',
          'The decision must be accepted, approved or rejected.',
          {
            details: { issues: [{ path: ['decision'], message: 'not a decision' }] },
          },
        );
      }
      if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > 500)) {
        throw new EsscError(
          'VALIDATION_FAILED',
          'The note must be text of at most 500 characters.',
          {
            details: { issues: [{ path: ['note'], message: 'at most 500 characters' }] },
          },
        );
      }
      requireMove(record, decision, 'back-office');
      this.move(record, decision, input.note);
      this.notify(record);
      return view(record);
    });
  }

  private move(record: ApplicationRecord, to: ApplicationStatus, note?: string): void {
    record.status = to;
    record.updatedAt = this.ctx.now();
    if (note !== undefined) record.note = note;
  }

  /** The card's bound channels, but not the one that made the move (it has the answer). */
  private notify(record: ApplicationRecord, except?: string): void {
    this.ctx.notifier.notifyBound(
      record.signNo,
      'application.updated',
      {
        application: {
          applicationId: record.applicationId,
          service: record.service,
          status: record.status,
        },
      },
      except,
    );
  }

  private requireOwn(channelId: string, signNo: string, applicationId: string): ApplicationRecord {
    const { registry } = this.ctx;
    const binding = registry.requireBinding(channelId, signNo);
    const { ecard } = registry.ecardOf(binding.signNo)!;
    const record = this.byId.get(applicationId);
    if (!record || record.idNumber !== ecard.idNumber) throw notFound();
    return record;
  }
}

function requireService(service: unknown): ServiceEntry {
  if ((SERVICE_IDS as readonly unknown[]).includes(service)) {
    return SERVICE_CATALOGUE[service as ServiceId] as ServiceEntry;
  }
  const message = `The service must be one of ${SERVICE_IDS.join(', ')}.`;
  throw new EsscError('VALIDATION_FAILED', `Invalid input. service: ${message}`, {
    details: { issues: [{ path: ['service'], message }] },
  });
}

function requireMove(record: ApplicationRecord, to: ApplicationStatus, by: Actor): void {
  if (!TRANSITIONS.some((t) => t.from === record.status && t.to === to && t.by === by)) {
    throw new EsscError(
      'APPLICATION_STATE',
      `The application is ${record.status}; it cannot become ${to}.`,
    );
  }
}

function notFound(): EsscError {
  return new EsscError('APPLICATION_NOT_FOUND', 'No application with this id for this card.');
}

function view(record: ApplicationRecord): Application {
  return {
    applicationId: record.applicationId,
    service: record.service,
    status: record.status,
    submittedAt: new Date(record.submittedAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    ...(record.note !== undefined ? { note: record.note } : {}),
  };
}
