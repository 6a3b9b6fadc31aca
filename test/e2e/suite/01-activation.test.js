'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { EXTENSION_ID } = require('./helpers');

const COMMANDS = ['devin.signIn', 'devin.signOut', 'devin.newSession', 'devin.sendSelection', 'devin.sendFile',
  'devin.refresh', 'devin.openSession', 'devin.openInBrowser', 'devin.copySessionUrl', 'devin.copySessionId',
  'devin.sendMessage', 'devin.archiveSession', 'devin.terminateSession', 'devin.filter', 'devin.clearFilter',
  'devin.showLog'];

suite('Activation', () => {
  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every contributed command is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext.activate();
    const contributed = (ext.packageJSON.contributes.commands || []).map((c) => c.command);
    for (const c of COMMANDS) assert.ok(contributed.includes(c), `${c} is contributed in package.json`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed commands without a handler: ${missing.join(', ')}`);
    // The shell registers forwarders; the core (dist/core.js) must provide every handler.
    assert.deepEqual(ext.exports.unhandledCommands, [], 'contributed commands the core does not handle');
    assert.ok(ext.exports.coreLoadMs >= 0, 'the core is loaded');
  });

  test('the lazy parts load on first use, once, from the same module cache as the core', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext.activate();
    assert.ok(ext.exports.coreLoadMs >= 0, 'the core is loaded');
    const before = ext.exports.core.bundles();
    // The shell came through Node's module cache, so the parts' require('./core.js') and
    // require('./extension.js') return the loaded modules instead of evaluating them again.
    assert.equal(before.shellCached, true, 'dist/extension.js is in require.cache');
    assert.ok(before.loaded.includes('extension.js') && before.loaded.includes('core.js'), before.loaded.join(', '));
    assert.ok(!before.loaded.includes('view.js'), `the review part (dist/view.js) is not loaded at startup (${before.loaded.join(', ')})`);
    // A review command loads the review part (Undo with nothing applied only says so).
    await vscode.commands.executeCommand('devin.undoApply');
    const after = ext.exports.core.bundles().loaded;
    assert.ok(after.includes('view.js'), `the review part (dist/view.js) is loaded (${after.join(', ')})`);
    assert.equal(after.filter((f) => f === 'core.js').length, 1);
    await vscode.commands.executeCommand('devin.undoApply');
    assert.deepEqual(ext.exports.core.bundles().loaded, after, 'a second use loads nothing more');
  });

  test('settings point at the fake server', () => {
    const cfg = vscode.workspace.getConfiguration('devin');
    assert.match(cfg.get('apiBaseUrl'), /^http:\/\/127\.0\.0\.1:\d+/);
    assert.match(cfg.get('orgId'), /^org-/);
  });
});
