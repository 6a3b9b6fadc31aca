import * as vscode from 'vscode';
import { formatNumber } from '../util/intl';
import { config } from '../config';
import { summarize } from '../sessions/model';
import type { SessionStore } from '../sessions/store';

/** "$(bell-dot) 2  $(sync~spin) 3": sessions needing input and working; click focuses the view. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly signedIn: () => boolean,
  ) {
    this.item = vscode.window.createStatusBarItem('devin.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Devin Sessions');
    this.item.command = 'devin.sessions.focus';
    const subs = [store.onDidChange(() => this.update()), store.onDidChangeState(() => this.update())];
    this.disposables.push(
      this.item,
      new vscode.Disposable(() => subs.forEach((s) => s.dispose())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devin.statusBar')) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    if (!config.statusBarEnabled() || !this.signedIn()) {
      this.item.hide();
      return;
    }
    const { needsInput, working } = summarize(this.store.all());
    const st = this.store.state;
    const offline = st.phase === 'error';
    const parts: string[] = ['$(hubot)'];
    if (needsInput) parts.push(`$(bell-dot) ${formatNumber(needsInput)}`);
    if (working) parts.push(`$(sync~spin) ${formatNumber(working)}`);
    if (!needsInput && !working) parts.push(vscode.l10n.t('Devin'));
    if (offline) parts.push('$(warning)');
    this.item.text = parts.join(' ');
    const lines = [
      vscode.l10n.t('Devin: {0} need your input, {1} working', formatNumber(needsInput), formatNumber(working)),
    ];
    if (offline && st.error) lines.push(st.error.message);
    this.item.tooltip = lines.join('\n');
    this.item.accessibilityInformation = { label: lines.join('. ') };
    this.item.backgroundColor = needsInput ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
