/**
 * What one conformance test works with: a fresh target, a client per channel built only from
 * the target's adapters, made-up people, and a record of every event and refusal, so that a
 * test reads as the rule it checks.
 */

import { expect } from 'vitest';
import { createPaymentTerminal, type PaymentTerminal } from '../acceptor/payment-terminal.js';
import { type CallOptions, createClient, type EsscClient } from '../client/client.js';
import type { EsscClientEvents } from '../client/events.js';
import {
  type ErrorCode,
  type ErrorDetailsMap,
  type EsscError,
  isEsscError,
} from '../domain/errors.js';
import type { ECard, PhysicalCardStatus, RealPersonProof } from '../domain/types.js';
import type { OperationInput } from '../platform/operations.js';
import type { PlatformAdapter, PortalAdapter } from '../platform/port.js';
import { CITIES, CITY_NOT_ENABLED, freshIdNumber, freshName, PASSWORD } from './people.js';
import type { ConformanceTarget } from './target.js';

/** A person the suite added to the platform. */
export interface Person {
  name: string;
  idNumber: string;
  /** The card's issuing city. */
  regionCode: string;
  cardNo: string;
  /** The password the person sets at the first application. */
  password: string;
  /** The person's user id in every channel app. */
  channelUserId: string;
}

/** How {@link World.person} makes a person. */
export interface PersonOptions {
  name?: string;
  /** Whether the card's city has enabled the e-card (default true). */
  regionEnabled?: boolean;
  bankAccountActive?: boolean;
  cardStatus?: PhysicalCardStatus;
  /** The ID number's check character: a digit (default) or `X`. */
  checkChar?: 'digit' | 'X';
  /** Fen (R23). */
  bankBalance?: number;
  /** The medical-insurance accounts (R23). */
  medical?: { personalAccount?: number; coverage?: number; deductible?: number };
  /** The birth date as yyyyMMdd (a child, an elder); random in 1960–1999 by default. */
  birthDate?: string;
  /**
   * A pension needing yearly certification (R33); `certifiedAt` ISO 8601, absent = never;
   * `monthlyAmount` fen (R44).
   */
  benefit?: { kind: 'pension'; certifiedAt?: string; monthlyAmount?: number };
}

/** An event some client emitted, as the suite recorded it. */
export interface RecordedEvent {
  channelId: string;
  event: keyof EsscClientEvents;
  payload: unknown;
}

type Details<C extends ErrorCode> = C extends keyof ErrorDetailsMap
  ? Partial<ErrorDetailsMap[C]>
  : never;

let userCounter = 0;

/** Counts the calls that reach an adapter, so a test can tell the client refused on its own. */
function counted(adapter: PlatformAdapter, onCall: () => void): PlatformAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'subscribe') return method.bind(target);
      return (...args: unknown[]) => {
        onCall();
        return method.apply(target, args);
      };
    },
  });
}

/** One test's view of the platform under test. */
export class World {
  /** Every event any client emitted, in order. */
  readonly events: RecordedEvent[] = [];
  /** Every error a refusal produced, in order. */
  readonly errors: unknown[] = [];
  /** Every real-person proof minted for this test. */
  readonly proofs: RealPersonProof[] = [];

  private readonly clients = new Map<string, EsscClient>();
  private readonly calls = new Map<string, number>();
  private portalAdapter: PortalAdapter | undefined;
  private otherPortalAdapter: PortalAdapter | undefined;
  private readonly terminals = new Map<string, PaymentTerminal>();

  constructor(readonly target: ConformanceTarget) {}

  /** The first registered channel. */
  get a(): string {
    return this.target.channels[0];
  }
  /** The second registered channel. */
  get b(): string {
    return this.target.channels[1];
  }
  /** The third registered channel. */
  get c(): string {
    return this.target.channels[2];
  }

  get admin() {
    return this.target.admin;
  }

  /** The channel's client (one per channel), built with `createClient` on the target's adapter. */
  client(channelId: string): EsscClient {
    let client = this.clients.get(channelId);
    if (client) return client;
    const adapter = counted(this.target.adapter(channelId), () => {
      this.calls.set(channelId, this.callsTo(channelId) + 1);
    });
    client = createClient({ adapter });
    const emit = client.emit.bind(client) as (event: string, ...args: unknown[]) => boolean;
    Object.defineProperty(client, 'emit', {
      configurable: true,
      writable: true,
      value: (event: keyof EsscClientEvents, ...args: unknown[]) => {
        this.events.push({ channelId, event, payload: args[0] });
        return emit(event, ...args);
      },
    });
    this.clients.set(channelId, client);
    return client;
  }

  /** How many calls reached the channel's adapter. */
  callsTo(channelId: string): number {
    return this.calls.get(channelId) ?? 0;
  }

