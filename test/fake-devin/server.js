'use strict';
// A fake Devin REST API v3 server for tests, e2e runs and the demo. Node built-ins only.
// See README.md in this folder for options, faults and the /_fake/ control endpoints.

const http = require('node:http');
const crypto = require('node:crypto');
const D = require('./data.js');
const { createDemo } = require('./demo.js');

const PERMISSION_ALIASES = {
  sessions: 'ViewOrgSessions',
  view: 'ViewOrgSessions',
  manage: 'ManageOrgSessions',
  playbooks: 'ManageAccountPlaybooks',
  knowledge: 'ManageAccountKnowledge',
  repositories: 'Read',
  repos: 'Read',
  enterprise: 'ManageOrganizations',
  impersonate: 'ImpersonateOrgSessions',
};

const PLATFORMS = ['default', 'inherit', 'linux', 'windows'];
const DEVIN_MODES = ['normal', 'fast', 'lite'];
const ACTIVE = new Set(['new', 'claimed', 'running', 'resuming']);

/** Parts of a multipart/form-data body: {name, filename?, contentType?, data}. Malformed input gives []. */
function parseMultipart(buf, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType || '');
  if (!m || !buf) return [];
  const boundary = Buffer.from(`--${(m[1] || m[2]).trim()}`);
  const parts = [];
  let at = buf.indexOf(boundary);
  while (at >= 0) {
    const start = at + boundary.length;
    if (buf.slice(start, start + 2).toString() === '--') break;
    const next = buf.indexOf(boundary, start);
    if (next < 0) break;
    const part = buf.slice(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.slice(0, split).toString('utf8');
      const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] || '';
      const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
      const ctype = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      parts.push({ name, filename, contentType: ctype, data: part.slice(split + 4) });
    }
    at = next;
  }
  return parts;
}

function permName(p) {
  return PERMISSION_ALIASES[p] || p;
}

function toDenySet(permissions) {
  const deny = new Set();
  if (!permissions) return deny;
  if (Array.isArray(permissions)) {
    for (const p of permissions) deny.add(permName(p));
  } else if (typeof permissions === 'object') {
    const list = Array.isArray(permissions.deny) ? permissions.deny : null;
    if (list) for (const p of list) deny.add(permName(p));
    for (const [k, v] of Object.entries(permissions)) if (v === false) deny.add(permName(k));
  }
  return deny;
}

