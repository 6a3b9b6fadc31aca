// The extension in another display language. code-server takes `--locale zh-cn`, but VS Code
// resolves the display language only through an installed language pack (user-data
// languagepacks.json); without one it stays English and so does every extension's l10n bundle
// and package.nls. `languagePack: true` writes the record a language pack install leaves, pointing
// at an empty translation file: VS Code's own words stay English, ours must come out in Chinese.
// (See docs/localization.md, "Display language in code-server".)
const ZH_GROUPS = /^(需要你的输入|正在工作|已暂停|已完成|已失败|其他)$/;
const EN_GROUPS = /^(Needs your input|Working|Suspended|Finished|Failed|Other)$/;
const DE_GROUPS = /^(Benötigt Ihre Eingabe|In Arbeit|Angehalten|Abgeschlossen|Fehlgeschlagen|Andere)$/;

export default [
  {
    name: 'zh-cn: welcome view, command title, notification, group names and details panel in Chinese',
    locale: 'zh-cn',
    languagePack: true,
    timeout: 150_000,
    async fn({ wb, fake, page, assert }) {
      await wb.openDevinView();
      // package.nls.zh-cn.json: the signed-out welcome view.
      await wb.waitForWelcome(/使用 Devin API 密钥登录以浏览和启动会话/, { timeout: 45_000 });
      // package.nls.zh-cn.json: the command title in the command palette ("Devin: 登录").
      await wb.runCommand('Devin: 登录');
      await wb.waitForQuickInput(undefined, { type: 'password' });
      await wb.quickInputType(fake.key);
      // l10n/bundle.l10n.zh-cn.json: the sign-in notification and the session groups.
      await wb.waitForNotification(/登录 Devin/, { timeout: 30_000 }); // "已以 {0} ({1}) 身份登录 Devin。"
      await wb.waitForTreeRow(ZH_GROUPS, { timeout: 30_000 });
      const rows = await wb.treeRows();
      const groups = rows.filter((r) => r.level === 1).map((r) => r.label);
      assert.ok(groups.length >= 2 && groups.every((g) => ZH_GROUPS.test(g)), `top-level rows are Chinese group names: ${groups.join(' | ')}`);
      assert.ok(!rows.some((r) => EN_GROUPS.test(r.label)), 'no English group name is left');
      // The details webview gets the host's translated strings.
      const s = fake.addSession({ title: 'E2E locale session', status: 'running', status_detail: 'waiting_for_user' },
        { messages: [{ source: 'devin', message: 'Which branch should I use?' }] });
      void s;
      await wb.runCommand('Devin: 刷新');
      const row = await wb.waitForTreeRow('E2E locale session', { timeout: 20_000 });
      await row.click();
      const frame = await wb.webviewFrame('Which branch should I use?', { timeout: 30_000 });
      const text = await frame.evaluate(() => document.body.innerText);
      assert.match(text, /对话/, 'the Conversation heading is Chinese');
      assert.match(text, /发送/, 'the Send button is Chinese');
      void page;
    },
  },
  {
    // A second language, with a Latin script and its own number and date conventions: the same
    // mechanism must work for every shipped language, and Intl must follow the display language
    // (relative time "vor 2 Std." / "vor 2 Stunden", decimal comma "2,5 ACUs") rather than the machine's locale.
    name: 'de: welcome view, command title, group names, relative time and ACUs in German',
    locale: 'de',
    languagePack: true,
    timeout: 150_000,
    async fn({ wb, fake, assert }) {
      const nowSec = Math.floor(Date.now() / 1000);
      fake.addSession({ title: 'E2E Sitzung mit Zahlen', status: 'exit', created_at: nowSec - 3 * 3600, updated_at: nowSec - 2 * 3600, acus_consumed: 2.5 });
      await wb.openDevinView();
      // package.nls.de.json: the signed-out welcome view.
      await wb.waitForWelcome(/Melden Sie sich mit einem Devin-API-Schlüssel an/, { timeout: 45_000 });
      // package.nls.de.json: the command title in the command palette ("Devin: Anmelden").
      await wb.runCommand('Devin: Anmelden');
      await wb.waitForQuickInput(undefined, { type: 'password' });
      await wb.quickInputType(fake.key);
      // l10n/bundle.l10n.de.json: the sign-in notification and the session groups.
      await wb.waitForNotification(/Bei Devin angemeldet/, { timeout: 30_000 });
      await wb.waitForTreeRow(DE_GROUPS, { timeout: 30_000 });
      const rows = await wb.treeRows();
      const groups = rows.filter((r) => r.level === 1).map((r) => r.label);
      assert.ok(groups.length >= 2 && groups.every((g) => DE_GROUPS.test(g)), `top-level rows are German group names: ${groups.join(' | ')}`);
      assert.ok(!rows.some((r) => EN_GROUPS.test(r.label)), 'no English group name is left');
      // Intl in the display language: the row's description ("vor 2 Std. · 2,5 ACUs": the short
      // form a narrow row shows) and its accessible name (the age in words, "vor 2 Stunden").
      await wb.waitForTreeRow('E2E Sitzung mit Zahlen', { timeout: 20_000 });
      const row = (await wb.treeRows()).find((r) => r.label.includes('E2E Sitzung mit Zahlen'));
      assert.ok(row, 'the session row');
      assert.match(row.description, /vor 2 Std\./, `relative time in German: ${row.description}`);
      assert.match(row.ariaLabel, /vor 2 Stunden/, `relative time in German words for screen readers: ${row.ariaLabel}`);
      assert.match(row.description, /2,5 ACUs/, `ACUs with a decimal comma: ${row.description}`);
      assert.doesNotMatch(row.description, /ago|2\.5/, `nothing in English number or time format: ${row.description}`);
    },
  },
  {
    // The walkthrough's step media are Markdown per language: package.json names them by
    // %walkthrough.<step>.media%, which VS Code resolves through package.nls.<lang>.json like every
    // other manifest string (the manifest scanner replaces any "%key%" string value). This proves
    // it in the real workbench: the German walkthrough shows the German Markdown of its steps.
    name: 'de: the walkthrough opens in German with its steps\' German Markdown',
    locale: 'de',
    languagePack: true,
    settings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true },
    timeout: 150_000,
    async fn({ page, wb, assert, log }) {
      const title = page.locator('.gettingStartedSlideDetails h2, .gettingStartedSlideDetails .category-title').filter({ hasText: 'Erste Schritte mit Devin' }).first();
      await title.waitFor({ state: 'visible', timeout: 45_000 });
      await page.locator('.gettingStartedSlideDetails').getByText('Mit einem API-Schlüssel anmelden').first().waitFor({ state: 'visible', timeout: 10_000 });
      // The first step is selected: its media/walkthrough/de/signIn.md renders in the page's webview.
      const frame = await wb.webviewFrame(/Mit einem Devin-API-Schlüssel anmelden/, { timeout: 30_000 });
      const text = await frame.evaluate(() => document.body.innerText);
      assert.match(text, /Dienstbenutzerschlüssel/, 'the table of key kinds is German');
      assert.doesNotMatch(text, /Sign in with a Devin API key|Where to make it/, 'no English Markdown');
      // Another step: its own German Markdown replaces the first.
      await page.locator('.gettingStartedSlideDetails').getByText('Ihre Sitzungen öffnen').first().click();
      const next = await wb.webviewFrame(/Ihre Sitzungen, gruppiert nach dem, was sie brauchen/, { timeout: 30_000 });
      assert.match(await next.evaluate(() => document.body.innerText), /Benötigt Ihre Eingabe/, 'the group names in the Markdown are the German ones');
      log('walkthrough step media: German');
    },
  },
  {
    name: 'zh-cn without a language pack: --locale alone leaves the extension in English',
    locale: 'zh-cn',
    async fn({ wb }) {
      await wb.openDevinView();
      await wb.waitForWelcome(/Sign in with a Devin API key/, { timeout: 45_000 });
      await wb.runCommand('Devin: Sign In');
      await wb.waitForQuickInput(undefined, { type: 'password' });
    },
  },
];
