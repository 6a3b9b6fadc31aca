// Names of the organizations VS Code has listed (GET /v3/enterprise/organizations), kept in
// globalState for the Sessions view's description. Only names the API gave are kept, cleaned.
import type * as vscode from 'vscode';
import type { Organization } from '../api/types';
import { cleanText } from '../sessions/model';

/** globalState key: `{ [orgId]: name }`. */
export const ORG_NAMES_KEY = 'devin.orgNames';

/** The name remembered for an organization id, if VS Code ever listed it. */
export function orgNameOf(state: vscode.Memento, orgId: string): string | undefined {
  if (!orgId) return undefined;
  const names = state.get<Record<string, unknown>>(ORG_NAMES_KEY);
  const v = names && typeof names === 'object' && Object.hasOwn(names, orgId) ? names[orgId] : undefined;
  return typeof v === 'string' && v ? v : undefined;
}

/** Remembers the names of listed organizations. */
export async function rememberOrgNames(state: vscode.Memento, orgs: readonly Organization[]): Promise<void> {
  if (!orgs.length) return;
  const prev = state.get<Record<string, unknown>>(ORG_NAMES_KEY);
  const names: Record<string, string> = {};
  if (prev && typeof prev === 'object') for (const [k, v] of Object.entries(prev)) if (typeof v === 'string') names[k] = v;
  for (const o of orgs) {
    const name = cleanText(o.name, 80);
    if (name) names[o.org_id] = name;
  }
  await state.update(ORG_NAMES_KEY, names);
}
