// A session store against a fake Devin server (test/fake-devin/server.js) that the test drives:
// no poll timers (the test calls refresh), no retries, a short timeout. Options override these.
import { DevinClient } from '../../src/api/client';
import { SessionStore, type StoreOptions } from '../../src/sessions/store';

/** What the store needs of a started fake server. */
export interface FakeServerLike {
  url: string;
  orgId: string;
  key: string;
}

/** A client of the fake server with the test's key, no retries and a 2 s timeout (`timeoutMs` to change it). */
export function fakeClient(fake: FakeServerLike, timeoutMs = 2000): DevinClient {
  return new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key, retryLimit: 0, timeoutMs });
}

export function storeOnFake(fake: FakeServerLike, options: Partial<StoreOptions> = {}): SessionStore {
  return new SessionStore({
    createClient: () => fakeClient(fake),
    intervalSec: () => 30,
    maxSessions: () => 1000,
    setTimer: () => 0,
    clearTimer: () => undefined,
    ...options,
  });
}
