// A local imitation of GitHub's GraphQL endpoint for the PR details module: it answers the
// `repository(owner, name) { pullRequest(number) { … } }` selections our query sends (aliases
// p0, p1, … with variables o<i>, r<i>, n<i>), logs each request, and can refuse the token or
// play rate-limited. Listens on 127.0.0.1 on a free port; close() when done.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePr {
  title: string;
  state: 'OPEN' | 'MERGED' | 'CLOSED' | string;
  isDraft?: boolean;
  reviewDecision?: string | null;
  checks?: string | null;
}

export interface FakeGitHubRequest {
  authorization: string | undefined;
  query: string;
  variables: Record<string, unknown>;
}

export interface FakeGitHub {
  url: string;
  token: string;
  prs: Map<string, FakePr>;
  requests: FakeGitHubRequest[];
  /** Next answers: 'ok' (default), 'unauthorized', 'rateLimited', 'serverError', 'garbage'. */
  mode: 'ok' | 'unauthorized' | 'rateLimited' | 'serverError' | 'garbage';
  close(): Promise<void>;
}

export async function createFakeGitHub(token = 'gho_fake_token'): Promise<FakeGitHub> {
  const prs = new Map<string, FakePr>();
  const requests: FakeGitHubRequest[] = [];
  const fake = { prs, requests, token, mode: 'ok' } as FakeGitHub;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      if (req.method !== 'POST' || req.url !== '/graphql') return send(404, { message: 'Not Found' });
      let parsed: { query?: string; variables?: Record<string, unknown> };
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(400, { message: 'Problems parsing JSON' });
      }
      requests.push({ authorization: req.headers.authorization, query: String(parsed.query ?? ''), variables: parsed.variables ?? {} });
      if (fake.mode === 'serverError') return send(502, { message: 'Bad gateway' });
      if (fake.mode === 'garbage') return send(200, '<html>not json</html>');
      if (fake.mode === 'rateLimited') return send(403, { message: 'API rate limit exceeded' });
      if (fake.mode === 'unauthorized' || req.headers.authorization !== `bearer ${token}`) return send(401, { message: 'Bad credentials' });
      const data: Record<string, unknown> = {};
      const errors: unknown[] = [];
      const vars = parsed.variables ?? {};
      for (const m of String(parsed.query).matchAll(/\bp(\d+): repository\(owner: \$o\1, name: \$r\1\) \{ pullRequest\(number: \$n\1\)/g)) {
        const i = m[1];
        const key = `${vars[`o${i}`]}/${vars[`r${i}`]}#${vars[`n${i}`]}`;
        const pr = prs.get(key);
        if (!pr) {
          data[`p${i}`] = null;
          errors.push({ type: 'NOT_FOUND', path: [`p${i}`], message: `Could not resolve to a Repository with the name '${vars[`o${i}`]}/${vars[`r${i}`]}'.` });
          continue;
        }
        data[`p${i}`] = {
          pullRequest: {
            title: pr.title,
            state: pr.state,
            isDraft: !!pr.isDraft,
            reviewDecision: pr.reviewDecision ?? null,
            commits: { nodes: [{ commit: { statusCheckRollup: pr.checks ? { state: pr.checks } : null } }] },
          },
        };
      }
      send(200, errors.length ? { data, errors } : { data });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return fake;
}
