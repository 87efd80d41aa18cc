/**
 * A back-office change of a card (replacement, status) runs in turn with the holder's channel
 * operations: an application in flight when the card is replaced either binds the old card
 * and its channel is then told, or sees the new card; it never keeps a binding to a cancelled
 * card no channel heard of. The application is held at a gate inside the engine (the password
 * hash), so the interleaving is exact and nothing waits on time.
 */
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/client.js';
import type { EsscClientEvents } from '../../src/client/events.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { PASSWORD } from '../../src/testing/people.js';

const gate = vi.hoisted(() => ({
  /** Set by a test: the next password hash waits for it. */
  hold: undefined as Promise<void> | undefined,
  /** Called when a hash reaches the gate. */
  reached: undefined as (() => void) | undefined,
}));

vi.mock('../../src/crypto/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/index.js')>();
  return {
    ...real,
    hashPassword: async (...args: Parameters<typeof real.hashPassword>) => {
      const hold = gate.hold;
      if (hold) {
        gate.hold = undefined;
        gate.reached?.();
        await hold;
      }
      return real.hashPassword(...args);
    },
  };
});

type CardStatusEvent = EsscClientEvents['card:status'][0];

const zhang = DEMO_PEOPLE[0];

/** A demo platform, a client in `wechat` and a gate the next first application stops at. */
function setup() {
  const platform = MockPlatform.demo();
  // 'all': the notification of a replacement right after the application can reach the
  // client before the application's answer does, when it does not know the card yet.
  const client = createClient({ adapter: platform.adapter('wechat'), cardEvents: 'all' });
  let release!: () => void;
  gate.hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    gate.reached = resolve;
  });
  const told = new Promise<CardStatusEvent>((resolve) => client.on('card:status', resolve));
  const application = () =>
    client.apply({
      channelUserId: 'u1',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: PASSWORD,
    });
  return { platform, client, release, reached, told, application };
}

describe('back-office card changes are serialised with the holder’s operations', () => {
  it('a card replaced while an application is in flight: bound to the old card, then told it was replaced', async () => {
    const { platform, client, release, reached, told, application } = setup();
    const oldCardNo = platform.currentCard(zhang.idNumber).cardNo;
    const applying = application();
    await reached; // the card was checked normal; the password is being hashed

    const replacing = platform.replaceCard(zhang.idNumber);
    // The numbers are decided at once; the replacement waits for the application.
    expect(replacing.oldCardNo).toBe(oldCardNo);
    expect(platform.currentCard(zhang.idNumber).cardNo).toBe(oldCardNo);
    release();
    const card = await applying;
    expect(card.status).toBe('active');
    expect(await replacing).toEqual({ oldCardNo, newCardNo: replacing.newCardNo });
    expect(platform.currentCard(zhang.idNumber).cardNo).toBe(replacing.newCardNo);
    expect(await told).toEqual({ signNo: card.signNo, status: 'cancelled', replaced: true });
    expect((await client.getCard({ signNo: card.signNo })).status).toBe('cancelled');
    client.close();
  });

  it('a card replaced before the application reaches the engine: the application sees the new card', async () => {
    const { platform, client, release, application } = setup();
    // Nothing in flight: applied at once, the numbers read synchronously (DESIGN §3).
    const { newCardNo } = platform.replaceCard(zhang.idNumber);
    expect(platform.currentCard(zhang.idNumber).cardNo).toBe(newCardNo);
    release();
    const card = await application();
    expect(card.status).toBe('active');
    expect(platform.currentCard(zhang.idNumber)).toEqual({ cardNo: newCardNo, status: 'normal' });
    client.close();
  });

  it('a card reported lost while an application is in flight: bound, then told it is lost', async () => {
    const { platform, client, release, reached, told, application } = setup();
    const { cardNo } = platform.currentCard(zhang.idNumber);
    const applying = application();
    await reached;

    const reporting = platform.setCardStatus(cardNo, 'lost');
    expect(platform.currentCard(zhang.idNumber).status).toBe('normal');
    release();

    const card = await applying;
    await reporting;
    expect(card.status).toBe('active');
    expect(await told).toEqual({ signNo: card.signNo, status: 'lost', replaced: false });
    expect((await client.getCard({ signNo: card.signNo })).status).toBe('lost');
    client.close();
  });

  it('with nothing in flight, a change is made before the call returns', async () => {
    const { platform, release } = setup();
    release();
    const { cardNo } = platform.currentCard(zhang.idNumber);
    void platform.setCardStatus(cardNo, 'sealed');
    expect(platform.currentCard(zhang.idNumber).status).toBe('sealed');
  });
});
