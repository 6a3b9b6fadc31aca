// The New Session draft as a document (src/draftDocument.ts): devin-draft:/devin-prompt.md reads
// the stored draft under a header comment that explains the document, and a save stores the
// prompt without that header, keeping the draft's other fields. Runs on the recording vscode stub.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const drafts = require('../../src/draftDocument') as typeof import('../../src/draftDocument');
const { sameWords } = require('../../src/commands/create') as typeof import('../../src/commands/create');

/** A Memento in memory (globalState). */
function memento(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    keys: () => [...data.keys()],
    get: <T>(k: string, d?: T) => (data.has(k) ? (data.get(k) as T) : d),
    update: async (k: string, v: unknown) => {
      if (v === undefined) data.delete(k);
      else data.set(k, v);
    },
  };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('draft document text', () => {
  it('strips the header comment at the top, also an edited one, and trims', () => {
    const lines = drafts.draftHeaderLines('acme/web');
    const doc = drafts.draftDocumentText(lines, 'Fix the login\n\nand the tests');
    assert.ok(doc.startsWith('<!--\n'), 'the header is a comment');
    assert.match(doc, /starts the session in acme\/web/);
    assert.equal(drafts.stripDraftHeader(doc), 'Fix the login\n\nand the tests');
    assert.equal(drafts.stripDraftHeader('  <!-- my own words -->\n\nDo it  \n'), 'Do it');
  });

  it('keeps text that has no closed comment at its very top (all of it is the prompt)', () => {
    assert.equal(drafts.stripDraftHeader('Do it <!-- not a header -->'), 'Do it <!-- not a header -->');
    assert.equal(drafts.stripDraftHeader('<!-- never closed\nDo it'), '<!-- never closed\nDo it');
    assert.equal(drafts.stripDraftHeader('<!-- a -->\nfirst\n<!-- b -->\nsecond'), 'first\n<!-- b -->\nsecond', 'only the first comment is the header');
  });

  it('a header line cannot end the comment early', () => {
    const h = drafts.draftHeader(['a --> b']);
    assert.equal(h.match(/-->/g)?.length, 1, 'one comment end');
    assert.equal(drafts.stripDraftHeader(`${h}\nprompt`), 'prompt');
  });

  it('says what the document is, how to send and how to cancel, with or without a repository', () => {
    const withRepo = drafts.draftHeaderLines('acme/web').join('\n');
    assert.match(withRepo, /not sent/);
    assert.match(withRepo, /Ctrl\+Enter/);
    assert.match(withRepo, /close this tab/);
    assert.match(drafts.draftHeaderLines(undefined).join('\n'), /without a repository/);
  });

  it('sameWords ignores only whitespace (a one-line box drops line breaks)', () => {
    assert.ok(sameWords('a\n\nb c', 'ab c'));
    assert.ok(!sameWords('a b', 'a c'));
  });
});

describe('draft file system', () => {
  it('reads the stored draft under the header and an empty prompt without one', () => {
    const state = memento({ [drafts.DRAFT_KEY]: { prompt: 'Add a changelog', repo: 'acme/web', savedAt: 1 } });
    const fs = new drafts.DraftFileSystem(state as never);
    const read = text(fs.readFile(drafts.DRAFT_URI as never));
    assert.match(read, /^<!--[\s\S]*starts the session in acme\/web[\s\S]*-->\n\nAdd a changelog$/);
    assert.equal(fs.stat(drafts.DRAFT_URI as never).size, bytes(read).byteLength);
    const empty = new drafts.DraftFileSystem(memento() as never);
    assert.equal(drafts.stripDraftHeader(text(empty.readFile(drafts.DRAFT_URI as never))), '');
  });

  it('a save stores the prompt without the header and keeps the other fields; the mtime moves on', async () => {
    const state = memento({ [drafts.DRAFT_KEY]: { prompt: 'old', repo: 'acme/web', title: 'Kept title', tags: ['x'], savedAt: 1 } });
    const fs = new drafts.DraftFileSystem(state as never);
    const before = fs.stat(drafts.DRAFT_URI as never).mtime;
    await fs.writeFile(drafts.DRAFT_URI as never, bytes(`${drafts.draftHeader(['anything'])}\nNew prompt\nsecond line\n`));
    const d = state.get<import('../../src/draftDocument').Draft>(drafts.DRAFT_KEY)!;
    assert.equal(d.prompt, 'New prompt\nsecond line');
    assert.equal(d.repo, 'acme/web');
    assert.equal(d.title, 'Kept title');
    assert.deepEqual(d.tags, ['x']);
    assert.ok(fs.stat(drafts.DRAFT_URI as never).mtime > before);
  });

  it('holds exactly one file: others are not found, and nothing can be deleted, renamed or created', async () => {
    const fs = new drafts.DraftFileSystem(memento() as never);
    const other = stub.Uri.from({ scheme: drafts.DRAFT_SCHEME, path: '/other.md' });
    assert.throws(() => fs.readFile(other), /not found/);
    await assert.rejects(fs.writeFile(other, bytes('x')), /no permissions/);
    assert.throws(() => fs.delete(drafts.DRAFT_URI as never), /no permissions/);
    assert.throws(() => fs.rename(drafts.DRAFT_URI as never), /no permissions/);
    assert.throws(() => fs.createDirectory(drafts.DRAFT_URI as never), /no permissions/);
    assert.deepEqual(fs.readDirectory(stub.Uri.from({ scheme: drafts.DRAFT_SCHEME, path: '/' })), [['devin-prompt.md', stub.FileType.File]]);
  });

  it('changed() tells an open document to reload, unless it has unsaved edits (they are saved over the draft next)', () => {
    const fs = new drafts.DraftFileSystem(memento() as never);
    const events: unknown[] = [];
    fs.onDidChangeFile((e) => events.push(e));
    fs.changed();
    assert.equal(events.length, 1);
    stub.workspace.textDocuments.push({ uri: drafts.DRAFT_URI, isDirty: true });
    try {
      fs.changed();
      assert.equal(events.length, 1, 'no reload over unsaved edits');
    } finally {
      stub.workspace.textDocuments.length = 0;
    }
  });

  it('registerDraftDocument registers the devin-draft file system', () => {
    const subs: { dispose(): void }[] = [];
    const fs = drafts.registerDraftDocument(subs, memento() as never);
    assert.ok(stub.recorded.fileSystems.some((f: { scheme: string; provider: unknown }) => f.scheme === 'devin-draft' && f.provider === fs));
    for (const s of subs) s.dispose();
    assert.ok(!stub.recorded.fileSystems.some((f: { provider: unknown }) => f.provider === fs), 'disposed with the subscriptions');
  });
});
