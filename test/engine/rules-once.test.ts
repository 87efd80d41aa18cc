/**
 * Rules that used to be decided by the mock or the sandbox alone are decided once: the
 * in-process MockPlatform and the sandbox's admin routes give the same answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EsscError, isEsscError } from '../../src/domain/errors.js';
import { idNumberCheckChar } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

const STRANGER = (() => {
  const first17 = '44010619880214301';
  return first17 + idNumberCheckChar(first17);
})();

function thrown(call: () => unknown): EsscError {
  try {
    call();
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  return expect.unreachable('the call was accepted');
}

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

let platform: MockPlatform;
let sandbox: RunningSandbox;
beforeAll(async () => {
  platform = MockPlatform.demo();
  sandbox = await startSandbox({ platform, port: 0 });
});
afterAll(() => sandbox.close());

describe('a real-person proof for someone the platform does not hold', () => {
  it('is CARD_NOT_FOUND in process and over the admin route', async () => {
    expect(thrown(() => platform.realPersonProof(STRANGER)).code).toBe('CARD_NOT_FOUND');
    const answer = await post(`${sandbox.url}/admin/persons/${STRANGER}/real-person-proof`, {});
    expect(answer.json.error.code).toBe('CARD_NOT_FOUND');
    // A person it holds gets one, either way.
    expect(platform.realPersonProof(DEMO_PEOPLE[0].idNumber)).toMatch(/^rp_/);
    const minted = await post(
      `${sandbox.url}/admin/persons/${DEMO_PEOPLE[0].idNumber}/real-person-proof`,
      {},
    );
    expect(minted.json.realPerson).toMatch(/^rp_/);
  });
});

describe('a fault latency range whose minimum exceeds its maximum', () => {
  it('is VALIDATION_FAILED on latencyMs in process and over the admin route', async () => {
    const error = thrown(() => platform.setFaults({ latencyMs: [500, 100] }));
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: ['latencyMs'] }] },
    });
    const answer = await post(`${sandbox.url}/admin/faults`, { latencyMs: [500, 100] });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: ['latencyMs'] }] },
    });
    expect((await post(`${sandbox.url}/admin/faults`, { latencyMs: [0, 0] })).status).toBe(200);
  });
});
