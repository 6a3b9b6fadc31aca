// Commands that hand work to Devin from where a problem shows up. Arguments from callers only say
// where to look (a document and a range or line, a terminal); the commands read the problems, the
// code and the output themselves, build the prompt with the one prompt builder, and the user picks
// where it goes (deliver.ts).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import { relativePathIn, secretsOf } from '../commands/create';
import { repoForUri, type RepoContext } from '../git/git';
import { deliver } from './deliver';
import { diagnosticPrompt, findTodo, oneLine, terminalPrompt, TITLE_SOURCE_CHARS, todoPrompt, type DiagnosticFact } from './promptBuilder';
import { sendUncommittedChanges } from './scm';
import { fixFailedTest } from './tests';
import type { DelegateShell } from './shell';
import { recoverLastCommandOutput } from './terminalOutput';

export function registerDelegateCommands(ctx: CommandContext, shell: DelegateShell | undefined): vscode.Disposable[] {
  const { host } = ctx;
  return [
    host.registerCommand('devin.fixWithDevin', (uri?: unknown, range?: unknown) => fixWithDevin(ctx, uri, range)),
    host.registerCommand('devin.delegateTodo', (uri?: unknown, line?: unknown) => delegateTodo(ctx, uri, line)),
    host.registerCommand('devin.sendLastTerminalCommand', (terminal?: unknown, command?: unknown) => sendLastTerminalCommand(ctx, shell, terminal, command)),
    host.registerCommand('devin.fixTest', (arg?: unknown) => fixFailedTest(ctx, arg)),
    host.registerCommand('devin.sendChanges', (sourceControl?: unknown) => sendUncommittedChanges(ctx, sourceControl)),
  ];
}

/** The document a command is about: a Uri argument, else the active editor's. */
async function documentFor(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return undefined;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

async function where(doc: vscode.TextDocument): Promise<{ repo?: RepoContext; relativePath: string }> {
  const repo = doc.uri.scheme === 'untitled' ? undefined : await repoForUri(doc.uri);
  return { repo, relativePath: doc.uri.scheme === 'untitled' ? doc.uri.path : relativePathIn(doc.uri, repo) };
}

function severityName(s: vscode.DiagnosticSeverity): DiagnosticFact['severity'] {
  return s === vscode.DiagnosticSeverity.Error ? 'error' : s === vscode.DiagnosticSeverity.Warning ? 'warning' : s === vscode.DiagnosticSeverity.Information ? 'information' : 'hint';
}

function diagnosticCode(code: vscode.Diagnostic['code']): string | number | undefined {
  if (code === undefined) return undefined;
  return typeof code === 'object' ? code.value : code;
}

export async function fixWithDevin(ctx: CommandContext, uriArg: unknown, rangeArg: unknown): Promise<boolean> {
  const doc = await documentFor(uriArg);
  if (!doc) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a file with a problem first.'));
    return false;
  }
  const editor = vscode.window.activeTextEditor;
  const range = rangeArg instanceof vscode.Range ? rangeArg : editor?.document === doc ? editor.selection : undefined;
  const all = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
  let problems = range ? all.filter((d) => d.range.intersection(range) !== undefined) : [];
  // From the palette with the cursor elsewhere: the problems on the cursor's line, else all errors of the file.
  if (!problems.length && range) problems = all.filter((d) => d.range.start.line <= range.start.line && d.range.end.line >= range.start.line);
  if (!problems.length && !(rangeArg instanceof vscode.Range)) problems = all.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  if (!problems.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no error or warning here for Devin to fix.'));
    return false;
  }
  problems.sort((a, b) => a.range.start.compareTo(b.range.start));
  const { repo, relativePath } = await where(doc);
  const built = diagnosticPrompt(
    {
      diagnostics: problems.map((d) => ({
        severity: severityName(d.severity),
        message: d.message,
        source: d.source,
        code: diagnosticCode(d.code),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
      })),
      relativePath,
      languageId: doc.languageId,
      docText: doc.getText(),
      firstLine: Math.min(...problems.map((d) => d.range.start.line)),
      lastLine: Math.max(...problems.map((d) => d.range.end.line)),
      repo: repo?.repo,
      branch: repo?.branch,
      commit: repo?.commit,
    },
    secretsOf(ctx),
  );
  return deliver(ctx, {
    what: vscode.l10n.t('Fix with Devin'),
    slug: 'fix',
    built,
    title: oneLine(`Fix: ${problems[0].message}`, TITLE_SOURCE_CHARS),
    repo: repo?.repo,
  });
}

