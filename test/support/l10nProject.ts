// Throw-away projects for the l10n checkers' tests: each call writes the given files (JSON) into a
// fresh folder with an l10n/ subfolder, under one temporary root removed after the suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** Call inside a describe(): returns project(files) → the new project's folder. */
export function tempProjects(prefix: string): (files: Record<string, unknown>) => string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return (files) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
    fs.mkdirSync(path.join(dir, 'l10n'));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
    return dir;
  };
}
