// Text the user wrote for a session and has not sent, one per session, in the extension's global
// state (kept across window reloads): a message whose send failed (Send Message…, Add to Session),
// and what is typed in the details panel's reply box. One store for all of them, so the text
// written in one place is offered in the others. Kept as typed, like the New Session draft: secrets
// are removed when a message is sent, not here. Never logged. No `vscode` import.
import { canonicalSessionId } from './sessionId';
import type { MementoLike } from './hints';

export const UNSENT_KEY = 'devin.unsentMessages';

export interface UnsentMessages {
  get(sessionId: string): string | undefined;
  set(sessionId: string, text: string): Thenable<void> | Promise<void>;
  delete(sessionId: string): Thenable<void> | Promise<void>;
}

/** The store on a Memento (globalState). Either form of a session id names the same entry. */
export function unsentMessages(memento: MementoLike): UnsentMessages {
  const read = (): Record<string, string> => {
    const saved = memento.get<unknown>(UNSENT_KEY);
    const out: Record<string, string> = {};
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return out;
    for (const [k, v] of Object.entries(saved)) if (typeof v === 'string') out[k] = v;
    return out;
  };
  const write = (all: Record<string, string>) => memento.update(UNSENT_KEY, Object.keys(all).length ? all : undefined);
  return {
    get: (id) => {
      const all = read();
      return all[canonicalSessionId(id)] ?? all[id];
    },
    set: (id, text) => {
      const all = read();
      delete all[id];
      all[canonicalSessionId(id)] = text;
      return write(all);
    },
    delete: (id) => {
      const all = read();
      const key = canonicalSessionId(id);
      if (!(key in all) && !(id in all)) return Promise.resolve();
      delete all[key];
      delete all[id];
      return write(all);
    },
  };
}

/** Timers, injectable so tests need no clock. */
export interface DraftTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: DraftTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How long the panel's draft waits after the last keystroke before it is written. */
export const DRAFT_SAVE_DELAY_MS = 500;

/**
 * The details panel's reply box, kept for one session: every change the webview reports is
 * written to the store after a pause in typing (and at once when the panel closes); an empty box
 * removes the entry. A successful send removes it only when the box held exactly the text sent.
 */
export class DraftKeeper {
  /** What the webview last reported, while not yet written. */
  private pending: string | undefined;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly store: UnsentMessages,
    private readonly sessionId: string,
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly timers: DraftTimers = realTimers,
    private readonly delayMs = DRAFT_SAVE_DELAY_MS,
  ) {}

  /** The text the box should show: what was typed last, written or not. */
  current(): string | undefined {
    return this.pending ?? this.store.get(this.sessionId);
  }

  /** The webview reports the box's text. */
  typed(text: string): void {
    if (this.disposed) {
      void this.write(text);
      return;
    }
    this.pending = text;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
  }

  /** Writes what is waiting now. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = undefined;
    if (text !== undefined) await this.write(text);
  }

  /** `text` was sent: the kept text goes if it is exactly that, otherwise what the box holds now is kept. */
  async sent(text: string): Promise<void> {
    if (this.pending === undefined || this.pending === text) {
      if (this.timer !== undefined) this.timers.clear(this.timer);
      this.timer = undefined;
      this.pending = undefined;
      if (this.store.get(this.sessionId) === text) await this.guard(this.store.delete(this.sessionId));
      return;
    }
    await this.flush();
  }

  /** `text` was not sent: it is written now, unless the box already holds something else. */
  async failed(text: string): Promise<void> {
    if (this.pending === undefined && !this.store.get(this.sessionId)?.trim()) this.pending = text;
    await this.flush();
  }

  /** The panel closes: what is waiting is written at once. */
  dispose(): Promise<void> {
    this.disposed = true;
    return this.flush();
  }

  private write(text: string): Promise<void> {
    return this.guard(text.trim() ? this.store.set(this.sessionId, text) : this.store.delete(this.sessionId));
  }

  private async guard(p: Thenable<void> | Promise<void>): Promise<void> {
    try {
      await p;
    } catch (e) {
      this.onError(e);
    }
  }
}
