import * as vscode from 'vscode';
import { cleanText, prInfo } from '../sessions/model';
import { showError, type CommandContext } from './common';

export function registerFilterCommands(ctx: CommandContext): vscode.Disposable[] {
  const { host } = ctx;
  return [
    host.registerCommand('devin.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter Devin sessions'),
        prompt: vscode.l10n.t('Matches title, id, tag or repository. Leave empty to clear the text filter.'),
        value: ctx.view.filter.text ?? '',
      });
      if (text === undefined) return;
      await ctx.view.setFilter({ text: text.trim() || undefined });
    }),
    host.registerCommand('devin.filterTags', () => pickTagsAndRepos(ctx)),
    host.registerCommand('devin.clearFilter', () => ctx.view.clearFilter()),
    host.registerCommand('devin.showArchived', () => vscode.workspace.getConfiguration('devin').update('showArchived', true, vscode.ConfigurationTarget.Global)),
    host.registerCommand('devin.hideArchived', () => vscode.workspace.getConfiguration('devin').update('showArchived', false, vscode.ConfigurationTarget.Global)),
    host.registerCommand('devin.mineOnly', async () => {
      try {
        await ctx.loadIdentity();
      } catch (e) {
        await showError(ctx, e, { prefix: vscode.l10n.t('Could not tell who you are') });
        return;
      }
      await ctx.view.setFilter({ mineOnly: true });
    }),
    host.registerCommand('devin.allSessions', () => ctx.view.setFilter({ mineOnly: false })),
  ];
}

interface TagPick extends vscode.QuickPickItem {
  kind2: 'tag' | 'repo';
  value: string;
}

/** Tags and repositories known from the loaded sessions; the choice filters on the server. */
async function pickTagsAndRepos(ctx: CommandContext): Promise<void> {
  const tags = new Map<string, number>();
  const repos = new Map<string, number>();
  for (const s of ctx.store.all()) {
    for (const t of s.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    for (const pr of s.pull_requests) {
      const r = prInfo(pr).repo;
      if (r) repos.set(r, (repos.get(r) ?? 0) + 1);
    }
  }
  for (const t of ctx.view.filter.tags ?? []) if (!tags.has(t)) tags.set(t, 0);
  for (const r of ctx.view.filter.repos ?? []) if (!repos.has(r)) repos.set(r, 0);
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const items: (TagPick | vscode.QuickPickItem)[] = [];
  if (tags.size) items.push({ label: vscode.l10n.t('Tags'), kind: vscode.QuickPickItemKind.Separator });
  for (const [t, n] of sorted(tags)) items.push({ label: cleanText(t, 60), description: String(n), kind2: 'tag', value: t, picked: ctx.view.filter.tags?.includes(t) } as TagPick);
  if (repos.size) items.push({ label: vscode.l10n.t('Repositories'), kind: vscode.QuickPickItemKind.Separator });
  for (const [r, n] of sorted(repos)) items.push({ label: cleanText(r, 100), description: String(n), kind2: 'repo', value: r, picked: ctx.view.filter.repos?.includes(r) } as TagPick);
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No tags or repositories among the loaded sessions yet.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(items as TagPick[], {
    canPickMany: true,
    title: vscode.l10n.t('Filter by tag or repository'),
    placeHolder: vscode.l10n.t('Sessions must have every chosen tag and one of the chosen repositories'),
  });
  if (!picked) return;
  await ctx.view.setFilter({
    tags: picked.filter((p) => p.kind2 === 'tag').map((p) => p.value),
    repos: picked.filter((p) => p.kind2 === 'repo').map((p) => p.value),
  });
}
