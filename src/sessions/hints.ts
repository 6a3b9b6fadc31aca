// What this window knows about a session that the API's session does not carry: the first line of
// the prompt it was created with and its repository. Kept (bounded) in the extension's global
// state, so an untitled session keeps a readable name after a reload. No `vscode` import.
import { promptLine } from './model';
import { canonicalSessionId } from './sessionId';

export interface SessionHint {
  /** First non-empty line of the prompt (bounded). */
  prompt?: string;
  /** `owner/name` of the repository it was created for. */
  repo?: string;
}

/** The part of vscode.Memento this needs. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const HINTS_KEY = 'devin.sessionHints';
/** Sessions remembered; the oldest remembered leave first. */
export const MAX_HINTS = 500;
const MAX_PROMPT_CHARS = 120;
const REPO_RE = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/;

export class SessionHints {
  private readonly map = new Map<string, SessionHint>();

  constructor(private readonly memento?: MementoLike) {
    const saved = memento?.get<Record<string, SessionHint>>(HINTS_KEY);
    if (saved && typeof saved === 'object') {
      for (const [id, h] of Object.entries(saved)) {
        const clean = sanitize(h);
        if (clean) this.map.set(canonicalSessionId(id), clean);
      }
    }
  }

  get(id: string): SessionHint | undefined {
    return this.map.get(canonicalSessionId(id));
  }

  get size(): number {
    return this.map.size;
  }

  remember(id: string, hint: { prompt?: string | null; repo?: string | null }): void {
    const clean = sanitize({ prompt: hint.prompt ?? undefined, repo: hint.repo ?? undefined });
    if (!clean) return;
    const key = canonicalSessionId(id);
    this.map.delete(key); // re-inserted last: the newest stays longest
    this.map.set(key, clean);
    while (this.map.size > MAX_HINTS) this.map.delete(this.map.keys().next().value as string);
    void Promise.resolve(this.memento?.update(HINTS_KEY, Object.fromEntries(this.map))).catch(() => undefined);
  }
}

function sanitize(h: unknown): SessionHint | undefined {
  if (!h || typeof h !== 'object') return undefined;
  const o = h as { prompt?: unknown; repo?: unknown };
  const out: SessionHint = {};
  if (typeof o.prompt === 'string') {
    const line = promptLine(o.prompt, MAX_PROMPT_CHARS);
    if (line) out.prompt = line;
  }
  if (typeof o.repo === 'string' && o.repo.length <= 200 && REPO_RE.test(o.repo)) out.repo = o.repo;
  return out.prompt || out.repo ? out : undefined;
}
