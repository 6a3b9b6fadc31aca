// The wait in a rate-limit error is a number in the display language, inside the bundle's words.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DevinApiError } from '../../src/api/errors';
import { configure } from '../../src/util/l10n';
import { setLocale } from '../../src/util/intl';

const bundle = (lang: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', `bundle.l10n.${lang}.json`), 'utf8'));
const rateLimited = (retryAfterMs: number) => new DevinApiError({ kind: 'rate_limited', retryAfterMs, operation: 'list sessions' }).message;

describe('rate-limit wait in the display language', () => {
  after(() => {
    configure(undefined);
    setLocale(undefined);
  });

  it('groups the seconds as the display language does', () => {
    configure(undefined);
    setLocale('en');
    assert.equal(rateLimited(3_600_000), 'Devin is rate limiting requests (list sessions). Retrying is possible in 3,600 seconds.');
    const de = bundle('de');
    configure(de);
    setLocale('de');
    const frame = de['Devin is rate limiting requests{0}. Retrying is possible in {1}.'].replace('{0}', ` (${de['list sessions']})`);
    assert.equal(rateLimited(3_600_000), frame.replace('{1}', '3.600 Sekunden'));
    assert.match(rateLimited(90_000), /in 90 Sekunden möglich/);
    configure(bundle('fr'));
    setLocale('fr');
    assert.match(rateLimited(12_000_000), /12\u202f000 secondes/, 'French groups with a narrow no-break space');
  });

  it('keeps the singular for one second', () => {
    configure(bundle('de'));
    setLocale('de');
    assert.ok(rateLimited(400).includes(` ${bundle('de')['1 second']} `), rateLimited(400));
  });
});