type AnySymbol = vscode.DocumentSymbol | vscode.SymbolInformation;
const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

/** The innermost function, method or constructor around a line, from the language's document symbols. */
async function enclosingFunction(doc: vscode.TextDocument, line: number): Promise<{ name: string; kind: string; firstLine: number; lastLine: number } | undefined> {
  let symbols: AnySymbol[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<AnySymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  } catch {
    return undefined;
  }
  let best: { name: string; kind: vscode.SymbolKind; range: vscode.Range } | undefined;
  const visit = (list: AnySymbol[] | undefined) => {
    for (const s of list ?? []) {
      const r = 'location' in s ? s.location.range : s.range;
      if (r.start.line > line || r.end.line < line) continue;
      if (FUNCTION_KINDS.has(s.kind) && (!best || r.end.line - r.start.line <= best.range.end.line - best.range.start.line)) best = { name: s.name, kind: s.kind, range: r };
      if ('children' in s) visit(s.children);
    }
  };
  visit(symbols);
  if (!best) return undefined;
  const kind = best.kind === vscode.SymbolKind.Method ? 'method' : best.kind === vscode.SymbolKind.Constructor ? 'constructor' : 'function';
  return { name: best.name, kind, firstLine: best.range.start.line, lastLine: best.range.end.line };
}

export async function delegateTodo(ctx: CommandContext, uriArg: unknown, lineArg: unknown): Promise<boolean> {
  const doc = await documentFor(uriArg);
  const editor = vscode.window.activeTextEditor;
  const line = typeof lineArg === 'number' && Number.isInteger(lineArg) ? lineArg : editor?.document === doc ? editor?.selection.active.line : undefined;
  const todo = doc && line !== undefined && line >= 0 && line < doc.lineCount ? findTodo(doc.lineAt(line).text) : undefined;
  if (!doc || line === undefined || !todo) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a TODO, FIXME or HACK comment first.'));
    return false;
  }
  const { repo, relativePath } = await where(doc);
  const built = todoPrompt(
    {
      kind: todo.kind,
      comment: doc.lineAt(line).text,
      line: line + 1,
      relativePath,
      languageId: doc.languageId,
      docText: doc.getText(),
      symbol: await enclosingFunction(doc, line),
      repo: repo?.repo,
      branch: repo?.branch,
      commit: repo?.commit,
    },
    secretsOf(ctx),
  );
  return deliver(ctx, {
    what: vscode.l10n.t('Delegate to Devin'),
    slug: 'todo',
    built,
    title: oneLine(`${todo.kind}: ${todo.text || relativePath}`, TITLE_SOURCE_CHARS),
    repo: repo?.repo,
  });
}

