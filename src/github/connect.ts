// The VS Code side of the GitHub pull request details: the token comes only from VS Code's
// built-in `github` authentication provider, silently (`createIfNone: false, silent: true`: never a
// prompt out of nowhere), and the user connects explicitly with "Devin: Connect GitHub for Pull
// Request Details". Off with devin.github.pullRequestDetails.
import * as vscode from 'vscode';
import { config } from '../config';
import type { Host } from '../host';
import { GitHubPrInfo, type GitHubPrDetails } from './prInfo';

/** The scopes the GitHub Pull Requests extension asks for: an account it uses can be shared with one consent. */
export const GITHUB_SCOPES = ['read:user', 'user:email', 'repo'];
/** PR rows asked for within this window go out in one request. */
const BATCH_MS = 150;

export class GitHubPrDetailsSource implements vscode.Disposable {
  private readonly info: GitHubPrInfo;
  private readonly _onDidChange = new vscode.EventEmitter<readonly string[]>();
  /** URLs whose details changed (undefined entries: every PR row). */
  readonly onDidChange = this._onDidChange.event;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange];
  private connected: boolean | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    host: Host,
  ) {
    this.info = new GitHubPrInfo({ token: () => this.token(), log: (m) => log.info(m) });
    this.disposables.push(
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id !== 'github') return;
        this.info.clear();
        this._onDidChange.fire([]);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('devin.github.pullRequestDetails')) return;
        this.info.clear();
        this._onDidChange.fire([]);
      }),
      host.registerCommand('devin.connectGitHub', () => this.connect()),
    );
    this.setConnected(false);
  }

  /** What GitHub said of a PR, if the setting is on and it was fetched. */
  get(url: string): GitHubPrDetails | undefined {
    return config.githubPrDetails() ? this.info.get(url) : undefined;
  }

  /** PR rows being shown: their details are fetched (batched, cached) when a GitHub session allows it. */
  want(urls: readonly string[]): void {
    if (!config.githubPrDetails() || !urls.length) return;
    for (const u of urls) this.pending.add(u);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      void this.info.load(batch).then((changed) => {
        if (changed.length) this._onDidChange.fire(changed);
      });
    }, BATCH_MS);
  }

  private async token(): Promise<string | undefined> {
    if (!config.githubPrDetails()) return undefined;
    try {
      const session = await vscode.authentication.getSession('github', GITHUB_SCOPES, { createIfNone: false, silent: true });
      this.setConnected(!!session);
      return session?.accessToken;
    } catch {
      this.setConnected(false);
      return undefined;
    }
  }

  private setConnected(on: boolean): void {
    if (this.connected === on) return;
    this.connected = on;
    void vscode.commands.executeCommand('setContext', 'devin.githubConnected', on);
  }

  /** The explicit way in: VS Code asks the user to sign in to GitHub or to let Devin use the account. */
  async connect(): Promise<void> {
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession('github', GITHUB_SCOPES, { createIfNone: true });
    } catch (e) {
      this.log.info(`GitHub connection not made: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.setConnected(!!session);
    if (!session) return;
    if (!config.githubPrDetails()) {
      await config.section().update('github.pullRequestDetails', true, vscode.ConfigurationTarget.Global);
    }
    this.info.clear();
    this._onDidChange.fire([]);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Pull request titles, reviews and checks now come from GitHub ({0}).', session.account.label), 5000);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
