// A fresh fake Devin server (test/fake-devin/server.js) for each test that asks for one, on the vscode
// stub (test/support/vscode-stub.cjs): the stub's UI, answers and settings are reset before each test;
// after it, the test's cleanups run (last added last) and the server closes. Require this module after
// the stub is installed (it loads modules that import 'vscode').
import { afterEach, beforeEach } from 'node:test';
import { createFakeDevin, type FakeDevin, type FakeDevinOptions } from '../fake-devin/server.js';
import { Auth } from '../../src/auth/auth';
import { createBoundClient } from '../../src/api/keyBinding';
import type { SessionStore } from '../../src/sessions/store';
import { storeOnFake } from './fakeStore';

/** An in-memory SecretStorage (`data` is what it holds). */
export function memorySecrets(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: (k: string) => Promise.resolve(data.get(k)),
    store: (k: string, v: string) => (data.set(k, v), Promise.resolve()),
    delete: (k: string) => (data.delete(k), Promise.resolve()),
    onDidChange: () => ({ dispose() {} }),
  };
}

/** What a test file's hooks need of the vscode stub. */
interface StubLike {
  resetUi(): void;
  settings: Record<string, unknown>;
}

export interface FakeServerTest {
  /** Starts the test's fake server and points devin.apiBaseUrl and devin.orgId at it. */
  start(options: FakeDevinOptions): Promise<FakeDevin>;
  /** Runs `fn` after the test, before the server closes. */
  cleanup(fn: () => unknown): void;
  /** Auth signed in with the server's key (bound to its origin) and a store on the server through it (not refreshed yet), disposed after the test. */
  signedInStore(f: FakeDevin): Promise<{ auth: InstanceType<typeof Auth>; store: SessionStore }>;
}

/** Registers the file's beforeEach/afterEach hooks (call once, at the top level); `reset` runs before each test too. */
export function fakeServerPerTest(stub: StubLike, reset?: () => void): FakeServerTest {
  let fake: FakeDevin | undefined;
  const cleanups: (() => unknown)[] = [];
  beforeEach(() => {
    stub.resetUi();
    reset?.();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await fake?.close();
    fake = undefined;
  });
  return {
    async start(options) {
      const f = (fake = await createFakeDevin(options));
      stub.settings['devin.apiBaseUrl'] = f.url;
      stub.settings['devin.orgId'] = f.orgId;
      return f;
    },
    cleanup: (fn) => void cleanups.push(fn),
    async signedInStore(f) {
      const auth = new Auth(memorySecrets() as never);
      await auth.setKey(f.key, f.url);
      const store = storeOnFake(f, { createClient: () => createBoundClient(auth, { baseUrl: f.url, orgId: f.orgId, retryLimit: 0, timeoutMs: 3000 }) });
      cleanups.push(() => store.dispose());
      return { auth, store };
    },
  };
}