export async function sendLastTerminalCommand(ctx: CommandContext, shell: DelegateShell | undefined, terminalArg: unknown, commandArg?: unknown): Promise<boolean> {
  // The failure offer hands on the command that failed (others may have run since it asked).
  const offered = shell?.terminal.recorded(commandArg);
  // From the terminal's context menu: that terminal (if it is one of ours to see); else the active one.
  const terminal = vscode.window.terminals.find((t) => t === terminalArg) ?? vscode.window.activeTerminal;
  if (!offered && !terminal) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a terminal and run a command first.'));
    return false;
  }
  const rec = offered ?? shell?.terminal.last(terminal);
  if (!rec) {
    const openSetting = vscode.l10n.t('Open Setting');
    const learn = vscode.l10n.t('Learn More');
    const hasIntegration = shell?.terminal.hasShellIntegration(terminal) ?? false;
    const msg = hasIntegration
      ? vscode.l10n.t('No command has finished in this terminal since Devin started watching it. Run the command again, then send it.')
      : vscode.l10n.t('Devin needs VS Code shell integration to read the last command. Turn on "terminal.integrated.shellIntegration.enabled", then open a new terminal with bash, zsh, fish or PowerShell and run the command again.');
    const choice = await vscode.window.showInformationMessage(msg, ...(hasIntegration ? [] : [openSetting, learn]));
    if (choice === openSetting) await vscode.commands.executeCommand('workbench.action.openSettings', 'terminal.integrated.shellIntegration.enabled');
    else if (choice === learn) await vscode.env.openExternal(vscode.Uri.parse('https://code.visualstudio.com/docs/terminal/shell-integration'));
    return false;
  }
  if (!rec.ended) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is still running. Send it when it has finished.', oneLine(rec.commandLine, 80)));
    return false;
  }
  let outputUnknown = false;
  if (!rec.outputSeen) {
    // VS Code may have lost the output on its way here (see terminalOutput.ts): ask the terminal,
    // only for its own last command and only in the active terminal (where VS Code's copy acts).
    const recovered =
      terminal && terminal === vscode.window.activeTerminal && shell?.terminal.last(terminal) === rec
        ? await recoverLastCommandOutput(rec.commandLine, { clipboard: vscode.env.clipboard, executeCommand: (id) => vscode.commands.executeCommand(id), sentinel: `devin-output-probe-${randomUUID()}` })
        : undefined;
    ctx.log.info(`Send Last Terminal Command: no output came through shell integration; ${recovered === undefined ? 'the terminal could not give it either' : `read ${recovered.length} characters from the terminal instead`}`);
    if (recovered === undefined) outputUnknown = true;
    else {
      rec.output = recovered;
      rec.outputSeen = true;
    }
  }
  let repo: RepoContext | undefined;
  let cwd = rec.cwd;
  if (rec.cwd) {
    const cwdUri = vscode.Uri.file(rec.cwd);
    repo = await repoForUri(cwdUri);
    if (repo) {
      const root = repo.rootUri.fsPath.replace(/[\\/]+$/, '');
      if (rec.cwd === root) cwd = '. (repository root)';
      else if (rec.cwd.startsWith(`${root}/`) || rec.cwd.startsWith(`${root}\\`)) cwd = rec.cwd.slice(root.length + 1);
    }
  }
  if (rec.cwd && cwd === rec.cwd) {
    // Outside a repository: relative to the workspace folder when inside one (no home paths in prompts).
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(rec.cwd));
    if (folder) {
      const root = folder.uri.fsPath.replace(/[\\/]+$/, '');
      cwd = rec.cwd === root ? '. (workspace folder)' : rec.cwd.slice(root.length + 1);
    }
  }
  if (!repo) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) repo = await repoForUri(folder.uri);
  }
  const built = terminalPrompt(
    {
      commandLine: rec.commandLine,
      exitCode: rec.exitCode,
      cwd,
      shell: rec.terminalName,
      output: rec.output,
      outputUnknown,
      repo: repo?.repo,
      branch: repo?.branch,
      commit: repo?.commit,
    },
    secretsOf(ctx),
  );
  const failed = rec.exitCode !== undefined && rec.exitCode !== 0;
  return deliver(ctx, {
    what: vscode.l10n.t('Send Last Terminal Command'),
    slug: 'terminal',
    built,
    title: oneLine(`${failed ? 'Fix failing command' : 'Terminal'}: ${rec.commandLine}`, TITLE_SOURCE_CHARS),
    repo: repo?.repo,
  });
}
