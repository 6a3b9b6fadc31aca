import * as vscode from 'vscode';
import { formatNumber } from '../util/intl';
import { config } from '../config';
import { isSafeHttpUrl, prLabel, sessionTitle, type Transition } from '../sessions/model';
import type { SessionStore } from '../sessions/store';

/**
 * Decides which transitions to announce under a notification level (pure, tested). Changes the
 * user caused from VS Code (`own`: terminate, archive) are never announced back to them.
 */
export function selectTransitions(transitions: Transition[], level: 'all' | 'needs-input-only' | 'off'): Transition[] {
  if (level === 'off') return [];
  const news = transitions.filter((t) => !t.own && !t.session.is_archived);
  if (level === 'needs-input-only') return news.filter((t) => t.kind === 'needsInput');
  return news;
}

/**
 * Announces transitions seen by the store. One refresh gives at most one notification:
 * several transitions are coalesced into a summary. Messages are plain text.
 */
export class Notifications implements vscode.Disposable {
  private readonly sub: { dispose(): void };
  /** Notifications shown (tests and benchmarks). */
  shown = 0;

  constructor(private readonly store: SessionStore) {
    this.sub = store.onDidChange((e) => {
      const picked = selectTransitions(e.transitions, config.notifications());
      if (picked.length) void this.announce(picked);
    });
  }

  private async announce(ts: Transition[]): Promise<void> {
    this.shown++;
    const openDetails = vscode.l10n.t('Open Details');
    const openPr = vscode.l10n.t('Open Pull Request');
    const showSessions = vscode.l10n.t('Show Sessions');
    if (ts.length === 1) {
      const t = ts[0];
      const title = sessionTitle(t.session, this.store.hint(t.session.session_id)?.prompt);
      let text: string;
      const buttons = [openDetails];
      switch (t.kind) {
        case 'needsInput':
          text = vscode.l10n.t('Devin needs your input: {0}', title);
          break;
        case 'finished':
          text = vscode.l10n.t('Devin finished: {0}', title);
          break;
        case 'failed':
          text = vscode.l10n.t('Devin session failed: {0}', title);
          break;
        case 'prOpened':
          text = vscode.l10n.t('Devin opened a pull request ({0}): {1}', t.pr ? prLabel(t.pr) : '', title);
          if (t.pr && isSafeHttpUrl(t.pr.pr_url)) buttons.unshift(openPr);
          break;
      }
      const show = t.kind === 'failed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const choice = await show(text, ...buttons);
      if (choice === openDetails) await vscode.commands.executeCommand('devin.openSession', t.session.session_id);
      else if (choice === openPr && t.pr) await vscode.commands.executeCommand('devin.openPullRequest', t.pr.pr_url);
      return;
    }
    const count = (k: Transition['kind']) => ts.filter((t) => t.kind === k).length;
    const bits: string[] = [];
    if (count('needsInput')) bits.push(vscode.l10n.t('{0} need your input', formatNumber(count('needsInput'))));
    if (count('finished')) bits.push(vscode.l10n.t('{0} finished', formatNumber(count('finished'))));
    if (count('failed')) bits.push(vscode.l10n.t('{0} failed', formatNumber(count('failed'))));
    if (count('prOpened')) bits.push(vscode.l10n.t('{0} new pull requests', formatNumber(count('prOpened'))));
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Devin sessions changed: {0}', bits.join(', ')), showSessions);
    if (choice === showSessions) await vscode.commands.executeCommand('devin.sessions.focus');
  }

  dispose(): void {
    this.sub.dispose();
  }
}
