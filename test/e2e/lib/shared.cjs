'use strict';
// Helpers shared by the runner (ESM, Node 20) and the in-host Mocha suite (CommonJS, inside the
// extension host on Node 24). CommonJS so both can load it.

/** GET (no body) or POST (JSON body) to a fake-server control endpoint; returns parsed JSON or text. */
async function control(baseUrl, p, body) {
  const res = await fetch(`${baseUrl}${p}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${p} -> ${res.status} ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Resolves with the first value `fn` returns that is truthy; rejects after `timeout` ms. */
async function waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

module.exports = { control, waitFor };
