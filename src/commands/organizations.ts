// Devin: Switch Organization… (issue 16, enterprise organizations). A key of an enterprise
// service user sees several organizations (GET /v3/enterprise/organizations); the chosen one
// becomes devin.orgId (a user setting: remembered) and its name is kept in globalState for the
// Sessions view's description. An org-scoped key or a personal access token gets a 403 or 404
// there: the command explains why there is nothing to switch.
//
// Other extensions can run this command: an organization id passed as an argument is honoured
// only in Development and Test mode (e2e, demo), like Sign In's credentials; otherwise the user picks.
import * as vscode from 'vscode';
import type { DevinClient } from '../api/client';
import { DevinApiError } from '../api/errors';
import type { Organization, Page } from '../api/types';
import { config } from '../config';
import { cleanText } from '../sessions/model';
import { credentialArgsAllowed } from './auth';
import { ensureSignedIn, showError, type CommandContext } from './common';
import { ORG_ID_PATTERN } from '../api/client';
import { orgNameOf, rememberOrgNames } from './orgNames';

/** At most this many pages of organizations are read (200 each). */
const MAX_PAGES = 25;

/** Every organization the key can see, page by page; stops on a repeated cursor or after MAX_PAGES. */
export async function listAllOrganizations(fetchPage: (after: string | undefined) => Promise<Page<Organization>>): Promise<Organization[]> {
  const out: Organization[] = [];
  const seenIds = new Set<string>();
  const seenCursors = new Set<string>();
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetchPage(after);
    for (const o of page.items) {
      if (typeof o?.org_id !== 'string' || !ORG_ID_PATTERN.test(o.org_id) || seenIds.has(o.org_id)) continue;
      seenIds.add(o.org_id);
      out.push(o);
    }
    const next = page.end_cursor;
    if (!page.has_next_page || !next || seenCursors.has(next)) break;
    seenCursors.add(next);
    after = next;
  }
  return out;
}

function requestedOrg(ctx: CommandContext, arg: unknown): string | undefined {
  const raw = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { orgId?: unknown }).orgId === 'string' ? (arg as { orgId: string }).orgId : undefined;
  if (raw === undefined) return undefined;
  if (!credentialArgsAllowed(ctx.extension.extensionMode)) {
    ctx.log.warn('Devin: Switch Organization ignored an organization id passed as a command argument (honoured only in development and test mode); asking the user instead.');
    return undefined;
  }
  return raw.trim();
}

/** Why a key that cannot list organizations has nothing to switch, with a way forward. */
async function explainNothingToSwitch(current: string): Promise<void> {
  const signIn = vscode.l10n.t('Sign In with Another Key');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('There is no other organization to switch to.'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'This API key works in one organization ({0}): an organization service user key or a personal access token acts in its own organization only. To switch between organizations, sign in with a key of an enterprise service user (Enterprise settings → Service users) that has the ManageOrganizations permission.',
        current || '—',
      ),
    },
    signIn,
  );
  if (choice === signIn) await vscode.commands.executeCommand('devin.signIn');
}

export async function switchOrganization(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const requested = requestedOrg(ctx, arg);
  if (!(await ensureSignedIn(ctx))) return false;
  const current = config.orgId();
  let orgs: Organization[];
  try {
    const api: DevinClient = ctx.store.requireApi();
    orgs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing your Devin organizations…') },
      () => listAllOrganizations((after) => api.listOrganizations({ first: 200, ...(after ? { after } : {}) })),
    );
  } catch (e) {
    // 403: not an enterprise key (or no ManageOrganizations); 404: a deployment without the route.
    if (e instanceof DevinApiError && (e.kind === 'forbidden' || e.kind === 'not_found')) {
      ctx.log.info(`Switch Organization: the key cannot list organizations (${e.kind}).`);
      await explainNothingToSwitch(current);
      return false;
    }
    await showError(ctx, e, { retry: () => switchOrganization(ctx) });
    return false;
  }
  await rememberOrgNames(ctx.extension.globalState, orgs);
  if (orgs.length === 0 || (orgs.length === 1 && orgs[0].org_id === current)) {
    await explainNothingToSwitch(current);
    return false;
  }
  let target: Organization | undefined;
  if (requested !== undefined) {
    target = orgs.find((o) => o.org_id === requested);
    if (!target) {
      void vscode.window.showErrorMessage(vscode.l10n.t('This API key cannot see the organization {0}.', cleanText(requested, 60)));
      return false;
    }
  } else {
    const currentLabel = vscode.l10n.t('current');
    const pick = await vscode.window.showQuickPick(
      orgs.map((o) => ({
        label: `${o.org_id === current ? '$(check) ' : ''}${cleanText(o.name, 80) || o.org_id}`,
        description: o.org_id === current ? `${o.org_id} · ${currentLabel}` : o.org_id,
        org: o,
      })),
      { title: vscode.l10n.t('Switch Devin Organization'), placeHolder: vscode.l10n.t('Sessions, new sessions and links use the organization you choose') },
    );
    target = pick?.org;
  }
  if (!target) return false;
  if (target.org_id === current) return true;
  await config.setOrgId(target.org_id);
  ctx.view.setOrganization(orgNameOf(ctx.extension.globalState, target.org_id) ?? target.org_id);
  ctx.log.info(`Switched to organization ${target.org_id}.`);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Devin organization: {0}', cleanText(target.name, 80) || target.org_id), 5000);
  return true;
}

export function registerOrganizationCommands(ctx: CommandContext): vscode.Disposable[] {
  return [ctx.host.registerCommand('devin.switchOrganization', (arg?: unknown) => switchOrganization(ctx, arg))];
}
