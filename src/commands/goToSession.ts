import * as vscode from 'vscode';
import { buildGoToItems } from '../sessions/goTo';
import type { CommandContext } from './common';

interface Pick extends vscode.QuickPickItem {
  sessionId: string;
}

/** **Devin: Go to Session…**: filter the store's sessions as you type; Enter opens the details. */
export async function goToSession(ctx: CommandContext): Promise<void> {
  // refresh() also starts the store when nothing asked for data yet.
  if (!ctx.store.size) await ctx.store.refresh().catch(() => undefined);
  const items: Pick[] = buildGoToItems(ctx.store.all(), Date.now(), (id) => ctx.store.hint(id));
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Devin sessions to go to yet.'));
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Go to Devin Session'),
    placeHolder: vscode.l10n.t('Type to filter by title, tag, repository or ID'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick) await ctx.panels.show(pick.sessionId);
}
