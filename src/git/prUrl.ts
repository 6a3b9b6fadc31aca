// Pull request / merge request URLs: pure parsing, no vscode or git import (the Sessions tree
// asks it of every PR row; the checkout and review code build on it).
import type { HostKind } from './prRefs';

export interface PrRef {
  kind: HostKind;
  host: string;
  /** owner/repo (GitLab: group/…/repo), lower case. */
  repo: string;
  number: number;
}

function parseHttpUrl(url: string): URL | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password) return undefined;
  return u;
}

/** GitHub-style PR URLs only: https://host/owner/repo/pull/123 (anything after is ignored). */
export function parseGitHubPrUrl(url: string): PrRef | undefined {
  const u = parseHttpUrl(url);
  const m = u && /^\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d{1,9})(?:\/|$)/.exec(u.pathname);
  if (!u || !m) return undefined;
  return { kind: 'github', host: u.hostname.toLowerCase(), repo: `${m[1]}/${m[2].replace(/\.git$/i, '')}`.toLowerCase(), number: Number(m[3]) };
}

/**
 * GitLab-style merge request URLs: https://host/group[/subgroup…]/repo/-/merge_requests/12.
 * No "." or ".." segment reaches `repo`: URL parsing has resolved them (also as %2e and with
 * backslashes), as a browser opening the link does.
 */
export function parseGitLabMrUrl(url: string): PrRef | undefined {
  const u = parseHttpUrl(url);
  const m = u && /^\/((?:[A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]+)\/-\/merge_requests\/(\d{1,9})(?:\/|$)/.exec(u.pathname);
  if (!u || !m) return undefined;
  return { kind: 'gitlab', host: u.hostname.toLowerCase(), repo: m[1].replace(/\.git$/i, '').toLowerCase(), number: Number(m[2]) };
}

/** A GitHub pull request or a GitLab merge request URL. */
export function parsePrUrl(url: string): PrRef | undefined {
  return parseGitHubPrUrl(url) ?? parseGitLabMrUrl(url);
}

