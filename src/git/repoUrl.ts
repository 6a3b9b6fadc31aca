// Pure parsing of git remote URLs into "owner/repo". No vscode import.

export interface RepoRef {
  host: string;
  /** owner/repo (or group/subgroup/repo for GitLab-style hosts). */
  fullName: string;
}

/**
 * Accepts https://host/owner/repo(.git), ssh://git@host[:port]/owner/repo(.git),
 * git@host:owner/repo(.git), git://host/owner/repo and GitHub Enterprise hosts.
 * Returns undefined for anything else (local paths, file://, a bare host).
 */
export function parseRepoUrl(raw: string | undefined | null): RepoRef | undefined {
  if (!raw) return undefined;
  const url = raw.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(?!\d+\/)(.+)$/.exec(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(u.protocol)) return undefined;
    host = u.hostname;
    path = decodeURIComponent(u.pathname);
  } else if (scp && !/^[A-Za-z]:[\\/]/.test(url)) {
    host = scp[1];
    path = scp[2];
  } else {
    return undefined;
  }
  // Empty segments (leading, doubled or trailing slashes) are dropped; ".git" may precede trailing ones.
  const parts = path.replace(/\/+$/, '').replace(/\.git$/i, '').split('/').filter(Boolean);
  // Azure DevOps / some hosts put "scm" or "_git" in the path; keep the last two meaningful parts.
  const cleaned = parts.filter((p) => p !== '_git' && p !== 'scm');
  if (cleaned.length < 2 || !host) return undefined;
  if (cleaned.some((p) => !/^[A-Za-z0-9._~-]+$/.test(p))) return undefined;
  return { host: host.toLowerCase(), fullName: cleaned.join('/') };
}

export function repoFullName(raw: string | undefined | null): string | undefined {
  return parseRepoUrl(raw)?.fullName;
}
