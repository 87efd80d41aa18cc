/**
 * Test doubles for the relay: a transport that hands requests to a relay handler in the same
 * process, and a session check that trusts a header (a shim: a real channel backend checks its
 * own session token).
 */
import type { RelayHandler, RelayTransport, RelayUser } from '../../src/relay/index.js';

/** The header the test shim's `authenticate` trusts as the signed-in user. */
export const TEST_USER_HEADER = 'x-test-user';

export const RELAY_URL = 'https://relay.example-channel.test/essc';

/**
 * Test shim for `authenticate`: the user is whatever the `x-test-user` header says, and no
 * header means no session. Never do this outside tests: the header is the caller's word.
 */
export async function headerSession(request: Request): Promise<RelayUser | null> {
  const user = request.headers.get(TEST_USER_HEADER);
  return user ? { channelUserId: user } : null;
}

/** A raw answer of the handler, read as the mini-program would. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Sends one raw request to the handler. */
export async function post(
  handler: RelayHandler,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<RawAnswer> {
  const response = await handler(
    new Request(RELAY_URL, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    }),
  );
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A transport that calls the handler in-process with a web `Request`, as a server would.
 * `userOf` names the session user of each request: the conformance suite applies for many
 * users through one client, so its shim takes the user from the application itself.
 */
export function inProcessTransport(
  handler: RelayHandler,
  userOf?: (body: { op: string; input: Record<string, unknown> }) => string | undefined,
): RelayTransport {
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers };
    const user = userOf?.(JSON.parse(request.body));
    if (user !== undefined) headers[TEST_USER_HEADER] = user;
    const response = await handler(
      new Request(request.url, { method: request.method, headers, body: request.body }),
    );
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return { status: response.status, headers: responseHeaders, body: await response.text() };
  };
}
