// Delegated prompts (Fix with Devin, Send Uncommitted Changes …) and one-off prompts, on the vscode
// stub (test/support/vscode-stub.cjs) against a fake Devin server this file starts:
// - the choice of where a prompt goes is a modal dialog that says what will be sent (another
//   extension can accept a quick pick, no extension can answer a modal dialog): review H3;
// - session titles and tags are scrubbed like prompts, the title before it is cut (M1);
// - a delegated create never replaces or clears the user's own unsent New Session draft, and a
//   failed one keeps its prompt somewhere the user gets it back (M2);
// - binary attachments go as application/octet-stream, byte for byte, never text-scrubbed (L7).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
// What openPromptPreview needs beyond the stub (modules copy the namespace when they load: set first).
stub.Range ??= class {};
stub.languages ??= { setTextDocumentLanguage: async (doc: unknown) => doc };
// Loaded after the stub is installed: these import 'vscode'.
const { deliver } = require('../../src/delegate/deliver') as typeof import('../../src/delegate/deliver');
const { createFromDraft, cleanSessionTitle, promptExcerpt, PROMPT_SHOWN_CHARS } = require('../../src/commands/create') as typeof import('../../src/commands/create');
const { testFailurePrompt, oneLine, TITLE_SOURCE_CHARS } = require('../../src/delegate/promptBuilder') as typeof import('../../src/delegate/promptBuilder');
const { contentTypeFor, isBinary, scrubFile, uploadAll } = require('../../src/delegate/attachments') as typeof import('../../src/delegate/attachments');
const { DRAFT_KEY } = require('../../src/draftDocument') as typeof import('../../src/draftDocument');
const { storeOnFake, fakeClient } = require('../support/fakeStore') as typeof import('../support/fakeStore');
const { fakeServerPerTest } = require('../support/fakeServerTest') as typeof import('../support/fakeServerTest');

const ghToken = `ghp_${'aB3'.repeat(12)}`;
const logs: string[] = [];
const log: Record<string, (m?: string) => unknown> = { show: () => undefined };
for (const level of ['trace', 'debug', 'info', 'warn', 'error']) log[level] = (m?: string) => logs.push(`${level}: ${m}`);

const fakes = fakeServerPerTest(stub, () => (logs.length = 0));

async function setup(draft?: { prompt: string; title?: string }) {
  const f = await fakes.start({ sessions: 6, seed: 3 });
  const store = storeOnFake(f);
  fakes.cleanup(() => store.dispose());
  const state = new Map<string, unknown>();
  if (draft) state.set(DRAFT_KEY, { ...draft, savedAt: 1 });
  const ctx = {
    extension: { globalState: { get: (k: string) => state.get(k), update: (k: string, v: unknown) => (v === undefined ? state.delete(k) : state.set(k, v), Promise.resolve()) } },
    auth: { signedIn: true, peekKey: () => f.key },
    store,
    log,
    view: {},
    panels: { show: async () => undefined },
    host: {},
    loadIdentity: async () => undefined,
  };
  const creates = () => f.requests.filter((r) => r.method === 'POST' && /\/sessions$/.test(r.path));
  const mutations = () => f.requests.filter((r) => r.method !== 'GET');
  const stored = () => state.get(DRAFT_KEY) as { prompt: string } | undefined;
  return { f, ctx: ctx as never, store, creates, mutations, stored };
}

/** A delegated prompt as Fix with Devin on a failed test builds it (the reviewer's attack: any caller's text). */
function testDelivery(label = `login ${ghToken}`) {
  const built = testFailurePrompt({ testName: label, message: 'INJECTED prompt via fixTest\nsecond line' }, {});
  return { what: 'Fix with Devin', slug: 'test', built, title: oneLine(`Fix failing test: ${label}`, TITLE_SOURCE_CHARS) };
}

/** The modal dialogs shown so far: [message, options, ...buttons]. */
const modals = () => stub.recorded.ui.filter((u: unknown[]) => (u[0] === 'showInformationMessage' || u[0] === 'showWarningMessage') && (u[2] as { modal?: boolean })?.modal === true);

