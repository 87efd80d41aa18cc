import { EsscError } from '../domain/errors.js';
import { parseInput } from '../domain/parse-input.js';
import {
  QUERY_TOPICS,
  type QueryResult,
  type QueryTopic,
  RECORD_SCHEMAS,
  type TopicRecords,
} from '../domain/records.js';
import type { EngineContext } from './context.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

/**
 * Information queries (信息查询, R28): the platform's records per person and topic, added by
 * the back office, read by the holder with user verification ("是我查询") on an active card.
 * Business applications read the same records for eligibility.
 */
export class Queries {
  /** idNumber → topic → records, in the order they were added. */
  private readonly byPerson = new Map<string, Map<QueryTopic, unknown[]>>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly family: Family,
  ) {}

  /** The back office adds one record (validated against its topic's schema) for a known person. */
  addRecord(idNumber: string, topic: QueryTopic, record: unknown): void {
    this.ctx.registry.requirePerson(idNumber);
    const checkedTopic = requireTopic(topic);
    const checked = parseInput(RECORD_SCHEMAS[checkedTopic], record);
    let topics = this.byPerson.get(idNumber);
    if (!topics) {
      topics = new Map();
      this.byPerson.set(idNumber, topics);
    }
    const list = topics.get(checkedTopic) ?? [];
    list.push(checked);
    topics.set(checkedTopic, list);
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'query'> {
    return {
      query: (call) => this.query(call),
    };
  }

  /** A person's records of one topic (a copy: callers cannot change the platform's). */
  recordsOf<T extends QueryTopic>(idNumber: string, topic: T): TopicRecords[T][] {
    const list = (this.byPerson.get(idNumber)?.get(topic) ?? []) as TopicRecords[T][];
    return list.map((record) => ({ ...record }));
  }

  /** The back office's view: how many records a person has per topic. */
  recordCounts(idNumber: string): Partial<Record<QueryTopic, number>> {
    const counts: Partial<Record<QueryTopic, number>> = {};
    for (const [topic, list] of this.byPerson.get(idNumber) ?? []) counts[topic] = list.length;
    return counts;
  }

  /**
   * R28: the holder's records of a topic, or, with `memberId`, a family member's (R32: with the
   * holder's verification, both cards active; {@link Family.forMember} decides).
   */
  async query({ caller: channelId, input }: OperationCall<'query'>): Promise<QueryResult> {
    const { ctx } = this;
    const topic = requireTopic(input.topic);
    const member =
      input.memberId === undefined
        ? undefined
        : this.family.forMember(channelId, input.signNo, input.memberId, 'query');
    const { ecard } = member?.holder ?? ctx.registry.requireActive(channelId, input.signNo);
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    const whose = member?.person.idNumber ?? ecard.idNumber;
    return { topic, records: this.recordsOf(whose, topic) } as QueryResult;
  }
}

/** An unknown topic (a wire caller can send anything): VALIDATION_FAILED naming the field. */
function requireTopic(topic: unknown): QueryTopic {
  if ((QUERY_TOPICS as readonly unknown[]).includes(topic)) return topic as QueryTopic;
  const message = `The topic must be one of ${QUERY_TOPICS.join(', ')}.`;
  throw new EsscError('VALIDATION_FAILED', `Invalid input. topic: ${message}`, {
    details: { issues: [{ path: ['topic'], message }] },
  });
}
