// GitHub pull request details (src/github/prInfo.ts) against a local fake GitHub: one request for
// all the PRs asked for, a cache that asks again only when stale, nothing without a token, a pause
// (not a storm) after a refused token, a rate limit or a failure, and hostile answers kept inert.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CACHE_TTL_MS, FAILURE_PAUSE_MS, GitHubPrInfo, MAX_PER_QUERY, PAUSE_MS, buildQuery, githubPrRef, parseDetails } from '../../src/github/prInfo';
import { createFakeGitHub, type FakeGitHub } from '../support/fakeGitHub';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const url = (repo: string, n: number) => `https://github.com/${repo}/pull/${n}`;

async function setup(token: string | null = 'gho_fake_token') {
  gh = await createFakeGitHub('gho_fake_token');
  let now = 1_000_000;
  const info = new GitHubPrInfo({ apiUrl: gh.url, token: async () => token ?? undefined, now: () => now });
  return { gh, info, tick: (ms: number) => (now += ms) };
}

describe('GitHub pull request details', () => {
  it('one request for every PR shown; title, draft, review decision and checks come back', async () => {
    const { gh, info } = await setup();
    gh.prs.set('acme/web#7', { title: 'Fix the flaky checkout test', state: 'OPEN', reviewDecision: 'APPROVED', checks: 'SUCCESS' });
    gh.prs.set('acme/web#9', { title: 'WIP: new cart', state: 'OPEN', isDraft: true, reviewDecision: null, checks: 'PENDING' });
    gh.prs.set('acme/api#42', { title: 'Rate limits per key', state: 'MERGED', reviewDecision: 'CHANGES_REQUESTED', checks: 'FAILURE' });
    const urls = [url('acme/web', 7), url('acme/web', 9), url('acme/api', 42), 'https://gitlab.com/acme/web/-/merge_requests/3'];
    const changed = await info.load(urls);
    assert.equal(gh.requests.length, 1, 'one GraphQL request');
    assert.equal(gh.requests[0].authorization, 'bearer gho_fake_token');
    assert.deepEqual(changed.sort(), urls.slice(0, 3).sort());
    assert.deepEqual(info.get(url('acme/web', 7)), { title: 'Fix the flaky checkout test', state: 'open', reviewDecision: 'approved', checks: 'success' });
    assert.deepEqual(info.get(url('acme/web', 9)), { title: 'WIP: new cart', state: 'draft', reviewDecision: undefined, checks: 'pending' });
    assert.deepEqual(info.get(url('acme/api', 42)), { title: 'Rate limits per key', state: 'merged', reviewDecision: 'changes_requested', checks: 'failure' });
    assert.equal(info.get(urls[3]), undefined, 'not a GitHub PR: nothing asked, nothing shown');
  });

  it('cached: no request until the details are older than the TTL; a PR GitHub does not show is not asked again either', async () => {
    const { gh, info, tick } = await setup();
    gh.prs.set('acme/web#7', { title: 'One', state: 'OPEN' });
    await info.load([url('acme/web', 7), url('acme/private', 1)]);
    assert.equal(info.get(url('acme/private', 1)), undefined);
    await info.load([url('acme/web', 7), url('acme/private', 1)]);
    tick(CACHE_TTL_MS - 1);
    await info.load([url('acme/web', 7), url('acme/private', 1)]);
    assert.equal(gh.requests.length, 1, 'fresh: no request');
    gh.prs.set('acme/web#7', { title: 'One (renamed)', state: 'MERGED' });
    tick(2);
    const changed = await info.load([url('acme/web', 7)]);
    assert.equal(gh.requests.length, 2);
    assert.deepEqual(changed, [url('acme/web', 7)]);
    assert.equal(info.get(url('acme/web', 7))?.title, 'One (renamed)');
    // Asked again with nothing changed: the rows need no refresh.
    tick(CACHE_TTL_MS);
    assert.deepEqual(await info.load([url('acme/web', 7)]), []);
  });

  it('many PRs: MAX_PER_QUERY per request', async () => {
    const { gh, info } = await setup();
    const urls = Array.from({ length: MAX_PER_QUERY + 3 }, (_, i) => url('acme/web', i + 1));
    for (let i = 1; i <= urls.length; i++) gh.prs.set(`acme/web#${i}`, { title: `PR ${i}`, state: 'OPEN' });
    await info.load(urls);
    assert.equal(gh.requests.length, 2);
    assert.equal(info.get(urls.at(-1)!)?.title, `PR ${urls.length}`);
  });

  it('no token (no GitHub session, or no consent): no request at all', async () => {
    const { gh, info } = await setup(null);
    assert.deepEqual(await info.load([url('acme/web', 7)]), []);
    assert.equal(gh.requests.length, 0);
  });

  it('a refused token or a rate limit pauses requests; a failure pauses briefly; the Devin API data stays', async () => {
    const { gh, info, tick } = await setup();
    gh.prs.set('acme/web#7', { title: 'One', state: 'OPEN' });
    gh.mode = 'rateLimited';
    assert.deepEqual(await info.load([url('acme/web', 7)]), []);
    await info.load([url('acme/web', 7)]);
    tick(PAUSE_MS - 1);
    await info.load([url('acme/web', 7)]);
    assert.equal(gh.requests.length, 1, 'paused');
    gh.mode = 'ok';
    tick(2);
    await info.load([url('acme/web', 7)]);
    assert.equal(gh.requests.length, 2);
    assert.equal(info.get(url('acme/web', 7))?.title, 'One');

    gh.mode = 'serverError';
    tick(CACHE_TTL_MS);
    await info.load([url('acme/web', 7)]);
    await info.load([url('acme/web', 7)]);
    assert.equal(gh.requests.length, 3, 'one failed request, then a pause');
    assert.equal(info.get(url('acme/web', 7))?.title, 'One', 'what was known stays');
    gh.mode = 'garbage';
    tick(FAILURE_PAUSE_MS);
    await info.load([url('acme/web', 7)]);
    assert.equal(gh.requests.length, 4);
    assert.equal(info.get(url('acme/web', 7))?.title, 'One');
  });

  it('only github.com https pull request links; the API address must be https (http only on loopback)', () => {
    assert.deepEqual(githubPrRef('https://github.com/acme/web/pull/7/files'), { owner: 'acme', repo: 'web', number: 7 });
    for (const bad of ['http://github.com/acme/web/pull/7', 'https://github.example.com/acme/web/pull/7', 'https://user:pw@github.com/acme/web/pull/7', 'https://github.com/acme/web/issues/7', 'not a url']) {
      assert.equal(githubPrRef(bad), undefined, bad);
    }
    assert.throws(() => new GitHubPrInfo({ apiUrl: 'http://api.github.com', token: async () => 't' }), /https/);
  });

  it('the query passes owners, names and numbers as variables (nothing from a link is pasted into it)', () => {
    const { query, variables } = buildQuery([{ owner: 'acme', repo: 'we"b', number: 7 }]);
    assert.doesNotMatch(query, /acme|we"b/);
    assert.deepEqual(variables, { o0: 'acme', r0: 'we"b', n0: 7 });
  });

  it('a hostile answer is reduced to plain bounded words', () => {
    assert.equal(parseDetails({ state: 'OPEN' }), null, 'no title: nothing');
    const d = parseDetails({ title: 'x'.repeat(1000), state: '<img src=x>', reviewDecision: 42, commits: { nodes: 'no' } })!;
    assert.equal(d.title.length, 300);
    assert.equal(d.state, 'img srcx');
    assert.equal(d.reviewDecision, undefined);
    assert.equal(d.checks, undefined);
  });
});