describe('where a delegated prompt goes is a modal dialog that says what is sent', () => {
  it('no quick pick: a modal with the three targets and the kind, size, title and first lines; dismissed, nothing is sent', async () => {
    const { ctx, mutations } = await setup();
    assert.equal(await deliver(ctx, testDelivery()), false);
    assert.deepEqual(stub.recorded.ui.filter((u: unknown[]) => u[0] === 'showQuickPick'), [], 'no quick pick (another extension can accept one)');
    const [m] = modals();
    assert.ok(m, 'a modal dialog');
    assert.equal(m[1], 'Where should this go?');
    assert.deepEqual(m.slice(3), ['Start a New Devin Session', 'Add to an Existing Session…', 'Preview and Edit First…']);
    const detail = String(m[2].detail);
    assert.match(detail, /^Fix with Devin · \d+ characters/, 'what it is and its size');
    assert.match(detail, /Session title: Fix failing test: login \[REDACTED:github-token\]/, 'the title, scrubbed');
    assert.ok(detail.includes('This test fails.'), 'the first lines of the prompt');
    assert.ok(!detail.includes(ghToken));
    assert.deepEqual(mutations(), [], 'Cancel sends nothing');
  });

  it('Start a New Devin Session in the dialog creates the session, with a scrubbed title', async () => {
    const { ctx, creates } = await setup();
    stub.answers.showInformationMessage = (_m: string, o: unknown, ...items: string[]) => ((o as { modal?: boolean })?.modal ? items[0] : undefined);
    assert.equal(await deliver(ctx, testDelivery()), true);
    assert.equal(creates().length, 1);
    const body = creates()[0].body as { title: string; prompt: string };
    assert.equal(body.title, 'Fix failing test: login [REDACTED:github-token]');
    assert.ok(!JSON.stringify(body).includes(ghToken));
  });

  it('with devin.delegate.alwaysPreview no dialog and nothing sent until the preview is sent', async () => {
    const { ctx, mutations } = await setup();
    stub.settings['devin.delegate.alwaysPreview'] = true;
    let opened = false;
    const restore = previewStub(() => (opened = true));
    fakes.cleanup(restore);
    assert.equal(await deliver(ctx, testDelivery()), false);
    assert.ok(opened, 'the preview opened');
    assert.deepEqual(modals(), []);
    assert.deepEqual(mutations(), []);
  });

  it('a long prompt shows its first lines and how much of it that is', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const shown = promptExcerpt(text);
    assert.ok(shown.startsWith('line 1\nline 2\n'));
    assert.ok(!shown.includes('line 13'));
    assert.match(shown, new RegExp(`\\(\\d+ of ${text.length} characters shown\\)$`));
    assert.equal(promptExcerpt('short'), 'short');
  });

  it('a prompt is shown up to 12 lines and 800 characters; a cut never splits a surrogate pair', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `l${i + 1}`).join('\n');
    assert.equal(promptExcerpt(lines(12)), lines(12), '12 lines are all shown, with no note');
    assert.equal(promptExcerpt(lines(13)), `${lines(12)}\n…\n(${lines(12).length} of ${lines(13).length} characters shown)`);
    const chars = 'x'.repeat(PROMPT_SHOWN_CHARS);
    assert.equal(promptExcerpt(chars), chars, '800 characters are all shown');
    assert.equal(promptExcerpt(`${chars}y`), `${chars}\n…\n(800 of 801 characters shown)`);
    assert.equal(promptExcerpt(`${'x'.repeat(PROMPT_SHOWN_CHARS - 1)}😀`), `${'x'.repeat(PROMPT_SHOWN_CHARS - 1)}\n…\n(799 of 801 characters shown)`, 'not half of the emoji');
  });

  it('invisible characters in a prompt are written out as ⟨U+XXXX⟩ and counted, in the shown part and past the cut', () => {
    assert.equal(promptExcerpt('Fix\u200Bthe test'), 'Fix⟨U+200B⟩the test\n\nIt contains 1 invisible character(s), written above as ⟨U+…⟩. Open it in an editor to see where they are.');
    // A Unicode tag (invisible "ASCII smuggling") and a right-to-left override.
    assert.match(promptExcerpt('ok\u{E0041}\u202E'), /^ok⟨U\+E0041⟩⟨U\+202E⟩\n\nIt contains 2 invisible character\(s\)/);
    const past = promptExcerpt(`${'x'.repeat(PROMPT_SHOWN_CHARS)}\u200B`);
    assert.ok(!past.includes('⟨U+200B⟩'), 'not shown: it is past the cut');
    assert.match(past, /\(800 of 801 characters shown\)\n\nIt contains 1 invisible character\(s\)/, 'but counted');
  });

  it('the delegate dialog shows an invisible character in the prompt instead of hiding it', async () => {
    const { ctx, mutations } = await setup();
    const built = testFailurePrompt({ testName: 'login', message: 'expected true\u200B to be false\u{E0049}\u{E0047}\u{E004E}' }, {});
    assert.equal(await deliver(ctx, { what: 'Fix with Devin', slug: 'test', built, title: 'Fix failing test: login' }), false);
    const [m] = modals();
    const detail = String(m[2].detail);
    assert.ok(detail.includes('expected true⟨U+200B⟩ to be false⟨U+E0049⟩⟨U+E0047⟩⟨U+E004E⟩'), detail);
    assert.match(detail, /It contains 4 invisible character\(s\), written above as ⟨U\+…⟩/);
    assert.ok(!/[\u200B\u{E0000}-\u{E007F}]/u.test(detail), 'none of them left raw in the dialog');
    assert.deepEqual(mutations(), []);
  });
});

