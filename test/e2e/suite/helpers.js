// Shared helpers for the in-extension-host tests.
'use strict';
const fs = require('node:fs');
// Loaded by path: the suite runs from the repository folder (extensionDevelopmentPath).
const { control, waitFor } = require('../lib/shared.cjs');

const EXTENSION_ID = 'devin-community.devin-vscode';

/** { url, orgId, key } of the fake Devin server started by the runner. */
function config() {
  const p = process.env.DEVIN_E2E_CONFIG;
  if (!p || !fs.existsSync(p)) throw new Error(`DEVIN_E2E_CONFIG is not set or missing (${p})`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function fakeControl(p, body) {
  return control(config().url, p, body);
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


module.exports = { EXTENSION_ID, config, fakeControl, fakeRequests, requestPath, requestAuth, waitFor };
