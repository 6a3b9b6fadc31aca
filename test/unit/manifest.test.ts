// package.json says what the code does: no tautological `when` clauses, no made-up URLs, and the
// menus offer Terminate and Archive exactly where the model allows them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
type MenuItem = { command: string; when?: string };
const menus = Object.values(manifest.contributes.menus as Record<string, MenuItem[]>).flat();

describe('package.json', () => {
  it('no `when` clause is always true (a || !a)', () => {
    for (const m of menus) {
      if (!m.when) continue;
      const parts = m.when.split('||').map((p) => p.trim());
      for (const p of parts) assert.ok(!parts.includes(`!${p}`), `${m.command}: "${m.when}"`);
    }
  });

  it('devin.maxSessions goes up to the 100,000 sessions the benchmarks measure, and the code clamps to the same bound', () => {
    const max = manifest.contributes.configuration.properties['devin.maxSessions'];
    assert.equal(max.maximum, 100_000);
    const src = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'config.ts'), 'utf8');
    assert.match(src, /export const MAX_SESSIONS_LIMIT = 100_000;/);
    assert.match(src, /Math\.min\(MAX_SESSIONS_LIMIT, Math\.max\(200, v\)\)/);
  });

  it('no placeholder URL (example.invalid): the repository field is left out rather than made up', () => {
    assert.doesNotMatch(JSON.stringify(manifest), /\.invalid\b/);
    assert.match(manifest.scripts.package, /--allow-missing-repository/);
  });

  it('Terminate is offered for archived sessions that still run (archiving does not stop them); Archive only for unarchived ones', () => {
    const terminate = menus.filter((m) => m.command === 'devin.terminateSession' && m.when?.includes('viewItem'));
    assert.ok(terminate.length >= 1);
    for (const m of terminate) assert.doesNotMatch(m.when!, /archived/, m.when);
    const archive = menus.filter((m) => m.command === 'devin.archiveSession' && m.when?.includes('viewItem'));
    for (const m of archive) assert.match(m.when!, /!\(viewItem =~ \/:archived\/\)/, m.when);
  });
});