/** Enough of the editor API for openPromptPreview (the stub has none); returns the restore function. */
function previewStub(onOpen: (text: string) => void): () => void {
  const saved = { open: stub.workspace.openTextDocument, show: stub.window.showTextDocument };
  let text = '';
  const doc = { lineCount: 1, languageId: 'markdown', getText: () => text };
  stub.workspace.openTextDocument = async () => doc;
  stub.window.showTextDocument = async () => ({ edit: async (fn: (e: { replace: (_r: unknown, t: string) => void }) => void) => (fn({ replace: (_r, t) => ((text = t), onOpen(t)) }), true) });
  return () => {
    stub.workspace.openTextDocument = saved.open;
    stub.window.showTextDocument = saved.show;
  };
}

describe('titles and tags are scrubbed like prompts, before the title is cut', () => {
  it('a token across the 80-character cut leaves no fragment; tags are scrubbed', async () => {
    const { ctx, creates } = await setup();
    const title = `${'t'.repeat(70)} ${ghToken} end`;
    assert.ok(await createFromDraft(ctx, { prompt: 'p', title, tags: ['ok', `key-${ghToken}`] }));
    const body = creates()[0].body as { title: string; tags: string[] };
    assert.ok(body.title.length <= 80, body.title);
    assert.ok(!body.title.includes('ghp_') && !body.title.includes('aB3'), `no part of the token: ${body.title}`);
    assert.equal(body.title, `${'t'.repeat(70)} [REDACTE…`, 'scrubbed, then cut (the cut goes through the mark, not the token)');
    assert.deepEqual(body.tags, ['ok', 'key-[REDACTED:github-token]']);
    assert.ok(logs.some((l) => /secret\(s\) from the session title/.test(l)));
  });

  it('cleanSessionTitle: scrub, one line, then cut', () => {
    const cut = cleanSessionTitle(`${'a'.repeat(75)} ${ghToken}`, {});
    assert.equal(cut.count, 1);
    assert.equal(cut.text.length, 80);
    assert.ok(!cut.text.includes('ghp_'));
    assert.equal(cleanSessionTitle('two\n lines', {}).text, 'two lines');
  });
});

