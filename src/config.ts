import * as vscode from 'vscode';

export type NotificationLevel = 'all' | 'needs-input-only' | 'off';

/** Typed view of the devin.* settings. */
/**
 * The largest devin.maxSessions (package.json's `maximum` says the same): the scale the
 * benchmarks measure (docs/performance.md, 100,000 sessions: heap, search, polls, a day's memory).
 */
export const MAX_SESSIONS_LIMIT = 100_000;

export const config = {
  section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('devin');
  },
  apiBaseUrl(): string {
    return this.section().get<string>('apiBaseUrl', 'https://api.devin.ai');
  },
  orgId(): string {
    return (this.section().get<string>('orgId', '') ?? '').trim();
  },
  refreshInterval(): number {
    const v = this.section().get<number>('refreshInterval', 30);
    return Number.isFinite(v) ? Math.min(3600, Math.max(5, v)) : 30;
  },
  showArchived(): boolean {
    return this.section().get<boolean>('showArchived', false);
  },
  notifications(): NotificationLevel {
    const v = this.section().get<string>('notifications', 'all');
    return v === 'off' || v === 'needs-input-only' ? v : 'all';
  },
  statusBarEnabled(): boolean {
    return this.section().get<boolean>('statusBar.enabled', true);
  },
  defaultTags(): string[] {
    const v = this.section().get<unknown>('defaultTags', []);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string' && !!t.trim()).map((t) => t.trim()) : [];
  },
  maxSessions(): number {
    const v = this.section().get<number>('maxSessions', 1000);
    return Number.isFinite(v) ? Math.min(MAX_SESSIONS_LIMIT, Math.max(200, v)) : 1000;
  },
  /** Poll while focused even when no Devin view is visible (status bar, notifications). */
  backgroundRefresh(): boolean {
    return this.section().get<boolean>('backgroundRefresh', true) !== false;
  },
  /** Pull request titles, reviews and checks from GitHub (with a consented GitHub session). */
  githubPrDetails(): boolean {
    return this.section().get<boolean>('github.pullRequestDetails', true) !== false;
  },
  async setOrgId(orgId: string): Promise<void> {
    await this.section().update('orgId', orgId, vscode.ConfigurationTarget.Global);
  },
};
