#!/usr/bin/env node
'use strict';
// Runs the fake Devin server in its own process.
//   node test/fake-devin/cli.js --port 0 --sessions 40 [--demo] [--lifecycle 5000] [--hostile]
//                               [--key cog_...] [--org org-...] [--seed 42] [--enterprise] [--self-org null]
//                               [--deny playbooks,ManageOrgSessions]
// The first stdout line is JSON: {"url":...,"orgId":...,"key":...,"port":...}. Then human lines.

const { createFakeDevin } = require('./server.js');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value = eq > 0 ? a.slice(eq + 1) : undefined;
    if (value === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    out[name] = value === undefined ? true : value;
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || args.h) {
    console.log('usage: node test/fake-devin/cli.js [--port 0] [--sessions N] [--demo] [--lifecycle MS|off] [--hostile] [--key cog_...] [--org org-...] [--seed N] [--enterprise] [--self-org org-...|null] [--deny a,b]');
    return;
  }
  const num = (v, d) => (v === undefined || v === true ? d : Number(v));
  const options = {
    port: num(args.port, 0),
    seed: num(args.seed, 42),
    demo: !!args.demo,
    hostile: !!args.hostile,
    enterprise: !!args.enterprise,
  };
  if (args.sessions !== undefined) options.sessions = num(args.sessions, 0);
  if (args.lifecycle !== undefined) options.lifecycle = args.lifecycle === 'off' || args.lifecycle === 'false' ? false : num(args.lifecycle, 5000);
  if (typeof args.key === 'string') options.key = args.key;
  if (typeof args.org === 'string') options.orgId = args.org;
  if (args['self-org'] !== undefined) options.selfOrgId = args['self-org'] === 'null' ? null : String(args['self-org']);
  if (typeof args.deny === 'string') options.permissions = args.deny.split(',').map((x) => x.trim()).filter(Boolean);

  const fake = await createFakeDevin(options);
  process.stdout.write(`${JSON.stringify({ url: fake.url, orgId: fake.orgId, key: fake.key, port: fake.port })}\n`);
  console.log(`Fake Devin API listening on ${fake.url} with ${fake.store.sessions.size} sessions (org ${fake.orgId}).`);
  console.log(`Set devin.apiBaseUrl to ${fake.url} and sign in with the key above. Control endpoints: ${fake.url}/_fake/state`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await fake.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  fake.server.on('close', () => {
    if (!stopping) process.exit(0);
  });
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
