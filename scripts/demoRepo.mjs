// The demo workspace: a clone of https://github.com/acme/web-app that works offline. The "GitHub"
// repository is a local bare repository holding main and, for each demo story of acme/web-app with
// a pull request, that PR's commit at refs/pull/<N>/head, as GitHub publishes it. The clone's own
// git config maps the GitHub URL to the bare repository (url.<bare>.insteadOf), so repository
// preselection, the branch and commit in prompts, Check Out and Review Changes all work as they
// would against GitHub, and nothing outside the demo folder is configured.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { WEB_APP, WEB_APP_BASE, STORIES } = require('../test/fake-devin/demoStories.js');

export const DEMO_REMOTE = `https://github.com/${WEB_APP}`;

const ID = ['-c', 'user.name=Devin', '-c', 'user.email=devin-ai-integration[bot]@users.noreply.github.com', '-c', 'commit.gpgsign=false'];

function git(cwd, args, env = {}) {
  return execFileSync('git', [...ID, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function writeFiles(root, files) {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (text === null) fs.rmSync(p, { force: true });
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
  }
}

/** The stories whose PR has files: those get refs/pull/N/head. */
export function demoPullRequests() {
  return STORIES.filter((s) => s.repo === WEB_APP && s.pr && s.pr.files).map((s) => ({ number: s.pr.number, title: s.pr.summary, files: Object.keys(s.pr.files), story: s.title }));
}

/**
 * Builds `<dir>/github/acme/web-app.git` (main + refs/pull/N/head) and clones it into `workspace`
 * through https://github.com/acme/web-app. Returns { workspace, bare, remote, pulls }.
 */
export function buildDemoRepo(dir, workspace = path.join(dir, 'workspace')) {
  const bare = path.join(dir, 'github', 'acme', 'web-app.git');
  const seed = path.join(dir, 'github', 'seed');
  fs.rmSync(bare, { recursive: true, force: true });
  fs.rmSync(seed, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  git(dir, ['init', '-q', '--bare', '-b', 'main', bare]);
  git(dir, ['init', '-q', '-b', 'main', seed]);
  writeFiles(seed, WEB_APP_BASE);
  git(seed, ['add', '-A']);
  // Dated a few days back, as a real main would be.
  const date = new Date(Date.now() - 3 * 86400_000).toISOString();
  git(seed, ['commit', '-q', '-m', 'Storefront: checkout, orders dashboard, feature flags'], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  git(seed, ['push', '-q', bare, 'main']);
  const pulls = demoPullRequests();
  for (const story of STORIES.filter((s) => s.repo === WEB_APP && s.pr && s.pr.files)) {
    git(seed, ['checkout', '-q', '-B', `pr-${story.pr.number}`, 'main']);
    writeFiles(seed, story.pr.files);
    git(seed, ['add', '-A']);
    git(seed, ['commit', '-q', '-m', story.pr.summary]);
    git(seed, ['push', '-q', '--force', bare, `HEAD:refs/pull/${story.pr.number}/head`]);
  }
  fs.rmSync(seed, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
  git(dir, ['clone', '-q', '-c', `url.${bare}.insteadOf=${DEMO_REMOTE}`, DEMO_REMOTE, workspace]);
  return { workspace, bare, remote: DEMO_REMOTE, pulls };
}
