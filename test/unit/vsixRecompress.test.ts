// scripts/vsixRecompress.mjs: the VSIX that ships is vsce's, with each entry's deflate stream
// remade by Zopfli. What must hold: the same entries, in the same order, with the same bytes,
// times and attributes, and a file no larger than vsce's.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { recompressVsix } from '../../scripts/vsixRecompress.mjs';

type Entry = { name: string; data: Buffer; mtime: number; attrs: number; method: number };

function writeZip(file: string, entries: { name: string; data: Buffer; mtime: Date; mode: number; compress?: boolean }[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const e of entries) zip.addBuffer(e.data, e.name, { mtime: e.mtime, mode: e.mode, compress: e.compress ?? true });
    zip.end();
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()).on('error', reject);
  });
}

function readZip(file: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks), mtime: entry.getLastModDate().getTime(), attrs: entry.externalFileAttributes, method: entry.compressionMethod });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

describe('VSIX recompression (scripts/vsixRecompress.mjs)', () => {
  it('keeps every entry, its order, bytes, time and mode, and makes the file no larger', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-recompress-'));
    try {
      const file = path.join(dir, 'a.vsix');
      const text = Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`Message number ${i}: the session could not be found`, `Nachricht ${i}: die Sitzung wurde nicht gefunden`])), null, 2));
      const random = crypto.randomBytes(4096); // does not compress: vsce's stream may stay
      const entries = [
        { name: 'extension.vsixmanifest', data: Buffer.from('<?xml version="1.0"?><PackageManifest/>'), mtime: new Date(2026, 10, 30, 9, 6, 8), mode: 0o100664 },
        { name: 'extension/l10n/bundle.l10n.de.json', data: text, mtime: new Date(2026, 10, 29, 23, 59, 58), mode: 0o100644 },
        { name: 'extension/media/icon.png', data: random, mtime: new Date(2026, 0, 2, 3, 4, 6), mode: 0o100644 },
        { name: 'extension/empty.txt', data: Buffer.alloc(0), mtime: new Date(2026, 5, 6, 7, 8, 10), mode: 0o100600 },
        { name: 'extension/stored.txt', data: Buffer.from('stored, not deflated, by the packer '.repeat(50)), mtime: new Date(2026, 5, 6, 7, 8, 10), mode: 0o100644, compress: false },
      ];
      await writeZip(file, entries);
      const before = await readZip(file);
      const r = await recompressVsix(file, { iterations: 1 });
      const after = await readZip(file);
      assert.equal(r.after, fs.statSync(file).size);
      assert.ok(r.after <= r.before, `${r.after} ≤ ${r.before}`);
      assert.ok(r.after < r.before, 'the repetitive JSON compresses better than with zlib, and the stored entry is deflated');
      assert.deepEqual(after.map((e) => e.name), entries.map((e) => e.name), 'same entries, same order');
      for (const [i, e] of after.entries()) {
        assert.ok(e.data.equals(entries[i].data), `${e.name}: same bytes`);
        assert.equal(e.mtime, before[i].mtime, `${e.name}: same time`);
        assert.equal(e.attrs >>> 16, entries[i].mode, `${e.name}: same mode`);
        assert.equal(e.method, 8, `${e.name}: deflated`);
      }
      assert.equal(fs.readdirSync(dir).length, 1, 'no leftover check file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a zip and leaves it as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-recompress-'));
    try {
      const file = path.join(dir, 'broken.vsix');
      fs.writeFileSync(file, 'not a zip');
      await assert.rejects(recompressVsix(file, { iterations: 1 }));
      assert.equal(fs.readFileSync(file, 'utf8'), 'not a zip');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
