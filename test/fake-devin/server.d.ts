// Types for the fake Devin server (server.js), so TypeScript tests can import it.
import type { Server } from 'node:http';

export interface FakeFault {
  status?: number;
  retryAfter?: number | string;
  times?: number;
  paths?: string;
  methods?: string[];
  delayMs?: number;
  malformedJson?: boolean;
  htmlError?: boolean;
  emptyBody?: boolean;
  repeatCursor?: boolean;
  closeConnection?: boolean;
  redirectTo?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakePermissions = string[] | { deny?: string[]; [permission: string]: boolean | string[] | undefined };

export interface FakeDevinOptions {
  port?: number;
  host?: string;
  sessions?: number;
  seed?: number;
  key?: string;
  orgId?: string;
  selfOrgId?: string | null;
  enterprise?: boolean;
  permissions?: FakePermissions;
  lifecycle?: boolean | number;
  hostile?: boolean;
  demo?: boolean;
  now?: () => number;
  maxMessageLength?: number;
  /** Larger uploads to POST …/attachments get a 413 (default 10 MiB). */
  maxAttachmentBytes?: number;
  /** How answers carry session ids: `devin-…` (default), bare everywhere, or bare in lists only. */
  sessionIds?: 'prefixed' | 'bare' | 'mixed';
  /** Session list order: newest `updated_at` first (default) or an arbitrary seeded order. */
  order?: 'newest' | 'shuffled';
  /** What the `tags` list filter matches: any chosen tag (default) or all of them. */
  tagMatch?: 'any' | 'all';
  /** The session list's `total`: exact (default), left out, `null`, or one too many (never agrees). */
  total?: 'exact' | 'omit' | 'null' | 'inflated';
}

export interface FakeRequest {
  index: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  rawQuery: string;
  headers: { authorization: boolean; authorizationValue?: string; accept?: string; contentType?: string; userAgent?: string };
  body: unknown;
  time: number;
}

/** A session as the fake stores it (v3 SessionResponse shape, possibly hostile). */
export type FakeSession = Record<string, unknown> & { session_id: string; updated_at: number; created_at: number; status: string };

export interface FakeAttachment {
  attachment_id: string;
  name: string;
  size: number;
  content_type: string | null;
  data: Buffer;
}

export interface FakeMessage {
  event_id: string;
  source: string;
  message: string;
  created_at: number;
}

export interface FakeDevin {
  url: string;
  port: number;
  orgId: string;
  key: string;
  server: Server;
  store: { sessions: Map<string, FakeSession>; attachments: Map<string, FakeAttachment>; playbooks: unknown[]; notes: unknown[]; repositories: unknown[]; orgs: unknown[]; version: number };
  requests: FakeRequest[];
  config: { selfOrgId: string | null; enterprise: boolean; deny: Set<string>; maxMessageLength: number; maxAttachmentBytes: number; total: 'exact' | 'omit' | 'null' | 'inflated' };
  close(): Promise<void>;
  setFault(fault: FakeFault | null): void;
  getFault(): FakeFault | null;
  setOffline(on: boolean | number): void;
  isOffline(): boolean;
  setPermissions(p: FakePermissions | null): void;
  resetRequests(): void;
  requestsTo(match: string | RegExp, method?: string): FakeRequest[];
  advance(opts?: { all?: boolean; sessionId?: string }): number;
  /** With `demo`: the stories' lifecycle (one `tick()` = one 5 s step of the demo). */
  demo: null | {
    tick(): number;
    markRead(id: string): void;
    stories: { title: string; repo: string; prompt: string; question?: string; pr?: { number: number; summary: string; files?: Record<string, string | null> } }[];
    sessionOf(storyIndex: number): string | undefined;
  };
  addSession(fields?: Partial<FakeSession>, extra?: { repos?: string[]; messages?: Partial<FakeMessage>[]; fate?: 'ok' | 'error' }): FakeSession;
  patchSession(id: string | undefined, fields: Partial<FakeSession>): FakeSession;
  addSessions(n: number, opts?: { seed?: number }): FakeSession[];
  addHostileSessions(): FakeSession[];
  /** Deletes a session as if deleted elsewhere; false when unknown. */
  removeSession(id: string): boolean;
  getSession(id: string): FakeSession | undefined;
  addMessage(id: string, message: string, source?: string): FakeMessage | undefined;
  messages(id: string): FakeMessage[] | undefined;
}

export function createFakeDevin(options?: FakeDevinOptions): Promise<FakeDevin>;
