import * as vscode from 'vscode';
import { isLoopbackHost } from '../api/client';
import { config } from '../config';
import { API_KEY_SECRET } from '../ids';

export interface AuthOptions {
  /** The key read the activation shell started at activate() (overlaps VS Code's own work). */
  prefetched?: Thenable<string | undefined>;
  /**
   * Whether DEVIN_DEMO_API_KEY may sign in: only in Development and Test extension mode
   * (`npm run demo`, the e2e tests), never for an installed extension.
   */
  allowDemoKey?: boolean;
  /** The environment (process.env by default). */
  env?: Record<string, string | undefined>;
}

/**
 * The API key lives only in SecretStorage. This class caches it in memory for requests,
 * follows changes made in other windows and keeps the `devin.signedIn` context key true.
 */
export class Auth implements vscode.Disposable {
  private key: string | undefined;
  private loaded = false;
  private prefetched: Thenable<string | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly options: AuthOptions = {},
  ) {
    this.prefetched = options.prefetched;
    this.disposables.push(
      this._onDidChange,
      secrets.onDidChange(async (e) => {
        if (e.key !== API_KEY_SECRET) return;
        const next = await secrets.get(API_KEY_SECRET);
        if (next !== this.key) {
          this.key = next;
          await this.updateContext();
          this._onDidChange.fire();
        }
      }),
    );
  }

  private initializing: Promise<void> | undefined;

  /**
   * Reads the key once (callers share one read). For the demo and the e2e tests only, takes
   * DEVIN_DEMO_API_KEY in Development or Test mode when the API base URL is a loopback address.
   */
  init(): Promise<void> {
    return (this.initializing ??= this.load());
  }

  private async load(): Promise<void> {
    const read = this.prefetched ?? this.secrets.get(API_KEY_SECRET);
    this.prefetched = undefined;
    this.key = await read;
    if (!this.key) {
      const demoKey = (this.options.env ?? process.env).DEVIN_DEMO_API_KEY;
      if (demoKey && this.options.allowDemoKey && isLoopbackBaseUrl(config.apiBaseUrl())) {
        this.key = demoKey;
        await this.secrets.store(API_KEY_SECRET, demoKey);
      }
    }
    this.loaded = true;
    // The context key only drives welcome views: the first request need not wait for it.
    void this.updateContext();
  }

  get signedIn(): boolean {
    return !!this.key;
  }

  /** The key for the Authorization header. Never log or display it. */
  async getKey(): Promise<string | undefined> {
    if (!this.loaded) await this.init();
    return this.key;
  }

  /** Key for redaction of text before it is shown or logged. */
  peekKey(): string | undefined {
    return this.key;
  }

  async setKey(key: string): Promise<void> {
    this.key = key;
    await this.secrets.store(API_KEY_SECRET, key);
    await this.updateContext();
    this._onDidChange.fire();
  }

  async clear(): Promise<void> {
    this.key = undefined;
    await this.secrets.delete(API_KEY_SECRET);
    await this.updateContext();
    this._onDidChange.fire();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'devin.signedIn', !!this.key);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isLoopbackBaseUrl(raw: string): boolean {
  try {
    return isLoopbackHost(new URL(raw).hostname);
  } catch {
    return false;
  }
}