describe("a delegated create never replaces or clears the user's unsent draft", () => {
  const USER = { prompt: 'USER DRAFT: refactor the payments module', title: 'mine' };
  const answerModal = () => (stub.answers.showInformationMessage = (_m: string, o: unknown, ...items: string[]) => ((o as { modal?: boolean })?.modal ? items[0] : undefined));

  it('success: the session is created and the draft is still the user’s', async () => {
    const { ctx, creates, stored } = await setup(USER);
    answerModal();
    assert.equal(await deliver(ctx, testDelivery()), true);
    assert.equal(creates().length, 1);
    assert.deepEqual(stored(), { ...USER, savedAt: 1 });
  });

  it('failure: the draft is untouched, Retry is offered, and the prompt opens in an editor', async () => {
    const { f, ctx, creates, stored } = await setup(USER);
    answerModal();
    let previewText = '';
    fakes.cleanup(previewStub((t) => (previewText = t)));
    f.setFault({ status: 500, methods: ['POST'], paths: '/sessions$', times: 1 });
    const d = testDelivery();
    assert.equal(await deliver(ctx, d), false);
    assert.equal(creates().length, 1, 'one POST, not retried');
    assert.deepEqual(stored(), { ...USER, savedAt: 1 }, 'the user draft is as it was');
    const err = stub.recorded.messages.find((m: { severity: string; text: string }) => m.severity === 'error' && /not created; your prompt is kept/.test(m.text));
    assert.ok(err, 'the error says the prompt is kept');
    assert.ok(err.items.includes('Retry'));
    assert.equal(previewText, d.built.text, 'the prompt is in an editor');
  });

  it('failure with no draft of the user: the prompt is kept as the draft; a later success removes it', async () => {
    const { f, ctx, stored } = await setup();
    answerModal();
    f.setFault({ status: 500, methods: ['POST'], paths: '/sessions$', times: 1 });
    const d = testDelivery();
    assert.equal(await deliver(ctx, d), false);
    assert.equal(stored()?.prompt, d.built.text, 'New Session restores it');
    assert.equal(await deliver(ctx, d), true);
    assert.equal(stored(), undefined, 'sent: the kept prompt goes');
  });

  it('a success never clears a draft holding another prompt, also when the create itself is the draft’s (same prompt clears)', async () => {
    const { ctx, stored } = await setup(USER);
    assert.ok(await createFromDraft(ctx, { prompt: 'something else' }));
    assert.equal(stored()?.prompt, USER.prompt);
    assert.ok(await createFromDraft(ctx, { prompt: USER.prompt }));
    assert.equal(stored(), undefined, 'the draft itself was sent');
  });
});

describe('binary attachments are sent as they are', () => {
  const binary = new Uint8Array([0x53, 0x51, 0x4c, 0x00, 0x01, 0xff, 0xfe, ...new TextEncoder().encode(` password="hunter2" ${ghToken}`)]);

  it('a NUL byte in the first 8 KB: binary, application/octet-stream, never scrubbed or re-encoded', () => {
    assert.equal(isBinary(binary), true);
    assert.equal(isBinary(new TextEncoder().encode('text only')), false);
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    assert.equal(isBinary(late), false, 'only the first 8 KB count');
    assert.equal(contentTypeFor('data.db', binary), 'application/octet-stream');
    assert.equal(contentTypeFor('notes.txt', new TextEncoder().encode('x')), 'text/plain');
    assert.equal(contentTypeFor('shot.png', binary), 'image/png');
    const r = scrubFile({ name: 'data.db', data: binary, contentType: 'text/plain' }, { keys: [] });
    assert.equal(r.data, binary, 'the same bytes, even when declared as text');
    assert.equal(r.removed, '');
  });

  it('uploaded byte for byte as application/octet-stream, also when the caller said text/plain', async () => {
    const fake = await fakes.start({ sessions: 1, seed: 1 });
    const api = fakeClient(fake);
    await uploadAll(api, [{ name: 'data.db', data: binary, contentType: 'text/plain' }, { name: 'other.bin', data: binary }], {}, () => undefined);
    const stored = [...fake.store.attachments.values()] as { data: Buffer; content_type: string }[];
    assert.equal(stored.length, 2);
    for (const a of stored) {
      assert.deepEqual(new Uint8Array(a.data), binary);
      assert.equal(a.content_type, 'application/octet-stream');
    }
  });

  it('the dialog says a binary attachment goes unscrubbed', async () => {
    const { ctx } = await setup();
    await deliver(ctx, { ...testDelivery('x'), files: [{ name: 'data.db', data: binary }] });
    const [m] = modals();
    assert.match(String(m[2].detail), /data\.db is a binary file: it is sent as it is, without removing secrets\./);
  });
});
