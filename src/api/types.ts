// Types of the Devin REST API v3, from the seed reference pages (../shared/seeds) and the
// research digest (../shared/docs/devin-api-v3.md). Enums are *open*: a value the server adds
// later must pass through as a string, never crash a view. This file has no `vscode` import.

/** A string union that still accepts any other string (keeps editor completion). */
export type Open<T extends string> = T | (string & {});

export const SESSION_STATUSES = ['new', 'claimed', 'running', 'exit', 'error', 'suspended', 'resuming'] as const;
export type KnownSessionStatus = (typeof SESSION_STATUSES)[number];
export type SessionStatus = Open<KnownSessionStatus>;

export const RUNNING_DETAILS = ['working', 'waiting_for_user', 'waiting_for_approval', 'finished'] as const;
export const SUSPEND_REASONS = [
  'inactivity',
  'user_request',
  'usage_limit_exceeded',
  'out_of_credits',
  'out_of_quota',
  'no_quota_allocation',
  'payment_declined',
  'org_usage_limit_exceeded',
  'user_usage_limit_exceeded',
  'total_session_limit_exceeded',
  'error',
] as const;
export type StatusDetail = Open<(typeof RUNNING_DETAILS)[number] | (typeof SUSPEND_REASONS)[number]>;

export const ORIGINS = [
  'webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled', 'automation', 'cli', 'desktop', 'other',
] as const;
export type Origin = Open<(typeof ORIGINS)[number]>;

export type PullRequestState = Open<'open' | 'merged' | 'closed'>;

export interface PullRequest {
  pr_url: string;
  pr_state: PullRequestState | null;
}

/** SessionResponse. Unknown extra fields are kept as they came. */
export interface Session {
  session_id: string;
  url: string;
  status: SessionStatus;
  status_detail?: StatusDetail | null;
  title?: string | null;
  tags: string[];
  org_id: string;
  created_at: number;
  updated_at: number;
  acus_consumed: number;
  pull_requests: PullRequest[];
  user_id?: string | null;
  service_user_id?: string | null;
  playbook_id?: string | null;
  origin?: Origin | null;
  parent_session_id?: string | null;
  child_session_ids?: string[] | null;
  is_archived?: boolean;
  is_advanced?: boolean;
  structured_output?: unknown;
  category?: string | null;
  subcategory?: string | null;
  /** Not in the v3 schema; kept when a server sends it. */
  max_acu_limit?: number | null;
  [extra: string]: unknown;
}

export interface Page<T> {
  items: T[];
  end_cursor: string | null;
  has_next_page: boolean;
  total?: number | null;
}

export interface PageParams {
  /** Page size, 1..200 on session endpoints. */
  first?: number;
  after?: string;
}

export interface ListSessionsParams extends PageParams {
  session_ids?: string[];
  created_after?: number;
  created_before?: number;
  updated_after?: number;
  updated_before?: number;
  tags?: string[];
  playbook_id?: string;
  origins?: Origin[];
  schedule_id?: string;
  user_ids?: string[];
  service_user_ids?: string[];
  repo_names?: string[];
  category?: string;
  is_archived?: boolean;
}

/** Body of POST /v3/organizations/{org_id}/sessions. */
export interface CreateSessionRequest {
  prompt: string;
  title?: string | null;
  repos?: string[] | null;
  tags?: string[] | null;
  playbook_id?: string | null;
  knowledge_ids?: string[] | null;
  secret_ids?: string[] | null;
  session_secrets?: SessionSecret[] | null;
  max_acu_limit?: number | null;
  structured_output_schema?: Record<string, unknown> | null;
  structured_output_required?: boolean | null;
  attachment_urls?: string[] | null;
  session_links?: string[] | null;
  bypass_approval?: boolean | null;
  create_as_user_id?: string | null;
  child_playbook_id?: string | null;
  devin_mode?: Open<'normal' | 'fast' | 'lite'> | null;
  platform?: string | null;
  advanced_mode?: Open<'analyze' | 'create' | 'improve' | 'batch' | 'manage'> | null;
  [extra: string]: unknown;
}

export interface SessionSecret {
  key: string;
  value: string;
  sensitive?: boolean;
}

/** POST /v3/organizations/{org_id}/attachments answer. */
export interface Attachment {
  attachment_id: string;
  name: string;
  url: string;
}

export interface SendMessageRequest {
  message: string;
  attachment_urls?: string[] | null;
  message_as_user_id?: string | null;
}

export type MessageSource = Open<'devin' | 'user'>;

export interface SessionMessage {
  event_id: string;
  source: MessageSource;
  message: string;
  created_at: number;
  [extra: string]: unknown;
}

export type Self =
  | { principal_type: 'service_user'; service_user_id: string; service_user_name?: string | null; org_id: string | null; [k: string]: unknown }
  | { principal_type: 'pat_user'; user_id: string; api_key_id?: string; api_key_name?: string; org_id: string | null; [k: string]: unknown }
  | { principal_type: Open<'devin_brain' | 'windsurf_session'>; org_id?: string | null; [k: string]: unknown };

export interface Organization {
  org_id: string;
  name: string;
  created_at?: number;
  updated_at?: number;
  max_cycle_acu_limit?: number | null;
  max_session_acu_limit?: number | null;
}

export interface Playbook {
  playbook_id: string;
  title: string;
  body?: string;
  macro?: string | null;
  access_type?: Open<'enterprise' | 'org'>;
  [extra: string]: unknown;
}

export interface KnowledgeNote {
  note_id: string;
  name: string;
  body?: string;
  trigger?: string;
  is_enabled?: boolean;
  pinned_repo?: string | null;
  [extra: string]: unknown;
}

export interface Repository {
  repo_name: string;
  repo_path: string;
  repo_description?: string | null;
  repo_language?: string | null;
  [extra: string]: unknown;
}

/** One FastAPI validation entry of a 422 body. */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: unknown;
  input?: unknown;
}
