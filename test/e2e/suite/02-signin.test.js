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
});
