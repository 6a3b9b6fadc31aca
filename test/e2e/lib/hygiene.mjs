// Key hygiene: every e2e run uses a recognisable API key (cog_HYGIENE_<random>) and, after each
// scenario and the in-host suite, looks for it everywhere the extension could have written it.
//   page:  every frame's document.documentElement.outerHTML (workbench, webviews), the visible
//          notification texts, page errors and dialogs
//   disk:  everything code-server wrote for the run: user-data (logs incl. remoteexthost.log and the
//          "Devin" output channel log, User/settings.json, User/globalStorage, workspaceStorage,
//          History, caches), code-server.log, the run's TMPDIR and the workspace folder; read as bytes
//          and searched as UTF-8 and UTF-16LE (sqlite/leveldb files included if any appear)
//   fake:  every request the fake saw: the key only as `Authorization: Bearer <key>`, never in the
//          path, query, body, User-Agent or another header
//   browser storage: in code-server the workbench state (globalState, workspaceState, view state)
//          lives in the browser's IndexedDB (vscode-web-state-db-*), and SecretStorage in the
//          browser's localStorage under "secrets.provider", encrypted (base64 ciphertext; user-data
//          only holds serve-web-key-half). Verified on 4.139.1: the plain key is not in it, and there
//          is no state.vscdb in user-data. Every localStorage,
//          sessionStorage and IndexedDB entry is searched; only "secrets.provider" (or a
//          "secret://" entry) may hold the key, any other entry is a leak.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export function hygieneKey() {
  return `cog_HYGIENE_${crypto.randomBytes(12).toString('hex')}`;
}

/** Finds `key` in a Buffer as UTF-8 or UTF-16LE. */
function bufferHas(buf, key) {
  return buf.includes(Buffer.from(key, 'utf8')) || buf.includes(Buffer.from(key, 'utf16le'));
}

/** Files under `roots` (regular files only, no sockets) that contain the key; `skip` names are ignored. */
export function scanDisk(roots, key, { skip = [] } = {}) {
  const hits = [];
  let files = 0;
  let bytes = 0;
  const walk = (p) => {
    let st;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
      return;
    }
    if (!st.isFile() || skip.some((s) => p.endsWith(s))) return;
    files++;
    bytes += st.size;
    let buf;
    try {
      buf = fs.readFileSync(p);
    } catch {
      return;
    }
    if (bufferHas(buf, key)) hits.push(`file ${p}`);
  };
  for (const r of roots) if (r) walk(r);
  return { hits, files, bytes };
}

/** Requests the fake saw that carry the key anywhere but a correct Authorization header. */
export function scanFakeRequests(requests, key) {
  const hits = [];
  for (const r of requests) {
    const { authorizationValue, ...otherHeaders } = r.headers ?? {};
    if (authorizationValue && String(authorizationValue).includes(key) && authorizationValue !== `Bearer ${key}`) {
      hits.push(`fake request #${r.index} ${r.method} ${r.path}: malformed Authorization header carries the key`);
    }
    const rest = JSON.stringify({ path: r.path, query: r.query, rawQuery: r.rawQuery, body: r.body, headers: otherHeaders });
    if (rest.includes(key)) hits.push(`fake request #${r.index} ${r.method} ${r.path}: key outside the Authorization header`);
  }
  return hits;
}

/** Every frame's HTML, the visible toasts, page errors, dialogs and the browser's storage. */
export async function scanPage({ page, pageErrors = [], dialogs = [] }, key) {
  const hits = [];
  let frames = 0;
  for (const f of page.frames()) {
    const html = await f.evaluate(() => document.documentElement?.outerHTML ?? '').catch(() => '');
    frames++;
    if (html.includes(key)) hits.push(`HTML of frame ${f === page.mainFrame() ? '(workbench)' : f.url().slice(0, 120)}`);
  }
  const toasts = await page.locator('.notifications-toasts .notification-toast')
    .evaluateAll((ts) => ts.map((t) => t.innerText)).catch(() => []);
  if (toasts.some((t) => t.includes(key))) hits.push('a notification toast');
  if (pageErrors.some((e) => e.includes(key))) hits.push('a page error');
  if (dialogs.some((d) => d.includes(key))) hits.push('a dialog');
  const storage = await browserStorage(page).catch((e) => ({ error: String(e), entries: [] }));
  const secretEntries = [];
  for (const e of storage.entries) {
    if (!e.text.includes(key)) continue;
    if (/^secret:\/\/|^secrets\.provider$/.test(e.key)) secretEntries.push(`${e.where} ${e.key}`);
    else hits.push(`browser storage ${e.where} key ${e.key.slice(0, 120)}`);
  }
  return { hits, frames, toasts: toasts.length, storageEntries: storage.entries.length, secretEntries, storageError: storage.error };
}

/** localStorage, sessionStorage and every IndexedDB store of the workbench origin as text. */
async function browserStorage(page) {
  return page.evaluate(async () => {
    const entries = [];
    const text = (v) => {
      if (v == null) return '';
      if (typeof v === 'string') return v;
      if (v instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(v));
      if (ArrayBuffer.isView(v)) return new TextDecoder().decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      try {
        return JSON.stringify(v);
      } catch {
        return String(v);
      }
    };
    for (const [name, st] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      for (let i = 0; i < st.length; i++) entries.push({ where: name, key: st.key(i), text: st.getItem(st.key(i)) ?? '' });
    }
    const dbs = (await indexedDB.databases?.()) ?? [];
    for (const { name } of dbs) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      try {
        for (const storeName of db.objectStoreNames) {
          const tx = db.transaction(storeName, 'readonly');
          const store = tx.objectStore(storeName);
          const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()].map((r) => new Promise((res, rej) => {
            r.onsuccess = () => res(r.result);
            r.onerror = () => rej(r.error);
          })));
          keys.forEach((k, i) => entries.push({ where: `indexedDB ${name}/${storeName}`, key: text(k), text: `${text(k)}\n${text(values[i])}` }));
        }
      } finally {
        db.close();
      }
    }
    return { entries };
  });
}

/** Throws when any finding is present; returns a one-line summary otherwise. */
export function assertClean(what, findings) {
  const hits = findings.flatMap((f) => f.hits ?? f);
  if (hits.length) throw new Error(`key hygiene (${what}): the API key was found in:\n  ${hits.join('\n  ')}`);
}

/**
 * The disk part of the check for a stopped code-server (`cs` from startCodeServer), plus the fake's
 * request log. `skip`: files the runner itself wrote with the key (the suite's e2e-config.json).
 */
export function scanAfterStop({ cs, fake, key, skip = [] }) {
  const disk = scanDisk([cs.userDataDir, cs.logFile, path.join(cs.dir, 'tmp'), cs.workspace], key, { skip });
  // Positive control: a skipped file the runner wrote with the key must be found by the same search.
  for (const f of skip) {
    if (!scanDisk([f], key).hits.length) throw new Error(`key hygiene: the scan does not find the key in ${f}, which holds it`);
  }
  const requests = fake ? scanFakeRequests(fake.requests(), key) : [];
  return { hits: [...disk.hits, ...requests], files: disk.files, bytes: disk.bytes, requests: fake?.requests().length ?? 0 };
}
