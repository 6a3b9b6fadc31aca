// The fake Devin API server for a test run, plus helpers for its control endpoints
// (/_fake/state, /_fake/requests, /_fake/fault, /_fake/sessions, /_fake/offline, /_fake/advance).
// Uses test/fake-devin/server.js (createFakeDevin) in-process; `raw` is its object (setFault,
// patchSession, advance, requestsTo …, see test/fake-devin/README.md).
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './env.mjs';
import { onCleanup } from './proc.mjs';
import { control } from './shared.cjs';

const SERVER = path.join(ROOT, 'test/fake-devin/server.js');

export async function startFake(options = {}) {
  const opts = { sessions: 40, ...options };
  const { createFakeDevin } = createRequire(import.meta.url)(SERVER);
  const fake = await createFakeDevin(opts);
  const removeCleanup = onCleanup(() => fake.close());
  const url = fake.url.replace(/\/+$/, '');
  return {
    raw: fake,
    url,
    orgId: fake.orgId,
    key: fake.key,
    async close() {
      removeCleanup();
      await fake.close();
    },
    control: (p, body) => control(url, p, body),
    state: () => control(url, '/_fake/state'),
    /** Requests the server has seen: [{method, path, query, headers: {authorization: bool, authorizationValue}, body}] */
    requests: () => fake.requests,
    /** Requests with the right bearer key whose path matches. */
    authedRequests: (match, method = 'GET') => fake.requestsTo(match, method)
      .filter((r) => r.headers.authorizationValue === `Bearer ${fake.key}`),
    fault: (spec) => fake.setFault(spec ?? null),
    offline: (on = true) => fake.setOffline(on),
    advance: (o = {}) => fake.advance(o),
    patchSession: (id, fields) => fake.patchSession(id, fields),
    addSession: (fields, extra) => fake.addSession(fields, extra),
    sessions: () => [...fake.store.sessions.values()],
  };
}

export { control };
