// Recompresses every entry of a VSIX with Zopfli, the deflate encoder that spends more time to
// find smaller encodings (as Android's `zipalign -z` does for APKs). The output is a standard zip
// of standard deflate streams, readable by every unzip; only the sizes change. Each entry keeps its
// name, order, bytes, modification time and attributes; an entry whose Zopfli stream is not smaller
// keeps vsce's own (zlib) stream. The sizes are known before each entry is written, so the entries
// carry them in their headers and need no data descriptor (vsce's yazl streams and adds one: 16
// bytes an entry). Every new stream is inflated again and compared with the original bytes, and
// the new file is read back entry by entry, before it replaces the old one.
//   node scripts/vsixRecompress.mjs <file.vsix>   (in place; prints the sizes)
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import crc32 from 'buffer-crc32';
import { deflateAsync } from '@gfx/zopfli';

/** Reads every entry: name, bytes, vsce's raw deflate stream, time and attributes. */
function readEntries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = [];
      const stream = (entry, decompress) => new Promise((res, rej) => {
        zip.openReadStream(entry, { decompress }, (e, s) => {
          if (e) return rej(e);
          const chunks = [];
          s.on('data', (c) => chunks.push(c)).on('end', () => res(Buffer.concat(chunks))).on('error', rej);
        });
      });
      zip.on('entry', async (entry) => {
        try {
          if (/\/$/.test(entry.fileName)) throw new Error(`unexpected directory entry ${entry.fileName}`);
          if (entry.compressionMethod !== 8 && entry.compressionMethod !== 0) throw new Error(`${entry.fileName}: compression method ${entry.compressionMethod}`);
          const data = await stream(entry, entry.compressionMethod === 8 ? true : null);
          const raw = entry.compressionMethod === 8 ? await stream(entry, false) : undefined;
          entries.push({ name: entry.fileName, data, raw, mtime: entry.getLastModDate(), attrs: entry.externalFileAttributes, os: entry.versionMadeBy >> 8 });
          zip.readEntry();
        } catch (e) {
          zip.close();
          reject(e);
        }
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** MS-DOS time and date of a Date, in local time as zip tools read them (2-second resolution). */
function dosTime(d) {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A zip (PKWARE APPNOTE 4.3) of entries whose deflate streams are made: local header, stream, then
 * the central directory and its end record. No zip64: a VSIX is far below 4 GB and 65,535 entries.
 */
function writeZip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const utf8 = /[^\x20-\x7e]/.test(e.name) ? 0x0800 : 0; // general purpose bit 11: the name is UTF-8
    const { time, date } = dosTime(e.mtime);
    const crc = crc32.unsigned(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(utf8, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.stream.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, e.stream);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((e.os << 8) | 20, 4); // made by: the original's system, spec 2.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(utf8, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(e.stream.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal attributes: 0
    c.writeUInt32LE(e.attrs >>> 0, 38);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += local.length + name.length + e.stream.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length > 0xffff || offset + centralSize > 0xffffffff) throw new Error('too large for a zip without zip64');
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * Recompresses `file` in place. Returns { before, after } in bytes.
 * @param opts.iterations Zopfli iterations per block (its default is 15; 5 is within 0.1 % of it here, in a third of the time).
 */
export async function recompressVsix(file, { iterations = 5 } = {}) {
  const before = fs.statSync(file).size;
  const entries = await readEntries(file);
  for (const e of entries) {
    const z = Buffer.from(await deflateAsync(e.data, { numiterations: iterations }));
    if (!zlib.inflateRawSync(z).equals(e.data)) throw new Error(`Zopfli's stream for ${e.name} does not inflate to the same bytes`);
    e.stream = e.raw && e.raw.length <= z.length ? e.raw : z;
  }
  const out = writeZip(entries);
  const check = `${file}.check`;
  fs.writeFileSync(check, out);
  try {
    const again = await readEntries(check);
    if (again.length !== entries.length || again.some((a, i) => a.name !== entries[i].name || !a.data.equals(entries[i].data))) {
      throw new Error('the recompressed VSIX does not hold the same entries');
    }
    if (out.length > before) throw new Error(`the recompressed VSIX is larger (${out.length} > ${before} bytes)`);
    fs.renameSync(check, file);
  } finally {
    fs.rmSync(check, { force: true });
  }
  return { before, after: out.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/vsixRecompress.mjs <file.vsix>');
    process.exit(2);
  }
  const t = Date.now();
  recompressVsix(file).then(({ before, after }) => {
    console.log(`${file}: ${(before / 1024).toFixed(1)} KB → ${(after / 1024).toFixed(1)} KB with Zopfli (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }, (e) => {
    console.error(`${file}: not recompressed: ${e?.stack ?? e}`);
    process.exitCode = 1;
  });
}
