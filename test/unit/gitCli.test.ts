// The git runner (src/git/gitCli.ts) on one repository this file creates in a temp dir and removes:
// stdout on success, a GitError with git's own words, arguments and exit code on failure, exit 1
// as "no" for tryRun, the git binary option, and an environment that never prompts and speaks C.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gitAt, GitError, type Git } from '../../src/git/gitCli';

const ENV: NodeJS.ProcessEnv = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

describe('gitAt', () => {
  let dir: string;
  let git: Git;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devin-gitcli-'));
    git = gitAt(dir, { env: ENV });
    await git.run(['init', '-q']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs git in the repository and resolves with its stdout', async () => {
    assert.equal(git.cwd, dir);
    assert.equal((await git.run(['rev-parse', '--is-inside-work-tree'])).trim(), 'true');
    assert.equal(await git.tryRun(['rev-parse', '--is-inside-work-tree']), 'true\n');
  });

  it('passes the environment through, with prompts off and C messages', async () => {
    const env = gitAt(dir, { env: { ...ENV, DEVIN_TEST_VAR: 'x1' } });
    await env.run(['config', 'alias.showenv', '!printf "%s|%s|%s" "$DEVIN_TEST_VAR" "$GIT_TERMINAL_PROMPT" "$LC_ALL"']);
    assert.equal(await env.run(['showenv']), 'x1|0|C');
    await git.run(['config', '--unset', 'alias.showenv']);
  });

  it('a failure is a GitError with the arguments, the exit code and git\'s words', async () => {
    const err = await git.run(['rev-parse', '--verify', 'refs/heads/nope']).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GitError);
    assert.equal(err.name, 'GitError');
    assert.deepEqual(err.args, ['rev-parse', '--verify', 'refs/heads/nope']);
    assert.equal(err.exitCode, 128);
    assert.equal(err.message, 'fatal: Needed a single revision');
    assert.equal(err.stderr, 'fatal: Needed a single revision\n');
  });

  it('tryRun answers exit code 1 with undefined and rejects other failures', async () => {
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    assert.equal(await git.tryRun(['diff', '--no-index', '--quiet', '--', join(dir, 'a.txt'), join(dir, 'a.txt')]), '');
    writeFileSync(join(dir, 'b.txt'), 'b\n');
    assert.equal(await git.tryRun(['diff', '--no-index', '--quiet', '--', join(dir, 'a.txt'), join(dir, 'b.txt')]), undefined);
    await assert.rejects(git.tryRun(['rev-parse', '--verify', 'refs/heads/nope']), (e: unknown) => e instanceof GitError && e.exitCode === 128);
  });

  it('a failure without stderr says which command failed and how', async () => {
    const quiet = await git.run(['diff', '--no-index', '--quiet', '--', join(dir, 'a.txt'), join(dir, 'b.txt')]).catch((e: unknown) => e);
    assert.ok(quiet instanceof GitError);
    assert.equal(quiet.exitCode, 1);
    assert.ok(quiet.message.startsWith('Command failed: git diff --no-index --quiet'), quiet.message);
    assert.equal(new GitError(['diff'], 1, '').message, 'git diff failed (exit 1)');
    assert.equal(new GitError([], null, ' \n ').message, 'git  failed (exit null)');
  });

  it('runs the configured git binary, and a missing one is a GitError without an exit code', async () => {
    assert.equal((await gitAt(dir, { env: ENV, gitPath: 'git' }).run(['rev-parse', '--is-inside-work-tree'])).trim(), 'true');
    const missing = await gitAt(dir, { gitPath: join(dir, 'no-such-git') }).run(['status']).catch((e: unknown) => e);
    assert.ok(missing instanceof GitError);
    assert.equal(missing.exitCode, null);
    assert.match(missing.message, /ENOENT/);
  });
});
