'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { EXTENSION_ID, config, fakeRequests, requestPath, requestAuth, waitFor } = require('./helpers');

function authedListRequests(reqs, key) {
  return reqs.filter((r) => /\/organizations\/[^/]+\/sessions\/?$/.test(requestPath(r).split('?')[0])
    && requestAuth(r) === `Bearer ${key}`);
}

suite('Sign in (automation argument)', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID).activate();
  });

  test('the suite runs in Test mode, the only mode in which credentials in arguments count', async () => {
    const api = await vscode.extensions.getExtension(EXTENSION_ID).activate();
    assert.equal(api.core.extensionMode, vscode.ExtensionMode.Test);
  });

  test('devin.signIn with { apiKey, orgId } lists sessions from the fake server', async () => {
    const { key, orgId } = config();
    const before = authedListRequests(await fakeRequests(), key).length;
    await vscode.commands.executeCommand('devin.signIn', { apiKey: key, orgId });
    await waitFor(async () => authedListRequests(await fakeRequests(), key).length > before,
      { timeout: 15_000, message: 'an authenticated GET .../sessions on the fake server' });
  });

  test('devin.refresh asks the server again', async () => {
    const { key } = config();
    const before = authedListRequests(await fakeRequests(), key).length;
    await vscode.commands.executeCommand('devin.refresh');
    await waitFor(async () => authedListRequests(await fakeRequests(), key).length > before,
      { timeout: 15_000, message: 'another session list request after devin.refresh' });
  });

  test('the key is never sent to the server in a URL', async () => {
    const { key } = config();
    const leaks = (await fakeRequests()).filter((r) => requestPath(r).includes(key));
    assert.deepEqual(leaks.map(requestPath), []);
  });

  test('devin.apiBaseUrl changed by anyone: the key is not sent to the new origin', async () => {
    const http = require('node:http');
    const { key } = config();
    const api = (await vscode.extensions.getExtension(EXTENSION_ID).activate()).core;
    const seen = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'with Authorization' : ''}`);
      res.setHeader('content-type', 'application/json');
      res.end('{"items":[],"has_next_page":false,"end_cursor":null}');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const cfg = () => vscode.workspace.getConfiguration('devin');
    const original = cfg().inspect('apiBaseUrl').globalValue;
    try {
      await cfg().update('apiBaseUrl', `http://127.0.0.1:${server.address().port}`, vscode.ConfigurationTarget.Global);
      await api.refresh();
      await waitFor(() => api.state().phase === 'error', { timeout: 10_000, message: 'the store to report the origin mismatch' });
      assert.match(api.state().error, /entered for http:\/\/127\.0\.0\.1:\d+.*not sent there/);
      assert.ok(!api.state().error.includes(key));
      assert.deepEqual(seen, [], 'no request at all reached the other origin');
      assert.equal(api.signedIn, true, 'still signed in (for the old origin)');
    } finally {
      await cfg().update('apiBaseUrl', original, vscode.ConfigurationTarget.Global);
      server.close();
    }
    await api.refresh();
    await waitFor(() => api.state().phase === 'ready', { timeout: 15_000, message: 'the store ready again on the original origin' });
  });
});
