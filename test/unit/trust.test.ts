// Other extensions are untrusted callers (issue 13, section 3): credentials in command arguments
// and DEVIN_DEMO_API_KEY count only in Development and Test extension mode. Runs on the vscode stub
// (test/support/vscode-stub.cjs), against fake Devin servers this file starts.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FakeDevin } from '../fake-devin/server.js';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
// Loaded after the stub is installed: these import 'vscode'.
const { Auth } = require('../../src/auth/auth') as typeof import('../../src/auth/auth');
const { signInCommand, credentialArgsAllowed } = require('../../src/commands/auth') as typeof import('../../src/commands/auth');
const { API_KEY_SECRET } = require('../../src/ids') as typeof import('../../src/ids');
const { createFakeDevin } = require('../fake-devin/server.js');

const MODE = stub.ExtensionMode as { Production: number; Development: number; Test: number };

/** An in-memory SecretStorage. */
function memorySecrets(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: (k: string) => Promise.resolve(data.get(k)),
    store: (k: string, v: string) => (data.set(k, v), Promise.resolve()),
    delete: (k: string) => (data.delete(k), Promise.resolve()),
    onDidChange: () => ({ dispose() {} }),
  };
}

const logs: string[] = [];
const log: Record<string, (m?: string) => unknown> = { show: () => undefined };
for (const level of ['trace', 'debug', 'info', 'warn', 'error']) log[level] = (m?: string) => logs.push(`${level}: ${m}`);

let fake: FakeDevin | undefined;
const cleanups: (() => unknown)[] = [];
beforeEach(() => {
  stub.resetUi();
  logs.length = 0;
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await fake?.close();
  fake = undefined;
});

async function startFake(): Promise<FakeDevin> {
  fake = await createFakeDevin({ sessions: 12, seed: 7 });
  stub.settings['devin.apiBaseUrl'] = fake!.url;
  stub.settings['devin.orgId'] = fake!.orgId;
  return fake!;
}

describe('DEVIN_DEMO_API_KEY signs in only in Development or Test mode, for a loopback API', () => {
  const cases: [string, boolean, string, boolean][] = [
    ['Production, loopback', false, 'http://127.0.0.1:9', false],
    ['Development/Test, loopback', true, 'http://127.0.0.1:9', true],
    ['Development/Test, remote host', true, 'https://api.devin.ai', false],
  ];
  for (const [name, allowDemoKey, baseUrl, signedIn] of cases) {
    it(name, async () => {
      stub.settings['devin.apiBaseUrl'] = baseUrl;
      const secrets = memorySecrets();
      const auth = new Auth(secrets as never, { allowDemoKey, env: { DEVIN_DEMO_API_KEY: 'cog_demo_key_123' } });
      await auth.init();
      assert.equal(auth.signedIn, signedIn);
      assert.equal(secrets.data.has(API_KEY_SECRET), signedIn, signedIn ? 'stored' : 'nothing stored');
    });
  }
});

function signInCtx(mode: number, auth = new Auth(memorySecrets() as never)) {
  return { extension: { extensionMode: mode }, auth, log, store: {}, view: {}, panels: {}, loadIdentity: async () => undefined } as never as Parameters<typeof signInCommand>[0];
}

describe('devin.signIn with { apiKey, orgId } arguments', () => {
  it('credentials in arguments are honoured in Development and Test mode only', () => {
    assert.equal(credentialArgsAllowed(MODE.Production), false);
    assert.equal(credentialArgsAllowed(MODE.Development), true);
    assert.equal(credentialArgsAllowed(MODE.Test), true);
    assert.equal(credentialArgsAllowed(99 as never), false, 'an unknown mode counts as Production');
  });

  it('Production: the arguments are ignored, the user is asked; dismissing stores nothing and sends nothing', async () => {
    const f = await startFake();
    stub.settings['devin.orgId'] = '';
    const ctx = signInCtx(MODE.Production);
    const ok = await signInCommand(ctx, { apiKey: f.key, orgId: 'org-attacker' });
    assert.equal(ok, false);
    assert.equal((ctx as { auth: InstanceType<typeof Auth> }).auth.signedIn, false);
    assert.deepEqual(stub.recorded.ui.map((u: unknown[]) => u[0]), ['showInputBox'], 'the interactive flow, nothing else');
    assert.equal(f.requests.length, 0, 'no request with the given key');
    assert.equal(stub.settings['devin.orgId'], '', 'the org id is not changed');
    assert.match(logs.join('\n'), /ignored credentials passed as command arguments/);
  });

  it('Production: what the user types is what signs in (the arguments play no part)', async () => {
    const f = await startFake();
    stub.answers.showInputBox = () => f.key;
    const ctx = signInCtx(MODE.Production);
    assert.equal(await signInCommand(ctx, { apiKey: 'cog_attacker_key_000000000000', orgId: 'org-attacker' }), true);
    const auth = (ctx as { auth: InstanceType<typeof Auth> }).auth;
    assert.equal(auth.peekKey(), f.key);
    assert.equal(stub.settings['devin.orgId'], f.orgId);
    assert.ok(f.requests.every((r) => r.headers.authorizationValue === `Bearer ${f.key}`));
  });

  for (const mode of ['Development', 'Test'] as const) {
    it(`${mode}: the arguments sign in without a prompt`, async () => {
      const f = await startFake();
      const ctx = signInCtx(MODE[mode]);
      assert.equal(await signInCommand(ctx, { apiKey: f.key, orgId: f.orgId }), true);
      const auth = (ctx as { auth: InstanceType<typeof Auth> }).auth;
      assert.equal(auth.peekKey(), f.key);
      assert.ok(!stub.recorded.ui.some((u: unknown[]) => u[0] === 'showInputBox'), 'no input box');
    });
  }
});
