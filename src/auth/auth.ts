import * as vscode from 'vscode';
import { isLoopbackHost } from '../api/client';
import { config } from '../config';
import { API_KEY_SECRET } from '../ids';
import { originOf, parseStoredKey, serializeStoredKey, type KeySource, type StoredKey } from '../api/keyBinding';

/** The origin a bare (pre-origin) stored key is bound to: the default API's. */
export const LEGACY_KEY_ORIGIN = 'https://api.devin.ai';

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
export class Auth implements vscode.Disposable, KeySource {
  private stored: StoredKey | undefined;
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
        const next = parseStoredKey(await secrets.get(API_KEY_SECRET), undefined).stored;
        if (next?.key !== this.stored?.key || next?.origin !== this.stored?.origin) {
          this.stored = next;
          await this.updateContext();
          this._onDidChange.fire();
        }
      }),
    );
  }

  private initializing: Promise<void> | undefined;

  /** Reads the key once (callers share one read). */
  init(): Promise<void> {
    return (this.initializing ??= this.load());
  }

  private async load(): Promise<void> {
    const read = this.prefetched ?? this.secrets.get(API_KEY_SECRET);
    this.prefetched = undefined;
    const configured = originOf(config.apiBaseUrl());
    // A bare key from before origins were stored was entered for the default API: any extension
    // could have changed devin.apiBaseUrl before this first read, so that setting does not decide.
    const { stored, migrated } = parseStoredKey(await read, LEGACY_KEY_ORIGIN);
    if (this.loaded) return; // signed in (setKey) while the read was under way
    this.stored = stored;
    if (stored && migrated) await this.secrets.store(API_KEY_SECRET, serializeStoredKey(stored));
    if (!this.stored) {
      // For `npm run demo` and the e2e tests only: a loopback API URL and a development or test host.
      const demoKey = (this.options.env ?? process.env).DEVIN_DEMO_API_KEY;
      if (demoKey && this.options.allowDemoKey && configured && isLoopbackBaseUrl(configured)) {
        this.stored = { key: demoKey, origin: configured };
        await this.secrets.store(API_KEY_SECRET, serializeStoredKey(this.stored));
      }
    }
    this.loaded = true;
    // The context key only drives welcome views: the first request need not wait for it.
    void this.updateContext();
  }

  get signedIn(): boolean {
    return !!this.stored;
  }

  /** The API origin the key was entered for (undefined when signed out). */
  get origin(): string | undefined {
    return this.stored?.origin;
  }

  /** Whether the key may be sent to this base URL: same origin as the one it was entered for. */
  isBoundTo(baseUrl: string): boolean {
    return !!this.stored && originOf(baseUrl) === this.stored.origin;
  }

  /**
   * The key for the Authorization header of a request to `baseUrl`, or undefined when it was
   * entered for another origin. Never log or display it.
   */
  async getKeyFor(baseUrl: string): Promise<string | undefined> {
    if (!this.loaded) await this.init();
    return this.isBoundTo(baseUrl) ? this.stored!.key : undefined;
  }

  /** Key for redaction of text before it is shown or logged. */
  peekKey(): string | undefined {
    return this.stored?.key;
  }

  /** Stores the key, bound to the origin of the base URL it was checked against. */
  async setKey(key: string, baseUrl: string): Promise<void> {
    const origin = originOf(baseUrl);
    if (!origin) throw new Error('setKey: not an http(s) base URL');
    this.stored = { key, origin };
    this.loaded = true;
    await this.secrets.store(API_KEY_SECRET, serializeStoredKey(this.stored));
    await this.updateContext();
    this._onDidChange.fire();
  }

  async clear(): Promise<void> {
    this.stored = undefined;
    await this.secrets.delete(API_KEY_SECRET);
    await this.updateContext();
    this._onDidChange.fire();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'devin.signedIn', !!this.stored);
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