function b64(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

function unb64(s) {
  try {
    return JSON.parse(Buffer.from(String(s), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function bareId(id) {
  return String(id).replace(/^devin-/, '');
}

/**
 * Starts a fake Devin server.
 * @param {object} [options] see README.md
 * @returns {Promise<object>}
 */
async function createFakeDevin(options = {}) {
  const now = typeof options.now === 'function' ? options.now : () => Date.now();
  const nowSec = () => Math.floor(now() / 1000);
  const seed = options.seed ?? 42;
  const rand = D.prng(seed);
  const key = options.key || `cog_fake_${crypto.randomBytes(12).toString('hex')}`;
  const orgId = options.orgId || 'org-fake123';
  // A second credential: an enterprise service user's key (no org of its own in /v3/self) that
  // lists three organizations and may use each of them. `key` stays the org-scoped key.
  const enterpriseKey = options.enterpriseKey || `cog_fake_ent_${crypto.randomBytes(12).toString('hex')}`;
  const config = {
    selfOrgId: options.selfOrgId === undefined ? orgId : options.selfOrgId,
    enterprise: options.enterprise === true,
    deny: toDenySet(options.permissions),
    maxMessageLength: options.maxMessageLength ?? 100_000,
    maxAttachmentBytes: options.maxAttachmentBytes ?? 10 * 1024 * 1024,
    // How session ids appear in answers: 'prefixed' (devin-…), 'bare' (no prefix anywhere) or
    // 'mixed' (bare in lists, prefixed in single-session answers). Paths accept both forms.
    sessionIds: options.sessionIds ?? 'prefixed',
    // Order of the session list: 'newest' (updated_at descending) or 'shuffled' (an arbitrary,
    // seeded order across pages and within each page; the API documents no order).
    order: options.order ?? 'newest',
    // What `tags=a&tags=b` matches: 'any' (a session with one of them) or 'all' (every one). The
    // API does not document it; the extension must show the same sessions under both.
    tagMatch: options.tagMatch ?? 'any',
    // The session list's `total` (v3 types it `integer | null`, "can be omitted for performance"):
    // 'exact' (default), 'omit' (no field at all), 'null', or 'inflated' (one more than the list
    // holds: a count that never agrees with the pages).
    total: options.total ?? 'exact',
  };

  const store = {
    /** @type {Map<string, any>} public session objects, keyed by `devin-<hex>` */
    sessions: new Map(),
    /** @type {Map<string, any>} hidden per-session data: repos, messages, lifecycle state */
    meta: new Map(),
    orgs: [{ org_id: orgId, name: 'Acme Engineering', created_at: nowSec() - 400 * 86400, updated_at: nowSec() - 86400, max_cycle_acu_limit: 5000, max_session_acu_limit: 50 }],
    playbooks: [],
    notes: [],
    repositories: [],
    /** @type {Map<string, {attachment_id: string, name: string, size: number, content_type: string | null, data: Buffer}>} uploads */
    attachments: new Map(),
    version: 0,
    sortedCache: null,
    sortedStale: false,
  };
  if (config.enterprise) {
    store.orgs.push({ org_id: 'org-fake-research', name: 'Acme Research', created_at: nowSec() - 200 * 86400, updated_at: nowSec() - 3600, max_cycle_acu_limit: null, max_session_acu_limit: null });
  }
  /** What the enterprise key sees: the main org and two more, each with a few sessions of its own. */
  const enterpriseOrgs = [
    store.orgs[0],
    { org_id: 'org-fake-research', name: 'Acme Research', created_at: nowSec() - 200 * 86400, updated_at: nowSec() - 3600, max_cycle_acu_limit: null, max_session_acu_limit: null },
    { org_id: 'org-fake-platform', name: 'Acme Platform', created_at: nowSec() - 150 * 86400, updated_at: nowSec() - 7200, max_cycle_acu_limit: 2000, max_session_acu_limit: 20 },
  ];
  let enterpriseSeeded = false;
  /** The other orgs' sessions appear on the enterprise key's first use (other fakes never see them). */
  function seedEnterpriseSessions() {
    if (enterpriseSeeded) return;
    enterpriseSeeded = true;
    const t = nowSec();
    addSession({ org_id: 'org-fake-research', title: 'Research: evaluate the new tokenizer', status: 'running', status_detail: 'working', created_at: t - 3600, updated_at: t - 600, acus_consumed: 3.5 }, { repos: ['acme-research/tokenizer'] });
    addSession({ org_id: 'org-fake-research', title: 'Research: summarize benchmark results', status: 'exit', created_at: t - 86400, updated_at: t - 80000, acus_consumed: 1.2 });
    addSession({ org_id: 'org-fake-platform', title: 'Platform: upgrade the Kubernetes charts', status: 'running', status_detail: 'waiting_for_user', created_at: t - 7200, updated_at: t - 300, acus_consumed: 6 }, { repos: ['acme-platform/charts'] });
  }
  const requests = [];
  let fault = null;
  let offline = false;
  let offlineTimer = null;
  let eventCounter = 0;
  let requestCounter = 0;
  let seededCount = 0;

  // ---- store helpers ------------------------------------------------------------------------

  function changed() {
    store.version++;
    store.sortedStale = true;
    store.shuffledCache = null;
  }

  function newId(r = rand) {
    let id;
    do id = `devin-${D.hex(r, 32)}`;
    while (store.sessions.has(id));
    return id;
  }

  function findSession(id) {
    if (typeof id !== 'string' || !id) return undefined;
    return store.sessions.get(id.startsWith('devin-') ? id : `devin-${id}`) || store.sessions.get(id);
  }

  function metaOf(id) {
    let m = store.meta.get(id);
    if (!m) {
      m = { repos: [], messages: null, step: 0, waited: 0, asked: false, fate: 'ok' };
      store.meta.set(id, m);
    }
    return m;
  }

  function bump(s) {
    s.updated_at = Math.max(nowSec(), s.created_at || 0);
    changed();
  }

  /** A session as an answer shows it, with ids in the configured form (`sessionIds`). */
  function present(s, where) {
    const mode = config.sessionIds;
    if (!s || typeof s !== 'object' || !(mode === 'bare' || (mode === 'mixed' && where === 'list'))) return s;
    const strip = (x) => (typeof x === 'string' ? bareId(x) : x);
    return { ...s, session_id: strip(s.session_id), parent_session_id: strip(s.parent_session_id), child_session_ids: Array.isArray(s.child_session_ids) ? s.child_session_ids.map(strip) : s.child_session_ids };
  }

  function nextEventId() {
    eventCounter++;
    return `event-${String(eventCounter).padStart(8, '0')}`;
  }

  function baseSession(fields) {
    const t = nowSec();
    const id = fields.session_id ? (String(fields.session_id).startsWith('devin-') ? String(fields.session_id) : `devin-${fields.session_id}`) : newId();
    return {
      session_id: id,
      url: `https://app.devin.ai/sessions/${bareId(id)}`,
      status: 'new',
      status_detail: null,
      title: null,
      tags: [],
      org_id: orgId,
      created_at: t,
      updated_at: t,
      acus_consumed: 0,
      pull_requests: [],
      user_id: null,
      service_user_id: D.SERVICE_USER_ID,
      playbook_id: null,
      origin: 'api',
      parent_session_id: null,
      child_session_ids: [],
      is_archived: false,
      structured_output: null,
      category: null,
      subcategory: null,
    };
  }

  /** Adds (or replaces) a session from fields; returns the public object. */
  function addSession(fields = {}, extra = {}) {
    const s = { ...baseSession(fields), ...fields };
    s.session_id = baseSession({ session_id: s.session_id }).session_id;
    if (fields.updated_at === undefined && fields.created_at !== undefined) s.updated_at = Math.max(s.created_at, nowSec());
    store.sessions.set(s.session_id, s);
    const m = metaOf(s.session_id);
    if (extra.repos) m.repos = extra.repos.slice();
    if (extra.messages) m.messages = extra.messages.map((x) => ({ event_id: nextEventId(), created_at: s.created_at, ...x }));
    if (extra.fate) m.fate = extra.fate;
    changed();
    return s;
  }

  /** Deletes a session as if it was deleted elsewhere (no API route does; lists stop showing it). */
  function removeSession(id) {
    const s = findSession(id);
    if (!s) return false;
    store.sessions.delete(s.session_id);
    store.meta.delete(s.session_id);
    changed();
    return true;
  }

  /** Merges fields into a session (creating it when unknown) and bumps updated_at unless given. */
  function patchSession(id, fields = {}) {
    const s = id ? findSession(id) : undefined;
    if (!s) return addSession({ ...fields, ...(id ? { session_id: id } : {}) });
    const { session_id: _ignored, ...rest } = fields;
    Object.assign(s, rest);
    if (fields.updated_at === undefined) bump(s);
    else changed();
    return s;
  }

  /** Seeded, realistic session number `i` (state spread across every group). */
  function seededSession(i, r = rand) {
    const tpl = D.sessionTemplate(r, i);
    const t = nowSec();
    const created = t - D.int(r, 120, 14 * 86400);
    const updated = Math.min(t, created + D.int(r, 30, 3 * 86400));
    const roll = r();
    let status = 'running';
    let detail = 'working';
    let prs = [];
    let archived = false;
    if (roll < 0.15) detail = 'waiting_for_user';
    else if (roll < 0.2) detail = 'waiting_for_approval';
    else if (roll < 0.35) detail = 'working';
    else if (roll < 0.55) {
      detail = 'finished';
      prs = [{ pr_url: D.prUrl(r, tpl.repo), pr_state: D.pick(r, ['open', 'open', 'merged', 'closed']) }];
    } else if (roll < 0.65) {
      status = 'suspended';
      detail = D.pick(r, ['inactivity', 'inactivity', 'user_request', 'usage_limit_exceeded']);
    } else if (roll < 0.82) {
      status = 'exit';
      detail = null;
      prs = r() < 0.7 ? [{ pr_url: D.prUrl(r, tpl.repo), pr_state: D.pick(r, ['merged', 'merged', 'closed', 'open']) }] : [];
      archived = r() < 0.3;
    } else if (roll < 0.88) {
      status = 'error';
      detail = null;
    } else if (roll < 0.94) {
      status = 'new';
      detail = null;
    } else {
      status = 'claimed';
      detail = null;
    }
    const s = addSession(
      {
        session_id: `devin-${D.hex(r, 32)}`,
        status,
        status_detail: detail,
        title: status === 'new' ? null : tpl.title,
        tags: tpl.tags,
        created_at: created,
        updated_at: status === 'new' ? created : updated,
        acus_consumed: status === 'new' ? 0 : Math.round(r() * 4000) / 100,
        pull_requests: prs,
        user_id: tpl.origin === 'api' ? null : tpl.user,
        service_user_id: tpl.origin === 'api' ? D.SERVICE_USER_ID : null,
        origin: tpl.origin,
        is_archived: archived,
        category: status === 'new' ? null : tpl.category,
        playbook_id: r() < 0.2 ? 'playbook-flaky-tests' : null,
      },
      { repos: [tpl.repo], fate: r() < 0.1 ? 'error' : 'ok' },
    );
    metaOf(s.session_id).prompt = `${tpl.title}. The repo is ${tpl.repo}.`;
    return s;
  }

  function addSessions(n, opts = {}) {
    const r = opts.seed !== undefined ? D.prng(opts.seed) : rand;
    const out = [];
    for (let i = 0; i < n; i++) out.push(seededSession(seededCount++, r));
    return out;
  }

  function addHostileSessions() {
    const out = [];
    for (const c of D.hostileCases()) {
      const s = addSession({ status: 'running', status_detail: 'working', ...c.fields, session_id: `devin-${D.hex(rand, 32)}` }, { repos: ['acme/web-app'] });
      if (c.messages) metaOf(s.session_id).messages = c.messages.map((m) => ({ event_id: nextEventId(), source: m.source, message: m.message, created_at: s.created_at }));
      out.push(s);
    }
    // A session without id and a non-object item: both must be dropped by the client.
    store.hostileJunk = [{ title: 'no id at all', status: 'running' }, 'not-an-object', null];
    changed();
    return out;
  }

  /** Messages of a seeded session, generated on first use so 10,000 sessions stay cheap. */
  function messagesOf(s) {
    const m = metaOf(s.session_id);
    if (m.messages) return m.messages;
    const r = D.prng(D.hash(s.session_id));
    const list = [];
    const span = Math.max(1, (s.updated_at || s.created_at) - s.created_at);
    const add = (source, message, frac) => list.push({ event_id: nextEventId(), source, message, created_at: s.created_at + Math.floor(span * frac) });
    add('user', m.prompt || s.title || 'Please help with this task.', 0);
    if (s.status !== 'new') add('devin', D.DEVIN_PROGRESS[0], 0.05);
    if (s.status === 'running' || s.status === 'exit' || s.status === 'suspended' || s.status === 'error') {
      const n = D.int(r, 1, 4);
      for (let i = 0; i < n; i++) add('devin', D.fill(D.DEVIN_PROGRESS[1 + ((i + D.int(r, 0, 4)) % (D.DEVIN_PROGRESS.length - 1))], r), 0.1 + (0.6 * i) / n);
      if (r() < 0.5 || s.status_detail === 'waiting_for_user') {
        add('devin', D.pick(r, D.DEVIN_QUESTIONS), 0.75);
        if (s.status_detail !== 'waiting_for_user') add('user', D.pick(r, D.USER_REPLIES), 0.8);
      }
      for (const pr of s.pull_requests || []) if (pr && pr.pr_url) add('devin', `I opened a pull request: ${pr.pr_url}\n\nSummary:\n- Fixed the issue\n- Added tests`, 0.9);
      if (s.status === 'error') add('devin', 'I ran into an unrecoverable error while setting up the environment:\n\n```\nError: ENOSPC: no space left on device\n```', 1);
      if (s.status_detail === 'finished') add('devin', 'All done! Let me know if you need anything else.', 1);
    }
    m.messages = list;
    return list;
  }

  function addMessage(id, message, source = 'devin') {
    const s = findSession(id);
    if (!s) return undefined;
    const list = messagesOf(s);
    const msg = { event_id: nextEventId(), source, message, created_at: nowSec() };
    list.push(msg);
    bump(s);
    return msg;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Moves one session one step along new → claimed → running … ; returns true when it changed. */
  function step(s, r) {
    // Archiving keeps a session for reference; it does not stop it (only DELETE does).
    const m = metaOf(s.session_id);
    const repo = m.repos[0] || 'acme/web-app';
    const say = (text) => messagesOf(s).push({ event_id: nextEventId(), source: 'devin', message: text, created_at: nowSec() });
    switch (s.status) {
      case 'new':
        s.status = 'claimed';
        break;
      case 'claimed':
      case 'resuming': {
        const wasResuming = s.status === 'resuming';
        s.status = 'running';
        s.status_detail = 'working';
        if (!s.title) s.title = (m.prompt || 'New session').slice(0, 80);
        say(wasResuming ? 'Resuming where I left off.' : D.DEVIN_PROGRESS[0]);
        break;
      }
      case 'running':
        if (s.status_detail === 'working' || s.status_detail == null) {
          m.step++;
          s.acus_consumed = Math.round((Number(s.acus_consumed) || 0) * 100 + D.int(r, 10, 90)) / 100;
          if (m.fate === 'error' && m.step >= 2) {
            s.status = 'error';
            s.status_detail = null;
            say('I hit an error I cannot recover from:\n\n```\nFATAL: machine became unresponsive\n```');
          } else if (m.step === 1) {
            say(D.fill(D.pick(r, D.DEVIN_PROGRESS.slice(1)), r));
          } else if (m.step === 2 && !m.asked) {
            m.asked = true;
            s.status_detail = 'waiting_for_user';
            say(D.pick(r, D.DEVIN_QUESTIONS));
          } else if (!s.pull_requests || !s.pull_requests.length) {
            s.pull_requests = [{ pr_url: D.prUrl(r, repo), pr_state: 'open' }];
            say(`I opened a pull request: ${s.pull_requests[0].pr_url}`);
          } else {
            s.status_detail = 'finished';
            say('All done! The pull request is ready for review.');
          }
        } else if (s.status_detail === 'waiting_for_user' || s.status_detail === 'waiting_for_approval') {
          m.waited++;
          if (m.waited < 3) return false;
          s.status = 'suspended';
          s.status_detail = 'inactivity';
        } else if (s.status_detail === 'finished') {
          const open = (s.pull_requests || []).find((p) => p && p.pr_state === 'open');
          if (open) open.pr_state = r() < 0.8 ? 'merged' : 'closed';
          else return false;
        } else {
          return false;
        }
        break;
      default:
        return false; // exit, error, suspended (waits for a message) and unknown statuses
    }
    bump(s);
    return true;
  }

  /** One lifecycle step. `all` (default) moves every active session; otherwise each with probability 0.35. */
  function advance(opts = {}) {
    const all = opts.all !== false;
    let n = 0;
    if (opts.sessionId) {
      const s = findSession(opts.sessionId);
      return s && step(s, rand) ? 1 : 0;
    }
    for (const s of store.sessions.values()) {
      if (!ACTIVE.has(s.status)) continue;
      if (!all && rand() > 0.35) continue;
      if (step(s, rand)) n++;
    }
    return n;
  }

  // ---- faults -------------------------------------------------------------------------------

  function setFault(f) {
    fault = f ? { ...f } : null;
    if (fault && typeof fault.paths === 'string') fault.pathRe = new RegExp(fault.paths);
  }

  function setOffline(v) {
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
    if (typeof v === 'number') {
      offline = true;
      offlineTimer = setTimeout(() => {
        offline = false;
      }, v);
      offlineTimer.unref?.();
    } else {
      offline = !!v;
    }
  }

  function setPermissions(p) {
    config.deny = toDenySet(p);
  }

  function faultFor(method, pathname) {
    if (!fault) return null;
    if (fault.pathRe && !fault.pathRe.test(pathname)) return null;
    if (Array.isArray(fault.methods) && !fault.methods.map((x) => String(x).toUpperCase()).includes(method)) return null;
    const f = fault;
    if (typeof f.times === 'number') {
      f.times--;
      if (f.times <= 0) fault = null;
    }
    return f;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  function send(res, status, body, headers = {}) {
    if (res.headersSent || res.destroyed) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req-fake-${requestCounter}`, ...headers });
    res.end(text);
  }

  const notFound = (res, what = 'Not Found') => send(res, 404, { detail: what });
  const v422 = (res, detail) => send(res, 422, { detail });

  function faultBody(status) {
    switch (status) {
      case 401: return { detail: 'Invalid or expired API key' };
      case 403: return { detail: 'Forbidden: missing permission' };
      case 404: return { detail: 'Not Found' };
      case 422:
        return {
          detail: [
            { loc: ['body', 'prompt'], msg: 'Field required', type: 'missing' },
            { loc: ['body', 'max_acu_limit'], msg: 'Input should be greater than 0', type: 'greater_than', ctx: { gt: 0 } },
            { loc: ['query', 'first'], msg: 'Input should be less than or equal to 200', type: 'less_than_equal' },
          ],
        };
      case 429: return { detail: 'Too Many Requests' };
      default: return { detail: status >= 500 ? 'Internal Server Error' : `HTTP ${status}` };
    }
  }

  const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>';

  /** Applies a fault; returns true when the request was answered (or the socket destroyed). */
  async function applyFault(req, res, f) {
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (res.destroyed || req.socket.destroyed) return true;
    if (f.closeConnection) {
      req.socket.destroy();
      return true;
    }
    if (f.redirectTo) {
      const to = new URL(req.url, f.redirectTo).toString();
      res.writeHead(f.status && f.status >= 300 && f.status < 400 ? f.status : 307, { location: to, 'content-length': 0 });
      res.end();
      return true;
    }
    if (f.htmlError) {
      const status = f.status || 502;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(HTML_PAGE) });
      res.end(HTML_PAGE);
      return true;
    }
    if (f.malformedJson) {
      const text = '{"items": [{"session_id": "devin-abc", "status": ';
      res.writeHead(f.status || 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return true;
    }
    if (f.emptyBody) {
      res.writeHead(f.status || 200, { 'content-type': 'application/json', 'content-length': 0 });
      res.end();
      return true;
    }
    if (f.status) {
      const headers = { ...(f.headers || {}) };
      if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
      send(res, f.status, f.body !== undefined ? f.body : faultBody(f.status), headers);
      return true;
    }
    return false; // delay-only or repeatCursor: answer normally
  }

  function readBody(req) {
    return new Promise((resolve) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size <= 20 * 1024 * 1024) chunks.push(c);
      });
      req.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ text: buf.toString('utf8'), buf, size });
      });
      req.on('error', () => resolve({ text: '', buf: Buffer.alloc(0), size: 0 }));
    });
  }

  function queryObject(sp) {
    const q = {};
    for (const k of new Set(sp.keys())) {
      const all = sp.getAll(k);
      q[k] = all.length > 1 ? all : all[0];
    }
    return q;
  }

  /** Parses `first` (1..200, default 100) or answers 422 and returns undefined. */
  function pageSize(sp, res, max = 200) {
    const raw = sp.get('first');
    if (raw === null) return 100;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim())) {
      v422(res, [{ loc: ['query', 'first'], msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing', input: raw }]);
      return undefined;
    }
    if (n < 1) {
      v422(res, [{ loc: ['query', 'first'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal', ctx: { ge: 1 }, input: raw }]);
      return undefined;
    }
    if (n > max) {
      v422(res, [{ loc: ['query', 'first'], msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal', ctx: { le: max }, input: raw }]);
      return undefined;
    }
    return n;
  }

  /**
   * Cursor pagination over an already sorted array. The cursor is opaque: base64url JSON of the
   * last item's sort key (`k`) plus a kind tag, so updates between pages do not repeat or skip items.
   */
  function paginate(res, sp, items, kind, keyOf, cmpKey, show = (x) => x, totalOf = (n) => n) {
    const first = pageSize(sp, res);
    if (first === undefined) return;
    const after = sp.get('after');
    let start = 0;
    if (after) {
      const c = unb64(after);
      if (!c || c.t !== kind || c.k === undefined) {
        v422(res, [{ loc: ['query', 'after'], msg: 'Invalid cursor', type: 'value_error', input: after }]);
        return;
      }
      if (kind === 's') {
        // The session list is sorted by its key: a binary search keeps 100,000 sessions cheap.
        let lo = 0;
        let hi = items.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cmpKey(keyOf(items[mid]), c.k) > 0) hi = mid;
          else lo = mid + 1;
        }
        start = lo;
      } else {
        start = items.findIndex((x) => cmpKey(keyOf(x), c.k) > 0);
        if (start < 0) start = items.length;
      }
    }
    const page = items.slice(start, start + first);
    const more = start + first < items.length;
    const last = page[page.length - 1];
    send(res, 200, {
      items: page.map(show),
      end_cursor: more && last ? b64({ t: kind, k: keyOf(last) }) : null,
      has_next_page: more,
      total: totalOf(items.length),
    });
  }

  /** The session list's `total` in the configured mode (undefined: JSON leaves the field out). */
  function sessionTotal(n) {
    if (config.total === 'omit') return undefined;
    if (config.total === 'null') return null;
    if (config.total === 'inflated') return n + 1;
    return n;
  }

  const sessionKey = (s) => [Number(s.updated_at) || 0, String(s.session_id)];
  // Newest updated first, then session id ascending.
  const sessionCmp = (a, b) => (a[0] !== b[0] ? b[0] - a[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const indexCmp = (a, b) => a - b;
  // 'shuffled' order: by a seeded hash of the id (stable across updates, so cursors still work).
  const shuffledCmp = (a, b) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

  // sessionCmp(sessionKey(a), sessionKey(b)) without allocating two keys per comparison.
  const sessionObjCmp = (a, b) => {
    const ua = Number(a.updated_at) || 0;
    const ub = Number(b.updated_at) || 0;
    if (ua !== ub) return ub - ua;
    const ia = String(a.session_id);
    const ib = String(b.session_id);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };

  /**
   * Every session in list order. After a change the previous order is re-sorted (sessions gone
   * from the map dropped, new ones appended): a few changed sessions among 100,000 leave it
   * nearly sorted, which the engine's merge sort finishes in about one pass. The comparator is a
   * total order, so the result is the same as sorting the map's values afresh.
   */
  function sortedSessions() {
    if (!store.sortedCache) {
      store.sortedCache = [...store.sessions.values()].sort(sessionObjCmp);
    } else if (store.sortedStale) {
      const kept = store.sortedCache.filter((s) => store.sessions.get(s.session_id) === s);
      if (kept.length !== store.sessions.size) {
        const seen = new Set(kept);
        for (const s of store.sessions.values()) if (!seen.has(s)) kept.push(s);
      }
      store.sortedCache = kept.sort(sessionObjCmp);
    }
    store.sortedStale = false;
    return store.sortedCache;
  }

  function intParam(sp, name, res) {
    const raw = sp.get(name);
    if (raw === null) return { ok: true, value: undefined };
    if (!/^-?\d+$/.test(raw.trim())) {
      v422(res, [{ loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing', input: raw }]);
      return { ok: false };
    }
    return { ok: true, value: Number(raw) };
  }

  function boolParam(sp, name, res) {
    const raw = sp.get(name);
    if (raw === null) return { ok: true, value: undefined };
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return { ok: true, value: true };
    if (['false', '0', 'no', 'off'].includes(v)) return { ok: true, value: false };
    v422(res, [{ loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing', input: raw }]);
    return { ok: false };
  }

  function listSessions(req, res, sp, org) {
    const nums = {};
    for (const n of ['created_after', 'created_before', 'updated_after', 'updated_before']) {
      const r = intParam(sp, n, res);
      if (!r.ok) return;
      nums[n] = r.value;
    }
    const arch = boolParam(sp, 'is_archived', res);
    if (!arch.ok) return;
    const list = (name) => {
      const v = sp.getAll(name).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
      return v.length ? v : undefined;
    };
    const tags = list('tags');
    const repos = list('repo_names');
    const users = list('user_ids');
    const services = list('service_user_ids');
    const ids = list('session_ids');
    const origins = list('origins');
    const playbook = sp.get('playbook_id');
    const category = sp.get('category');
    const idSet = ids ? new Set(ids.map((x) => (x.startsWith('devin-') ? x : `devin-${x}`))) : undefined;
    const shuffled = config.order === 'shuffled';
    const orderKey = shuffled ? (s) => [D.hash(`${seed}:${s.session_id}`), String(s.session_id)] : sessionKey;
    const orderCmp = shuffled ? shuffledCmp : sessionCmp;
    const listed = (s) => present(s, 'list');
    // The shuffled order of every session is computed once per change (100,000 stay cheap).
    if (shuffled && !store.shuffledCache) store.shuffledCache = sortedSessions().map((s) => [orderKey(s), s]).sort((a, b) => orderCmp(a[0], b[0])).map((x) => x[1]);
    const base = shuffled ? store.shuffledCache : sortedSessions();
    const unfiltered = org === orgId && Object.values(nums).every((v) => v === undefined) && arch.value === undefined && !tags && !repos && !users && !services && !ids && !origins && !playbook && !category && base.every((s) => s.org_id === orgId || s.org_id == null);
    const filtered = unfiltered ? base : base.filter((s) => {
      if (s.org_id !== org && !(org === orgId && s.org_id == null)) return false;
      if (nums.created_after !== undefined && !(s.created_at >= nums.created_after)) return false;
      if (nums.created_before !== undefined && !(s.created_at < nums.created_before)) return false;
      if (nums.updated_after !== undefined && !(s.updated_at >= nums.updated_after)) return false;
      if (nums.updated_before !== undefined && !(s.updated_at < nums.updated_before)) return false;
      if (arch.value !== undefined && !!s.is_archived !== arch.value) return false;
      if (tags && !(Array.isArray(s.tags) && (config.tagMatch === 'all' ? tags.every((t) => s.tags.includes(t)) : s.tags.some((t) => tags.includes(t))))) return false;
      if (repos && !metaOf(s.session_id).repos.some((r) => repos.includes(r))) return false;
      if (users && !users.includes(s.user_id)) return false;
      if (services && !services.includes(s.service_user_id)) return false;
      if (idSet && !idSet.has(s.session_id)) return false;
      if (origins && !origins.includes(s.origin)) return false;
      if (playbook && s.playbook_id !== playbook) return false;
      if (category && s.category !== category) return false;
      return true;
    });
    const items = filtered;
    if (fault && fault.repeatCursor && (!fault.pathRe || fault.pathRe.test('/sessions'))) {
      const first = pageSize(sp, res);
      if (first === undefined) return;
      send(res, 200, { items: items.slice(0, first).map(listed), end_cursor: 'cmVwZWF0LWN1cnNvcg', has_next_page: true, total: sessionTotal(items.length) });
      return;
    }
    if (store.hostileJunk && org === orgId && !sp.get('after')) {
      // Hostile mode: the first page also carries items the client must drop.
      const first = pageSize(sp, res);
      if (first === undefined) return;
      const page = items.slice(0, first);
      const more = first < items.length;
      const last = page[page.length - 1];
      send(res, 200, { items: [...page.map(listed), ...store.hostileJunk], end_cursor: more && last ? b64({ t: 's', k: orderKey(last) }) : null, has_next_page: more, total: sessionTotal(items.length) });
      return;
    }
    paginate(res, sp, items, 's', orderKey, orderCmp, listed, sessionTotal);
  }

  function validateCreate(body) {
    const errs = [];
    const e = (field, msg, type, input, ctx) => errs.push({ loc: ['body', field], msg, type, ...(ctx ? { ctx } : {}), input });
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      errs.push({ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type', input: body });
      return errs;
    }
    if (body.prompt === undefined || body.prompt === null) e('prompt', 'Field required', 'missing', body.prompt);
    else if (typeof body.prompt !== 'string') e('prompt', 'Input should be a valid string', 'string_type', body.prompt);
    else if (!body.prompt.trim()) e('prompt', 'String should have at least 1 character', 'string_too_short', body.prompt, { min_length: 1 });
    if (body.max_acu_limit !== undefined && body.max_acu_limit !== null) {
      if (typeof body.max_acu_limit !== 'number' || !Number.isInteger(body.max_acu_limit)) e('max_acu_limit', 'Input should be a valid integer', 'int_type', body.max_acu_limit);
      else if (body.max_acu_limit <= 0) e('max_acu_limit', 'Input should be greater than 0', 'greater_than', body.max_acu_limit, { gt: 0 });
    }
    for (const f of ['title', 'playbook_id', 'create_as_user_id', 'child_playbook_id', 'platform', 'devin_mode', 'advanced_mode']) {
      if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'string') e(f, 'Input should be a valid string', 'string_type', body[f]);
    }
    for (const f of ['repos', 'tags', 'knowledge_ids', 'secret_ids', 'attachment_urls', 'session_links']) {
      const v = body[f];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) e(f, 'Input should be a valid list', 'list_type', v);
      else v.forEach((x, i) => {
        if (typeof x !== 'string') errs.push({ loc: ['body', f, i], msg: 'Input should be a valid string', type: 'string_type', input: x });
        else if (f === 'attachment_urls' && (x.length < 1 || x.length > 2083 || !/^https?:\/\//.test(x))) errs.push({ loc: ['body', f, i], msg: 'Input should be a valid URL', type: 'url_parsing', input: x });
      });
    }
    for (const f of ['bypass_approval', 'structured_output_required']) {
      if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'boolean') e(f, 'Input should be a valid boolean', 'bool_type', body[f]);
    }
    if (body.session_secrets !== undefined && body.session_secrets !== null) {
      if (!Array.isArray(body.session_secrets)) e('session_secrets', 'Input should be a valid list', 'list_type', body.session_secrets);
      else body.session_secrets.forEach((x, i) => {
        if (!x || typeof x !== 'object' || typeof x.key !== 'string') errs.push({ loc: ['body', 'session_secrets', i, 'key'], msg: 'Field required', type: 'missing' });
        if (!x || typeof x !== 'object' || typeof x.value !== 'string') errs.push({ loc: ['body', 'session_secrets', i, 'value'], msg: 'Field required', type: 'missing' });
      });
    }
    if (body.structured_output_schema != null && (typeof body.structured_output_schema !== 'object' || Array.isArray(body.structured_output_schema))) {
      e('structured_output_schema', 'Input should be a valid dictionary', 'dict_type', body.structured_output_schema);
    }
    if (typeof body.devin_mode === 'string' && !DEVIN_MODES.includes(body.devin_mode)) {
      e('devin_mode', "Input should be 'normal', 'fast' or 'lite'", 'enum', body.devin_mode, { expected: "'normal', 'fast' or 'lite'" });
    }
    return errs;
  }

  function parseJson(text) {
    if (!text.trim()) return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      return { ok: false, error: String(err.message || err) };
    }
  }

  function jsonError(res, err) {
    v422(res, [{ loc: ['body', 0], msg: `JSON decode error: ${err}`, type: 'json_invalid' }]);
  }

  function createSession(res, text, org) {
    const parsed = parseJson(text);
    if (!parsed.ok) return jsonError(res, parsed.error);
    const body = parsed.value;
    const errs = validateCreate(body);
    if (errs.length) return v422(res, errs);
    if (typeof body.platform === 'string' && !PLATFORMS.includes(body.platform)) {
      return send(res, 400, { detail: `Unknown platform "${body.platform}". Allowed platforms for this organization: ${PLATFORMS.join(', ')}` });
    }
    if (body.create_as_user_id && config.deny.has('ImpersonateOrgSessions')) {
      return send(res, 403, { detail: 'Service user lacks required permission: ImpersonateOrgSessions' });
    }
    if (body.playbook_id && !store.playbooks.some((p) => p.playbook_id === body.playbook_id)) {
      return send(res, 404, { detail: `Playbook ${body.playbook_id} not found` });
    }
    const s = addSession(
      {
        title: body.title || null,
        tags: Array.isArray(body.tags) ? body.tags.slice() : [],
        org_id: org,
        origin: 'api',
        user_id: body.create_as_user_id || null,
        service_user_id: body.create_as_user_id ? null : D.SERVICE_USER_ID,
        playbook_id: body.playbook_id || null,
        max_acu_limit: body.max_acu_limit ?? null,
      },
      { repos: Array.isArray(body.repos) ? body.repos : [] },
    );
    const m = metaOf(s.session_id);
    m.prompt = body.prompt;
    m.body = body;
    m.messages = [{ event_id: nextEventId(), source: 'user', message: body.prompt, created_at: s.created_at }];
    send(res, 200, present(s, 'one'));
  }

  function sendMessage(res, s, text) {
    const parsed = parseJson(text);
    if (!parsed.ok) return jsonError(res, parsed.error);
    const body = parsed.value;
    if (!body || typeof body !== 'object') return v422(res, [{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    if (body.message === undefined || body.message === null) return v422(res, [{ loc: ['body', 'message'], msg: 'Field required', type: 'missing' }]);
    if (typeof body.message !== 'string') return v422(res, [{ loc: ['body', 'message'], msg: 'Input should be a valid string', type: 'string_type' }]);
    if (!body.message.trim()) return v422(res, [{ loc: ['body', 'message'], msg: 'String should have at least 1 character', type: 'string_too_short', ctx: { min_length: 1 } }]);
    if (body.message.length > config.maxMessageLength) {
      return v422(res, [{ loc: ['body', 'message'], msg: `String should have at most ${config.maxMessageLength} characters`, type: 'string_too_long', ctx: { max_length: config.maxMessageLength } }]);
    }
    if (s.is_archived) return send(res, 400, { detail: 'This session is archived and cannot receive messages.' });
    if (s.status === 'exit' || s.status === 'error') return send(res, 400, { detail: `This session has ended (status ${s.status}) and cannot receive messages.` });
    const m = metaOf(s.session_id);
    messagesOf(s).push({ event_id: nextEventId(), source: 'user', message: body.message, created_at: nowSec() });
    if (s.status === 'suspended') {
      s.status = 'resuming';
      s.status_detail = null;
    } else if (s.status === 'running') {
      s.status_detail = 'working';
      m.waited = 0;
      if (m.step < 2) m.step = 2;
      m.asked = true;
    }
    bump(s);
    send(res, 200, present(s, 'one'));
  }

  /** POST …/attachments: multipart/form-data with one `file` part → {attachment_id, name, url}. */
  function uploadAttachment(req, res, org, buf, size) {
    if (size > config.maxAttachmentBytes) {
      return send(res, 413, { detail: `File too large: ${size} bytes; the limit is ${config.maxAttachmentBytes} bytes.` });
    }
    const type = req.headers['content-type'] || '';
    const missing = () => v422(res, [{ loc: ['body', 'file'], msg: 'Field required', type: 'missing' }]);
    if (!/^multipart\/form-data/i.test(type)) return missing();
    const file = parseMultipart(buf, type).find((p) => p.name === 'file' && p.filename !== undefined);
    if (!file) return missing();
    if (!file.filename) return v422(res, [{ loc: ['body', 'file'], msg: 'Expected UploadFile, received: str', type: 'value_error' }]);
    const id = crypto.randomUUID();
    const name = file.filename.split(/[\\/]/).pop();
    store.attachments.set(id, { attachment_id: id, name, size: file.data.length, content_type: file.contentType || null, data: file.data });
    const url = `http://${req.headers.host}/v3/organizations/${encodeURIComponent(org)}/attachments/${id}/${encodeURIComponent(name)}`;
    send(res, 200, { attachment_id: id, name, url });
  }

  function requirePerm(res, perm) {
    if (config.deny.has(perm)) {
      send(res, 403, { detail: `Service user lacks required permission: ${perm}` });
      return false;
    }
    return true;
  }

  function simplePage(res, sp, items) {
    paginate(res, sp, items, 'i', (x) => items.indexOf(x), indexCmp);
  }

  async function handleApi(req, res, url) {
    const method = req.method || 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const sp = url.searchParams;
    const { text, buf, size } = await readBody(req);
    const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] || '');
    let parsedForLog;
    if (multipart) {
      // Uploads are logged by their parts (name, file name, size), not their bytes.
      parsedForLog = { multipart: parseMultipart(buf, req.headers['content-type']).map((p) => ({ name: p.name, filename: p.filename, contentType: p.contentType, size: p.data.length })), size };
    } else {
      try {
        parsedForLog = text ? JSON.parse(text) : undefined;
      } catch {
        parsedForLog = text;
      }
    }
    const auth = req.headers.authorization;
    requests.push({
      index: requests.length,
      method,
      path,
      query: queryObject(sp),
      rawQuery: url.search,
      headers: {
        authorization: auth !== undefined,
        authorizationValue: auth,
        accept: req.headers.accept,
        contentType: req.headers['content-type'],
        userAgent: req.headers['user-agent'],
      },
      body: parsedForLog,
      time: now(),
    });
    requestCounter++;

    if (offline) {
      req.socket.destroy();
      return;
    }
    const f = faultFor(method, path);
    if (f && (await applyFault(req, res, f))) return;

    if (!auth) return send(res, 401, { detail: 'Not authenticated: missing Authorization header' });
    const m = /^Bearer (.+)$/.exec(auth);
    const asEnterprise = !!m && m[1] === enterpriseKey;
    if (!m || (m[1] !== key && !asEnterprise)) return send(res, 401, { detail: 'Invalid API key' });
    if (asEnterprise) seedEnterpriseSessions();

    if (path === '/v3/self') {
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (asEnterprise) return send(res, 200, { principal_type: 'service_user', service_user_id: 'service-user-fake-enterprise', service_user_name: 'enterprise-admin', org_id: null });
      return send(res, 200, { principal_type: 'service_user', service_user_id: D.SERVICE_USER_ID, service_user_name: 'vscode-extension', org_id: config.selfOrgId });
    }
    if (path === '/v3/enterprise/organizations') {
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!config.enterprise && !asEnterprise) return send(res, 403, { detail: 'This endpoint requires an enterprise service user (ManageOrganizations).' });
      if (!requirePerm(res, 'ManageOrganizations')) return;
      return simplePage(res, sp, asEnterprise ? enterpriseOrgs : store.orgs);
    }
    const om = /^\/(v3|v3beta1)\/organizations\/([^/]+)(\/.*)?$/.exec(path);
    if (!om) return notFound(res);
    const version = om[1];
    const org = decodeURIComponent(om[2]);
    const rest = om[3] || '';
    if (!(asEnterprise ? enterpriseOrgs : store.orgs).some((o) => o.org_id === org)) return notFound(res, `Organization ${org} not found`);

    if (rest === '/repositories') {
      if (version !== 'v3beta1') return notFound(res);
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!requirePerm(res, 'Read')) return;
      const name = (sp.get('filter_name') || '').toLowerCase();
      const items = org === orgId ? store.repositories.filter((r) => !name || r.repo_name.toLowerCase().includes(name)) : [];
      return simplePage(res, sp, items);
    }
    if (rest === '/playbooks') {
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!requirePerm(res, 'ManageAccountPlaybooks')) return;
      return simplePage(res, sp, org === orgId ? store.playbooks : []);
    }
    if (rest === '/knowledge/notes') {
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!requirePerm(res, 'ManageAccountKnowledge')) return;
      const q = (sp.get('search') || '').toLowerCase();
      const items = org === orgId ? store.notes.filter((n) => !q || n.name.toLowerCase().includes(q) || n.body.toLowerCase().includes(q)) : [];
      return simplePage(res, sp, items);
    }
    if (rest === '/attachments') {
      if (method !== 'POST') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!requirePerm(res, 'UseDevinSessions')) return;
      return uploadAttachment(req, res, org, buf, size);
    }
    const am = /^\/attachments\/([0-9a-f-]{36})\/([^/]+)$/.exec(rest);
    if (am) {
      if (method !== 'GET') return send(res, 405, { detail: 'Method Not Allowed' });
      if (!requirePerm(res, 'ViewOrgSessions')) return;
      const a = store.attachments.get(am[1]);
      if (!a || encodeURIComponent(a.name) !== am[2]) return notFound(res, 'Attachment not found');
      res.writeHead(200, { 'content-type': a.content_type || 'application/octet-stream', 'content-length': a.data.length });
      return res.end(a.data);
    }
    if (rest === '/sessions') {
      if (method === 'GET') {
        if (!requirePerm(res, 'ViewOrgSessions')) return;
        return listSessions(req, res, sp, org);
      }
      if (method === 'POST') {
        if (!requirePerm(res, 'ManageOrgSessions')) return;
        return createSession(res, text, org);
      }
      return send(res, 405, { detail: 'Method Not Allowed' });
    }
    const sm = /^\/sessions\/([^/]+)(\/messages|\/archive|\/tags)?$/.exec(rest);
    if (!sm) return notFound(res);
    const sub = sm[2] || '';
    const needs = method === 'GET' ? 'ViewOrgSessions' : 'ManageOrgSessions';
    if (!requirePerm(res, needs)) return;
    const s = findSession(decodeURIComponent(sm[1]));
    if (!s || (s.org_id !== org && s.org_id != null)) return notFound(res, 'Session not found');
    if (demo && method === 'GET') demo.markRead(s.session_id);

    if (sub === '') {
      if (method === 'GET') return send(res, 200, present(s, 'one'));
      if (method === 'DELETE') {
        const a = boolParam(sp, 'archive', res);
        if (!a.ok) return;
        if (ACTIVE.has(s.status) || s.status === 'suspended') {
          s.status = 'exit';
          s.status_detail = null;
          messagesOf(s).push({ event_id: nextEventId(), source: 'devin', message: 'Session terminated.', created_at: nowSec() });
        }
        if (a.value === true) s.is_archived = true;
        bump(s);
        return send(res, 200, present(s, 'one'));
      }
      return send(res, 405, { detail: 'Method Not Allowed' });
    }
    if (sub === '/archive') {
      if (method !== 'POST') return send(res, 405, { detail: 'Method Not Allowed' });
      s.is_archived = true;
      bump(s);
      return send(res, 200, present(s, 'one'));
    }
    if (sub === '/messages') {
      if (method === 'GET' && fault && fault.repeatCursor && (!fault.pathRe || fault.pathRe.test(path))) {
        const first = pageSize(sp, res);
        if (first === undefined) return;
        const all = messagesOf(s);
        return send(res, 200, { items: all.slice(0, first), end_cursor: 'cmVwZWF0LWN1cnNvcg', has_next_page: true, total: all.length });
      }
      if (method === 'GET') return paginate(res, sp, messagesOf(s), 'm', (x) => x.event_id, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (method === 'POST') return sendMessage(res, s, text);
      return send(res, 405, { detail: 'Method Not Allowed' });
    }
    if (sub === '/tags') {
      if (method === 'GET') return send(res, 200, { tags: s.tags || [] });
      if (method === 'POST' || method === 'PUT') {
        // "An archived session can still be viewed, but cannot be modified or continued."
        if (s.is_archived) return send(res, 400, { detail: 'This session is archived and cannot be modified.' });
        const parsed = parseJson(text);
        if (!parsed.ok) return jsonError(res, parsed.error);
        const tags = parsed.value && parsed.value.tags;
        if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) return v422(res, [{ loc: ['body', 'tags'], msg: 'Input should be a valid list of strings', type: 'list_type' }]);
        if (tags.length > 50) return v422(res, [{ loc: ['body', 'tags'], msg: 'List should have at most 50 items', type: 'too_long' }]);
        s.tags = method === 'PUT' ? [...new Set(tags)] : [...new Set([...(s.tags || []), ...tags])];
        bump(s);
        return send(res, 200, { tags: s.tags });
      }
      return send(res, 405, { detail: 'Method Not Allowed' });
    }
    return notFound(res);
  }

  // ---- control endpoints --------------------------------------------------------------------

  function counts() {
    const byStatus = {};
    let archived = 0;
    for (const s of store.sessions.values()) {
      const k = s.status_detail ? `${s.status}/${s.status_detail}` : String(s.status);
      byStatus[k] = (byStatus[k] || 0) + 1;
      if (s.is_archived) archived++;
    }
    return { total: store.sessions.size, archived, byStatus };
  }

  async function handleControl(req, res, url) {
    const method = req.method || 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const { text } = await readBody(req);
    const parsed = parseJson(text);
    if (!parsed.ok) return send(res, 400, { detail: `bad JSON: ${parsed.error}` });
    const body = parsed.value;
    if (path === '/_fake/state' && method === 'GET') {
      const withSessions = url.searchParams.get('sessions') !== '0';
      return send(res, 200, {
        url: api.url, orgId, counts: counts(), requests: requests.length, fault: fault && { ...fault, pathRe: undefined }, offline, version: store.version,
        sessions: withSessions ? sortedSessions() : undefined,
      });
    }
    if (path === '/_fake/requests' && method === 'GET') {
      const since = Number(url.searchParams.get('since') || 0) || 0;
      return send(res, 200, { requests: requests.slice(since), next: requests.length });
    }
    if (path === '/_fake/reset-requests' && method === 'POST') {
      resetRequests();
      return send(res, 200, { ok: true });
    }
    if (path === '/_fake/fault' && method === 'POST') {
      setFault(body && typeof body === 'object' && Object.keys(body).length ? body : null);
      return send(res, 200, { ok: true, fault });
    }
    if (path === '/_fake/offline' && method === 'POST') {
      setOffline(body && typeof body.ms === 'number' ? body.ms : !!(body && body.on));
      return send(res, 200, { ok: true, offline });
    }
    if (path === '/_fake/permissions' && method === 'POST') {
      setPermissions(body || null);
      return send(res, 200, { ok: true, deny: [...config.deny] });
    }
    if (path === '/_fake/config' && method === 'POST') {
      if (body && 'selfOrgId' in body) config.selfOrgId = body.selfOrgId;
      if (body && 'enterprise' in body) config.enterprise = !!body.enterprise;
      if (body && ['prefixed', 'bare', 'mixed'].includes(body.sessionIds)) config.sessionIds = body.sessionIds;
      if (body && ['newest', 'shuffled'].includes(body.order)) config.order = body.order;
      if (body && ['any', 'all'].includes(body.tagMatch)) config.tagMatch = body.tagMatch;
      if (body && ['exact', 'omit', 'null', 'inflated'].includes(body.total)) config.total = body.total;
      return send(res, 200, { ok: true, selfOrgId: config.selfOrgId, enterprise: config.enterprise, sessionIds: config.sessionIds, order: config.order, tagMatch: config.tagMatch, total: config.total });
    }
    if (path === '/_fake/sessions' && method === 'POST') {
      if (!body || typeof body !== 'object') return send(res, 400, { detail: 'expected a JSON object' });
      const { messages, repos, ...fields } = body;
      const s = patchSession(fields.session_id, fields);
      if (Array.isArray(repos)) metaOf(s.session_id).repos = repos;
      if (Array.isArray(messages)) for (const m of messages) addMessage(s.session_id, typeof m === 'string' ? m : m.message, (m && m.source) || 'devin');
      return send(res, 200, s);
    }
    const mm = /^\/_fake\/sessions\/([^/]+)\/messages$/.exec(path);
    if (mm && method === 'POST') {
      const msg = addMessage(decodeURIComponent(mm[1]), body && typeof body.message === 'string' ? body.message : 'A new message from Devin.', (body && body.source) || 'devin');
      return msg ? send(res, 200, msg) : notFound(res, 'Session not found');
    }
    if (path === '/_fake/advance' && method === 'POST') {
      const times = Math.max(1, Math.min(100, Number(body && body.times) || 1));
      let changedCount = 0;
      for (let i = 0; i < times; i++) changedCount += advance({ sessionId: body && body.session_id });
      return send(res, 200, { changed: changedCount, counts: counts() });
    }
    if (path === '/_fake/add-sessions' && method === 'POST') {
      const n = Math.max(0, Math.min(100000, Number(body && body.n) || 0));
      addSessions(n);
      return send(res, 200, { ok: true, counts: counts() });
    }
    if (path === '/_fake/hostile' && method === 'POST') {
      const out = addHostileSessions();
      return send(res, 200, { ok: true, ids: out.map((s) => s.session_id) });
    }
    if (path === '/_fake/stop' && method === 'POST') {
      send(res, 200, { ok: true });
      setTimeout(() => void close(), 10);
      return;
    }
    return notFound(res, 'Unknown control endpoint');
  }

  // ---- fixed sample data --------------------------------------------------------------------

  store.playbooks.push(
    { playbook_id: 'playbook-flaky-tests', title: 'Fix a flaky test', body: '1. Reproduce the flake 50 times\n2. Find the race\n3. Fix and prove it', macro: '!flaky', access_type: 'org', org_id: orgId, created_at: nowSec() - 90 * 86400, updated_at: nowSec() - 9 * 86400, created_by: 'user-3f9c2a1b7e', updated_by: 'user-3f9c2a1b7e' },
    { playbook_id: 'playbook-dep-upgrade', title: 'Upgrade a dependency', body: 'Read the changelog, bump, run tests, open a PR.', macro: '!upgrade', access_type: 'org', org_id: orgId, created_at: nowSec() - 60 * 86400, updated_at: nowSec() - 5 * 86400, created_by: 'user-8d41be02c9', updated_by: 'user-8d41be02c9' },
    { playbook_id: 'playbook-security-review', title: 'Security review', body: 'Check OWASP top 10 items.', macro: null, access_type: 'enterprise', org_id: null, created_at: nowSec() - 30 * 86400, updated_at: nowSec() - 30 * 86400, created_by: 'user-a17e55f0d3', updated_by: 'user-a17e55f0d3' },
  );
  store.notes.push(
    { note_id: 'note-testing', name: 'How we run tests', body: 'Use `npm test -- --runInBand` in payments-service.', trigger: 'When running tests in payments-service', folder_id: null, folder_path: '/', is_enabled: true, macro: null, pinned_repo: 'acme/payments-service', access_type: 'org', org_id: orgId, created_at: nowSec() - 50 * 86400, updated_at: nowSec() - 2 * 86400 },
    { note_id: 'note-style', name: 'Code style', body: 'Prettier, 2 spaces, no default exports.', trigger: 'When writing TypeScript', folder_id: null, folder_path: '/', is_enabled: true, macro: null, pinned_repo: null, access_type: 'org', org_id: orgId, created_at: nowSec() - 80 * 86400, updated_at: nowSec() - 20 * 86400 },
    { note_id: 'note-deploy', name: 'Deploys', body: 'Never deploy on Fridays.', trigger: 'When deploying', folder_id: null, folder_path: '/ops', is_enabled: false, macro: null, pinned_repo: 'acme/infra', access_type: 'enterprise', org_id: null, created_at: nowSec() - 100 * 86400, updated_at: nowSec() - 40 * 86400 },
  );
  const LANGS = { 'acme/payments-service': 'Go', 'acme/web-app': 'TypeScript', 'acme/mobile-app': 'Kotlin', 'acme/infra': 'HCL', 'acme/data-pipeline': 'Python', 'acme/design-system': 'TypeScript', 'acme/auth-service': 'Java', 'acme/docs': 'Markdown' };
  for (const r of D.REPOS) {
    store.repositories.push({ repo_name: r, repo_path: `github.com/${r}`, repo_description: `The ${r.split('/')[1]} repository`, repo_language: LANGS[r], provider_repository_id: String(D.hash(r)), git_connection_id: 'git-conn-github', git_connection_host: 'github.com', last_updated_at: nowSec() - D.hash(r) % 86400 });
  }

  // The demo tells stories (test/fake-devin/demo.js): unique titles, coherent conversations, PRs
  // that exist in the demo workspace's repository, and a lifecycle that keeps moving.
  const demo = options.demo
    ? createDemo({ addSession, removeSession, metaOf, bump, nowSec, now, nextEventId, store, rand: () => rand() })
    : null;
  if (demo) demo.seed();
  addSessions(options.sessions ?? 0);
  if (options.hostile) addHostileSessions();

  // ---- server -------------------------------------------------------------------------------

  function resetRequests() {
    requests.length = 0;
  }

  const server = http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url || '/', 'http://127.0.0.1');
    } catch {
      return send(res, 400, { detail: 'bad url' });
    }
    const handler = url.pathname.startsWith('/_fake/') ? handleControl : handleApi;
    handler(req, res, url).catch((err) => {
      send(res, 500, { detail: `fake server error: ${err && err.message}` });
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host || '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;

  let timer = null;
  // `'off'` (as on the command line) means off too: a truthy string must not start a timer.
  const lifecycle = options.lifecycle === 'off' ? false : options.lifecycle ?? (options.demo ? 5000 : false);
  if (lifecycle) {
    const ms = typeof lifecycle === 'number' ? lifecycle : 5000;
    timer = setInterval(() => (demo ? demo.tick() : advance({ all: false })), ms);
    timer.unref?.();
  }

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    if (offlineTimer) clearTimeout(offlineTimer);
    await new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }

  const api = {
    url: `http://127.0.0.1:${port}`,
    port,
    orgId,
    key,
    enterpriseKey,
    enterpriseOrgs,
    store,
    requests,
    server,
    config,
    close,
    setFault,
    getFault: () => fault,
    setOffline,
    isOffline: () => offline,
    setPermissions,
    resetRequests,
    advance,
    /** The demo's lifecycle (tick, markRead, stories), when started with `demo`. */
    demo,
    addSession,
    addSessions,
    addHostileSessions,
    patchSession,
    removeSession,
    getSession: findSession,
    addMessage,
    messages: (id) => {
      const s = findSession(id);
      return s ? messagesOf(s) : undefined;
    },
    /** Requests to API routes whose path matches (string: includes; RegExp: test). */
    requestsTo: (match, method) => requests.filter((r) => (typeof match === 'string' ? r.path.includes(match) : match.test(r.path)) && (!method || r.method === method)),
  };
  return api;
}

module.exports = { createFakeDevin };
