// Git remote URLs to "owner/repo" (src/git/repoUrl.ts): what is accepted, what is refused, and the
// host each one names. Pure; no git, no network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRepoUrl, repoFullName } from '../../src/git/repoUrl';

describe('repo URL parsing', () => {
  const cases: [string, string | undefined, string?][] = [
    ['https://github.com/acme/web.git', 'acme/web', 'github.com'],
    ['https://github.com/acme/web', 'acme/web'],
    ['https://github.com/acme/web/', 'acme/web'],
    ['http://github.com/acme/web.git', 'acme/web'],
    ['git@github.com:acme/web.git', 'acme/web', 'github.com'],
    ['git@github.com:acme/web', 'acme/web'],
    ['ssh://git@github.com/acme/web.git', 'acme/web'],
    ['ssh://git@ghe.corp.example:2222/team/service.git', 'team/service', 'ghe.corp.example'],
    ['https://ghe.corp.example/team/service.git', 'team/service', 'ghe.corp.example'],
    ['git@ghe.corp.example:team/service.git', 'team/service'],
    ['https://oauth2:token@gitlab.com/group/sub/proj.git', 'group/sub/proj'],
    ['https://dev.azure.com/org/_git/repo', 'org/repo'],
    ['/home/me/repo', undefined],
    ['file:///home/me/repo', undefined],
    ['C:\\repos\\x', undefined],
    ['https://github.com/', undefined],
    ['', undefined],
    // Surrounding blanks, an upper-case scheme, host or ".GIT" suffix.
    ['  https://github.com/acme/web.git\n', 'acme/web', 'github.com'],
    ['HTTPS://github.com/acme/web', 'acme/web', 'github.com'],
    ['git@GitHub.COM:acme/web.GIT', 'acme/web', 'github.com'],
    ['github.com:acme/web', 'acme/web', 'github.com'],
    // The other transports git speaks.
    ['git://example.org/acme/web', 'acme/web', 'example.org'],
    ['git+ssh://git@example.org/acme/web', 'acme/web', 'example.org'],
    ['ssh+git://git@example.org/acme/web', 'acme/web', 'example.org'],
    ['ftp://example.org/acme/web', undefined],
    ['svn+ssh://example.org/acme/web', undefined],
    // ".git" after a trailing slash; escapes in the path; Bitbucket Server's /scm/.
    ['https://github.com/acme/web.git/', 'acme/web'],
    ['https://github.com/acme/web.git//', 'acme/web'],
    ['git@github.com:/acme//web', 'acme/web'],
    ['https://github.com/acme/we%62', 'acme/web'],
    ['https://bitbucket.corp.example/scm/proj/repo.git', 'proj/repo', 'bitbucket.corp.example'],
    // One path segment, an empty host, an unparsable URL, a Windows path with forward slashes, a
    // host:port/path that is not scp syntax, characters git hosts do not allow in names.
    ['https://github.com/acme', undefined],
    ['git@github.com:web.git', undefined],
    ['ssh:///acme/web', undefined],
    ['https://[bad/acme/web', undefined],
    ['C:/repos/x', undefined],
    ['c:\\repos\\x\\y', undefined],
    ['github.com:2222/acme/web', undefined],
    ['https://github.com/acme/web%3Fx', undefined],
    ['https://github.com/acme/we%20b', undefined],
    ['git@github.com:acme/we b', undefined],
    // ".git" only as the suffix; nothing before user@host, no second line.
    ['https://github.com/acme/acme.github.io.git', 'acme/acme.github.io'],
    ['git@github.com:acme/acme.github.io', 'acme/acme.github.io'],
    ['a b@github.com:acme/web', undefined],
    ['git@github.com:acme/web\nevil', undefined],
  ];
  for (const [url, name, host] of cases) {
    it(JSON.stringify(url), () => {
      const r = parseRepoUrl(url);
      assert.equal(r?.fullName, name);
      if (host) assert.equal(r?.host, host);
    });
  }

  it('returns undefined for a missing URL', () => {
    assert.equal(parseRepoUrl(undefined), undefined);
    assert.equal(parseRepoUrl(null), undefined);
  });

  it('repoFullName gives the owner/repo part only', () => {
    assert.equal(repoFullName('git@github.com:acme/web.git'), 'acme/web');
    assert.equal(repoFullName('/home/me/repo'), undefined);
    assert.equal(repoFullName(undefined), undefined);
  });
});
