// Mocha (tdd) entry point run inside the VS Code extension host, either by code-server through the
// URL payload `extensionTestsPath` (test/e2e/run.mjs) or by @vscode/test-electron (test/e2e/desktop.mjs).
// The fake Devin server's url/orgId/key come from the JSON file named by DEVIN_E2E_CONFIG.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');

exports.run = function run() {
  const Mocha = require(path.join(ROOT, 'node_modules/mocha'));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.DEVIN_E2E_GREP) mocha.grep(process.env.DEVIN_E2E_GREP);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
};
