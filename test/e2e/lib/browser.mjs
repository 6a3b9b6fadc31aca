// Launches Debian's Chromium through the project's playwright-core (devDependency).
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './env.mjs';
import { onCleanup } from './proc.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-dev-shm-usage', '--password-store=basic'];

export function playwright() {
  return createRequire(path.join(ROOT, 'package.json'))('playwright-core');
}

export async function launchBrowser(env) {
  const { chromium } = playwright();
  const browser = await chromium.launch({ executablePath: env.chromium, args: CHROMIUM_ARGS, headless: true });
  const remove = onCleanup(() => browser.close().catch(() => {}));
  return {
    browser,
    async close() {
      remove();
      await browser.close().catch(() => {});
    },
  };
}

/** A fresh context + page; collects page errors and dialogs for the report. */
export async function newPage(browser, { viewport = { width: 1400, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const pageErrors = [];
  const dialogs = [];
  page.on('pageerror', (e) => pageErrors.push(String(e?.message ?? e)));
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  return { context, page, pageErrors, dialogs };
}
