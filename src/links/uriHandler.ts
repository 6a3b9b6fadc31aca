import * as vscode from 'vscode';
import { LINK_COMMAND } from '../ids';
import { isSessionId } from '../sessions/sessionId';
import { parseLink, sessionLink, type LinkProblem } from './uri';
import { resolveSession, type CommandContext } from '../commands/common';

function problemText(problem: LinkProblem, detail?: string): string {
  switch (problem) {
    case 'unknownPath':
      return vscode.l10n.t('This link does not point to a Devin session or to New Session.');
    case 'badSessionId':
      return vscode.l10n.t('This link does not hold a valid Devin session ID.');
    case 'controlChars':
      return vscode.l10n.t('This link contains control or text-direction characters.');
    case 'doubleEncoded':
      return vscode.l10n.t('This link is encoded twice.');
    case 'unknownParam':
      return detail ? vscode.l10n.t('This link has a parameter Devin does not accept: {0}.', detail) : vscode.l10n.t('This link has a parameter Devin does not accept.');
    case 'repeatedParam':
      return vscode.l10n.t('This link gives the parameter {0} more than once.', detail ?? '');
    case 'badRepo':
      return vscode.l10n.t('The repository in this link is not of the form owner/name.');
    case 'promptTooLong':
    case 'tooLong':
      return vscode.l10n.t('This link is too long.');
  }
}

/**
 * What a `vscode://devin-community.devin-vscode/…` link does. The shell's URI handler forwards
 * here (through an internal command, so the core loads on first use). Refused links show why
 * and do nothing else; accepted ones open details, or New Session prefilled (never sent).
 */
export async function handleLink(ctx: CommandContext, path: string, query: string): Promise<void> {
  const r = parseLink(path, query);
  if (!r.ok) {
    ctx.log.warn(`Refused a link (${r.problem}).`);
    void vscode.window.showWarningMessage(vscode.l10n.t('Devin did not open the link. {0}', problemText(r.problem, r.detail)));
    return;
  }
  if (r.kind === 'session') {
    await vscode.commands.executeCommand('devin.openSession', r.sessionId);
    return;
  }
  await vscode.commands.executeCommand('devin.newSession', { prompt: r.prompt, repo: r.repo });
}

export function registerLinkCommands(ctx: CommandContext): vscode.Disposable[] {
  const { host } = ctx;
  return [
    host.registerCommand(LINK_COMMAND, (path: unknown, query: unknown) => {
      if (typeof path !== 'string' || typeof query !== 'string') return undefined;
      return handleLink(ctx, path, query);
    }),
    host.registerCommand('devin.copySessionLink', async (arg: unknown) => {
      const s = await resolveSession(ctx, arg);
      if (!s || !isSessionId(s.session_id)) return;
      const local = vscode.Uri.parse(sessionLink(vscode.env.uriScheme, ctx.extension.extension.id, s.session_id), true);
      // In code-server and other web hosts this becomes the https address that reaches this window.
      const external = await vscode.env.asExternalUri(local);
      await vscode.env.clipboard.writeText(external.toString());
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the VS Code link to the session.'), 3000);
    }),
  ];
}
