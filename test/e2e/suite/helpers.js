// Shared helpers for the in-extension-host tests.
'use strict';
const fs = require('node:fs');

const EXTENSION_ID = 'devin-community.devin-vscode';

/** { url, orgId, key } of the fake Devin server started by the runner. */
function config() {
  const p = process.env.DEVIN_E2E_CONFIG;
  if (!p || !fs.existsSync(p)) throw new Error(`DEVIN_E2E_CONFIG is not set or missing (${p})`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

async function fakeControl(p, body) {
  const { url } = config();
  const res = await fetch(`${url}${p}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${p} -> ${res.status} ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function fakeRequests() {
  const r = await fakeControl('/_fake/requests');
  return Array.isArray(r) ? r : (r && r.requests) || [];
}

function requestPath(r) {
  return r.path || r.url || '';
}

/** Value of the Authorization header the fake server logged ('' when none). */
function requestAuth(r) {
  const h = r.headers || {};
  return String(h.authorizationValue || (typeof h.authorization === 'string' ? h.authorization : '') || '');
}

async function waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${message}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

module.exports = { EXTENSION_ID, config, fakeControl, fakeRequests, requestPath, requestAuth, waitFor };
