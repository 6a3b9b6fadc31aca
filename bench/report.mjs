// Shared reporting for the benches: each figure is printed as it is measured and, when it has a
// target, marked PASS or MISS. finish() writes bench/results/<bench>.json (read by run.mjs) and
// prints the last line: "<bench>: PASS …", "<bench>: MISS …" or "SKIPPED: …".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Formats a number with a sensible precision. */
export function fmt(value, unit = '') {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const s = Number.isInteger(value) ? String(value) : abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  if (!unit) return s;
  return unit === '×' ? `${s}×` : `${s} ${unit}`;
}

const OPS = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '>=': (a, b) => a >= b,
};

/**
 * @param {string} bench name (bundle, tree, requests, activation, e2e)
 */
export function createReport(bench) {
  const started = Date.now();
  const figures = [];
  const notes = [];
  let skipped;
  const r = {
    /**
     * Records a figure. target: { op: '<' | '<=' | '==' | '>=', value, text? }.
     * Returns true when there is no target or it is met.
     */
    figure(id, label, value, unit = '', target, note) {
      const pass = target ? OPS[target.op](value, target.value) : undefined;
      const targetText = target ? target.text ?? `${target.op} ${fmt(target.value, unit)}` : '';
      figures.push({ id, label, value, unit, target: target ? { ...target, text: targetText } : undefined, pass, note });
      const status = pass === undefined ? '    ' : pass ? 'PASS' : 'MISS';
      const t = target ? `  (target ${targetText})` : '';
      console.log(`  ${status}  ${label}: ${fmt(value, unit)}${t}${note ? `  — ${note}` : ''}`);
      return pass !== false;
    },
    info(text) {
      notes.push(text);
      console.log(`        ${text}`);
    },
    skip(reason) {
      skipped = reason;
    },
    get figures() {
      return figures;
    },
    /** Writes the JSON result and prints the last line. Returns the exit code (always 0 unless crashed). */
    finish() {
      const ms = Date.now() - started;
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const out = { bench, date: new Date().toISOString(), ms, skipped, figures, notes, node: process.version, platform: `${process.platform}-${process.arch}` };
      fs.writeFileSync(path.join(RESULTS_DIR, `${bench}.json`), JSON.stringify(out, null, 2));
      if (skipped) {
        console.log(`SKIPPED: ${skipped}`);
        return 0;
      }
      const targeted = figures.filter((f) => f.target);
      const missed = targeted.filter((f) => !f.pass);
      if (missed.length) {
        console.log(`${bench}: MISS ${missed.length} of ${targeted.length} targets: ${missed.map((f) => `${f.label} ${fmt(f.value, f.unit)} (target ${f.target.text})`).join('; ')}`);
      } else {
        console.log(`${bench}: PASS all ${targeted.length} targets met (${(ms / 1000).toFixed(1)} s)`);
      }
      return 0;
    },
  };
  return r;
}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