  /** Whether the channel's adapter delivers the platform's notifications. */
  hasNotifications(channelId: string): boolean {
    return typeof this.client(channelId).adapter.subscribe === 'function';
  }

  /** The payloads of one event type a channel's client emitted. */
  eventsOf<E extends keyof EsscClientEvents>(
    channelId: string,
    event: E,
  ): EsscClientEvents[E][0][] {
    return this.events
      .filter((e) => e.channelId === channelId && e.event === event)
      .map((e) => e.payload as EsscClientEvents[E][0]);
  }

  /**
   * A merchant's payment terminal, built with `createPaymentTerminal` on the target's merchant
   * adapter (the hospital unless told). Throws when the target has no merchants: the payment
   * cases check `requireMerchants` first.
   */
  terminal(merchantId?: string): PaymentTerminal {
    const merchants = this.target.merchants;
    if (!merchants) throw new Error('World.terminal: the target has no merchants');
    const id = merchantId ?? merchants.hospital;
    let terminal = this.terminals.get(id);
    if (!terminal) {
      terminal = createPaymentTerminal({ adapter: merchants.adapter(id) });
      this.terminals.set(id, terminal);
    }
    return terminal;
  }

  /** The registered portal's raw adapter. */
  get portal(): PortalAdapter {
    this.portalAdapter ??= this.target.portal.adapter();
    return this.portalAdapter;
  }

  /** The second registered portal's raw adapter, when the target has one (R30). */
  get otherPortal(): PortalAdapter | undefined {
    if (!this.target.otherPortal) return undefined;
    this.otherPortalAdapter ??= this.target.otherPortal.adapter();
    return this.otherPortalAdapter;
  }

  /** Adds a fresh person holding a physical card; enables the card's city unless told not to. */
  async person(options: PersonOptions = {}): Promise<Person> {
    const enabled = options.regionEnabled ?? true;
    const city = enabled ? CITIES[Math.floor(Math.random() * CITIES.length)]! : CITY_NOT_ENABLED;
    if (enabled) await this.admin.enableRegion(city.regionCode, city.name);
    const idNumber = freshIdNumber({
      district: city.district,
      checkChar: options.checkChar ?? 'digit',
      ...(options.birthDate ? { birthDate: options.birthDate } : {}),
    });
    const name = options.name ?? freshName();
    const { cardNo } = await this.admin.addPerson({
      name,
      idNumber,
      regionCode: city.regionCode,
      bankAccountActive: options.bankAccountActive ?? false,
      ...(options.cardStatus ? { cardStatus: options.cardStatus } : {}),
      ...(options.bankBalance === undefined ? {} : { bankBalance: options.bankBalance }),
      ...(options.medical ? { medical: options.medical } : {}),
      ...(options.benefit ? { benefit: options.benefit } : {}),
    });
    userCounter += 1;
    return {
      name,
      idNumber,
      regionCode: city.regionCode,
      cardNo,
      password: PASSWORD,
      channelUserId: `conformance-user-${userCounter}`,
    };
  }

  /** A fresh real-person proof, as a passed face check of the person would give. */
  async proof(person: Pick<Person, 'idNumber'>): Promise<RealPersonProof> {
    const proof = await this.admin.realPersonProof(person.idNumber);
    this.proofs.push(proof);
    return proof;
  }

  /** Applies for the person's e-card in a channel, with a fresh proof unless one is given. */
  async apply(
    person: Person,
    channelId: string = this.a,
    overrides: Partial<OperationInput<'apply'>> = {},
    options?: CallOptions,
    client: EsscClient = this.client(channelId),
  ): Promise<ECard> {
    const realPerson = overrides.realPerson ?? (await this.proof(person));
    return client.apply(
      {
        channelUserId: person.channelUserId,
        name: person.name,
        idNumber: person.idNumber,
        password: person.password,
        ...overrides,
        realPerson,
      },
      options,
    );
  }

  /**
   * Awaits a call that must be refused with `code` (and `details`, when given), and returns
   * the error for further checks.
   */
  async refused<C extends ErrorCode>(
    call: Promise<unknown>,
    code: C,
    details?: Details<C>,
  ): Promise<EsscError<C>> {
    let value: unknown;
    try {
      value = await call;
    } catch (error) {
      this.errors.push(error);
      if (!isEsscError(error)) throw error;
      expect({ code: error.code, message: error.message, details: error.details }).toMatchObject({
        code,
        ...(details === undefined ? {} : { details }),
      });
      return error as EsscError<C>;
    }
    return expect.unreachable(`expected ${code}, but the call succeeded: ${JSON.stringify(value)}`);
  }

  /** Closes every client, then the target. */
  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    await this.target.close?.();
  }
}
