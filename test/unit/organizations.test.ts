// Devin: Switch Organization… (issue 16) on the recording vscode stub against the fake Devin
// server: an enterprise key lists three organizations and the pick becomes devin.orgId (and the
// view's description); an org-scoped key is told why there is nothing to switch; an org id passed
// as an argument (another extension could pass one) counts only in Development and Test mode.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Organization, Page } from '../../src/api/types';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const { DevinClient } = require('../../src/api/client') as typeof import('../../src/api/client');
const { switchOrganization, listAllOrganizations } = require('../../src/commands/organizations') as typeof import('../../src/commands/organizations');
const { ORG_NAMES_KEY, orgNameOf } = require('../../src/commands/orgNames') as typeof import('../../src/commands/orgNames');
const { createFakeDevin } = require('../fake-devin/server.js');

const MODE = stub.ExtensionMode as { Production: number; Development: number; Test: number };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fake: any;
beforeEach(async () => {
  stub.resetUi();
  stub.recorded.messages.length = 0;
  fake = await createFakeDevin({ sessions: 6 });
  stub.settings['devin.orgId'] = fake.orgId;
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function context(key: string, mode = MODE.Production) {
  const state = new Map<string, unknown>();
  const shown: (string | undefined)[] = [];
  const logs: string[] = [];
  const ctx = {
    extension: { extensionMode: mode, globalState: { get: (k: string) => state.get(k), update: (k: string, v: unknown) => (state.set(k, v), Promise.resolve()), keys: () => [...state.keys()] } },
    auth: { signedIn: true, peekKey: () => key },
    store: { requireApi: () => new DevinClient({ baseUrl: fake.url, orgId: stub.settings['devin.orgId'], getKey: () => key, retryLimit: 0, timeoutMs: 3000 }) },
    view: { setOrganization: (name: string | undefined) => shown.push(name) },
    log: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m), debug() {}, trace() {} },
    panels: {},
    loadIdentity: async () => undefined,
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { ctx: ctx as any, state, shown, logs };
}

const quickPicks = () => stub.recorded.ui.filter((u: unknown[]) => u[0] === 'showQuickPick');

describe('Devin: Switch Organization…', () => {
  it('an enterprise key lists its three organizations, the current one marked; the pick becomes devin.orgId and the view shows its name', async () => {
    const { ctx, state, shown } = context(fake.enterpriseKey);
    stub.answers.showQuickPick = (items: { label: string; description: string; org: Organization }[]) => items.find((i) => i.org.org_id === 'org-fake-research');
    assert.equal(await switchOrganization(ctx), true);
    const [, items, options] = quickPicks()[0];
    assert.deepEqual(items.map((i: { label: string }) => i.label), ['$(check) Acme Engineering', 'Acme Research', 'Acme Platform']);
    assert.equal(items[0].description, `${fake.orgId} · current`);
    assert.equal(options.title, 'Switch Devin Organization');
    assert.equal(stub.settings['devin.orgId'], 'org-fake-research', 'remembered in the user setting');
    assert.deepEqual(shown, ['Acme Research']);
    assert.deepEqual(state.get(ORG_NAMES_KEY), { [fake.orgId]: 'Acme Engineering', 'org-fake-research': 'Acme Research', 'org-fake-platform': 'Acme Platform' });
    assert.equal(orgNameOf(ctx.extension.globalState, 'org-fake-platform'), 'Acme Platform');
    // The store's next client works in the chosen organization: its sessions, not the first org's.
    const page = await ctx.store.requireApi().listSessions({ first: 50 });
    assert.deepEqual(page.items.map((s: { title: string }) => s.title).sort(), ['Research: evaluate the new tokenizer', 'Research: summarize benchmark results']);
  });

  it('dismissing the picker, or picking the current organization, changes nothing', async () => {
    const { ctx, shown } = context(fake.enterpriseKey);
    assert.equal(await switchOrganization(ctx), false);
    stub.answers.showQuickPick = (items: { org: Organization }[]) => items[0];
    assert.equal(await switchOrganization(ctx), true);
    assert.equal(stub.settings['devin.orgId'], fake.orgId);
    assert.deepEqual(shown, []);
  });

  it('an org-scoped key explains in a modal why there is nothing to switch, and offers another key', async () => {
    const { ctx } = context(fake.key);
    assert.equal(await switchOrganization(ctx), false);
    assert.equal(quickPicks().length, 0);
    const modal = stub.recorded.ui.find((u: unknown[]) => u[0] === 'showInformationMessage');
    assert.equal(modal[1], 'There is no other organization to switch to.');
    assert.equal(modal[2].modal, true);
    assert.match(modal[2].detail, new RegExp(`works in one organization \\(${fake.orgId}\\)`));
    assert.match(modal[2].detail, /personal access token/);
    assert.match(modal[2].detail, /enterprise service user/);
    assert.equal(modal[3], 'Sign In with Another Key');
    assert.equal(stub.settings['devin.orgId'], fake.orgId);
    assert.equal(fake.requestsTo('/v3/enterprise/organizations').length, 1);
  });

  it('"Sign In with Another Key" runs Devin: Sign In', async () => {
    const { ctx } = context(fake.key);
    stub.answers.showInformationMessage = (_t: string, _o: unknown, button: string) => button;
    await switchOrganization(ctx);
    assert.deepEqual(stub.recorded.commands.map((c: unknown[]) => c[0]), ['devin.signIn']);
  });

  it('an org id from arguments is ignored in Production: the user picks (here: dismisses) and nothing changes', async () => {
    const { ctx, logs } = context(fake.enterpriseKey, MODE.Production);
    assert.equal(await switchOrganization(ctx, 'org-fake-platform'), false);
    assert.equal(quickPicks().length, 1, 'asked instead');
    assert.equal(stub.settings['devin.orgId'], fake.orgId);
    assert.ok(logs.some((l) => /ignored an organization id/.test(l)));
    assert.equal(await switchOrganization(ctx, { orgId: 'org-fake-platform' }), false);
    assert.equal(stub.settings['devin.orgId'], fake.orgId);
  });

  it('in Test mode an org id argument switches without a picker; one the key cannot see is refused', async () => {
    const { ctx } = context(fake.enterpriseKey, MODE.Test);
    assert.equal(await switchOrganization(ctx, { orgId: 'org-fake-platform' }), true);
    assert.equal(quickPicks().length, 0);
    assert.equal(stub.settings['devin.orgId'], 'org-fake-platform');
    assert.equal(await switchOrganization(ctx, 'org-elsewhere'), false);
    assert.equal(stub.settings['devin.orgId'], 'org-fake-platform');
    assert.equal(stub.recorded.messages.at(-1).text, 'This API key cannot see the organization org-elsewhere.');
  });

  it('a server error is shown with Retry and changes nothing', async () => {
    const { ctx } = context(fake.enterpriseKey);
    fake.setFault({ paths: 'enterprise/organizations', status: 500 });
    assert.equal(await switchOrganization(ctx), false);
    const err = stub.recorded.messages.find((m: { severity: string }) => m.severity === 'error');
    assert.match(err.text, /server error/);
    assert.ok(err.items.includes('Retry'));
    assert.equal(stub.settings['devin.orgId'], fake.orgId);
  });
});

describe('listAllOrganizations', () => {
  const org = (id: string, name = id) => ({ org_id: id, name }) as Organization;
  it('reads every page, drops duplicates and ids that are not org ids, and stops on a repeated cursor', async () => {
    const pages: Record<string, Page<Organization>> = {
      start: { items: [org('org-a'), org('org-b')], end_cursor: 'c1', has_next_page: true },
      c1: { items: [org('org-b'), org('not-an-org'), { name: 'no id' } as Organization, org('org-c')], end_cursor: 'c2', has_next_page: true },
      c2: { items: [org('org-d')], end_cursor: 'c1', has_next_page: true },
    };
    const asked: (string | undefined)[] = [];
    const all = await listAllOrganizations(async (after) => (asked.push(after), pages[after ?? 'start']));
    assert.deepEqual(all.map((o) => o.org_id), ['org-a', 'org-b', 'org-c', 'org-d']);
    assert.deepEqual(asked, [undefined, 'c1', 'c2']);
  });
  it('stops after the last page', async () => {
    let calls = 0;
    const all = await listAllOrganizations(async () => (calls++, { items: [org('org-a')], end_cursor: 'x', has_next_page: false }));
    assert.equal(all.length, 1);
    assert.equal(calls, 1);
  });
});
