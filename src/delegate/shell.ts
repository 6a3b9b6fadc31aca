// The part of "hand work to Devin" that must run from startup, in the activation shell's bundle:
// the code actions (a lightbulb cannot wait for the core to load) and the terminal recorder
// (a command's output can only be read from the moment it starts). Both are cheap: the provider
// looks at the diagnostics VS Code hands it and at most 20 lines; the recorder keeps a bounded
// tail of the last command per terminal. Named vscode imports only (see src/extension.ts).
import type * as vscode from 'vscode';
import { CodeAction, CodeActionKind, commands, DiagnosticSeverity, Disposable, l10n, languages, window, workspace } from 'vscode';
import { findTodo } from './todo';

/** What the recorder keeps of the last command run in a terminal. */
export interface RecordedCommand {
  commandLine: string;
  /** Low confidence: VS Code guessed the command line (no rich shell integration). */
  guessed: boolean;
  cwd?: string;
  /** Undefined while running, or when the shell did not report it. */
  exitCode?: number;
  ended: boolean;
  /** Raw output with escape sequences, at most OUTPUT_KEEP_CHARS (the tail). */
  output: string;
  outputCut: boolean;
  /**
   * Whether read() handed over any output. VS Code loses a fast command's output when it arrives
   * in the same message batch as the start event (the stream's listener is attached a microtask
   * after read()), so a finished command with no output seen may have printed something.
   */
  outputSeen: boolean;
  terminalName: string;
  startedAt: number;
}

export interface TerminalRecorder {
  /** The last command of this terminal (default: the active one). */
  last(terminal?: vscode.Terminal): RecordedCommand | undefined;
  /** Whether VS Code has shell integration for this terminal. */
  hasShellIntegration(terminal?: vscode.Terminal): boolean;
  /**
   * `value` when it is a command this recorder recorded (the failure offer hands on the command
   * that failed, as later ones may have run since), else undefined: no other caller can hand in a
   * command line of its own.
   */
  recorded(value: unknown): RecordedCommand | undefined;
}

/** What the shell hands the core (through activateCore). */
export interface DelegateShell {
  terminal: TerminalRecorder;
}

/** Raw output kept per terminal (the prompt builder bounds it further after removing escapes). */
export const OUTPUT_KEEP_CHARS = 64 * 1024;
/** Lines a code action provider looks at for TODO comments. */
const TODO_SCAN_LINES = 20;
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }, { scheme: 'vscode-notebook-cell' }];

export class DelegateCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    const problems = context.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
    if (problems.length) {
      const title = l10n.t('Fix with Devin');
      const fix = new CodeAction(title, CodeActionKind.QuickFix);
      fix.diagnostics = problems;
      // Only where to look: the command reads the problems and the code itself.
      fix.command = { command: 'devin.fixWithDevin', title, arguments: [document.uri, range] };
      actions.push(fix);
    }
    const last = Math.min(range.end.line, range.start.line + TODO_SCAN_LINES - 1, document.lineCount - 1);
    for (let line = range.start.line; line <= last; line++) {
      if (findTodo(document.lineAt(line).text)) {
        const title = l10n.t('Delegate to Devin');
        const todo = new CodeAction(title, CodeActionKind.QuickFix);
        todo.command = { command: 'devin.delegateTodo', title, arguments: [document.uri, line] };
        actions.push(todo);
        break;
      }
    }
    return actions;
  }
}

/** Registers the code actions and starts the terminal recorder; everything goes into `subscriptions`. */
export function startDelegateShell(subscriptions: { push(...d: vscode.Disposable[]): unknown }): DelegateShell {
  subscriptions.push(languages.registerCodeActionsProvider(SELECTOR, new DelegateCodeActions(), { providedCodeActionKinds: DelegateCodeActions.kinds }));
  const records = new Map<vscode.Terminal, RecordedCommand>();
  const byExecution = new Map<vscode.TerminalShellExecution, RecordedCommand>();
  const ours = new WeakSet<RecordedCommand>();
  // The shell-integration events exist since VS Code 1.93; guard anyway (other hosts, older builds).
  if (typeof window.onDidStartTerminalShellExecution === 'function') {
    subscriptions.push(
      window.onDidStartTerminalShellExecution((e) => {
        const rec: RecordedCommand = {
          commandLine: e.execution.commandLine.value,
          guessed: e.execution.commandLine.confidence !== 2 /* TerminalShellExecutionCommandLineConfidence.High */,
          cwd: e.execution.cwd?.fsPath,
          ended: false,
          output: '',
          outputCut: false,
          outputSeen: false,
          terminalName: e.terminal.name,
          startedAt: Date.now(),
        };
        records.set(e.terminal, rec);
        byExecution.set(e.execution, rec);
        ours.add(rec);
        void (async () => {
          try {
            for await (const chunk of e.execution.read()) {
              rec.outputSeen = true;
              rec.output += chunk;
              if (rec.output.length > OUTPUT_KEEP_CHARS * 2) {
                rec.output = rec.output.slice(-OUTPUT_KEEP_CHARS);
                rec.outputCut = true;
              }
            }
          } catch {
            // The terminal went away while reading: keep what arrived.
          }
          if (rec.output.length > OUTPUT_KEEP_CHARS) {
            rec.output = rec.output.slice(-OUTPUT_KEEP_CHARS);
            rec.outputCut = true;
          }
        })();
      }),
      window.onDidEndTerminalShellExecution((e) => {
        const rec = byExecution.get(e.execution);
        byExecution.delete(e.execution);
        if (!rec) return;
        rec.ended = true;
        rec.exitCode = e.exitCode;
        // A better command line may be known at the end.
        if (e.execution.commandLine.value) rec.commandLine = e.execution.commandLine.value;
        if (e.exitCode !== undefined && e.exitCode !== 0 && workspace.getConfiguration('devin').get<boolean>('terminal.offerOnFailure', false)) {
          const send = l10n.t('Send to Devin');
          void window.showInformationMessage(l10n.t('"{0}" failed (exit code {1}).', rec.commandLine.slice(0, 80), e.exitCode), send).then((c) => {
            // This command, not the terminal's last one: the user may have run others before answering.
            if (c === send) void commands.executeCommand('devin.sendLastTerminalCommand', e.terminal, rec);
          });
        }
      }),
      window.onDidCloseTerminal((t) => records.delete(t)),
    );
  }
  subscriptions.push(new Disposable(() => records.clear()));
  return {
    terminal: {
      last: (terminal) => {
        const t = terminal ?? window.activeTerminal;
        return t ? records.get(t) : undefined;
      },
      hasShellIntegration: (terminal) => !!(terminal ?? window.activeTerminal)?.shellIntegration,
      recorded: (value) => (typeof value === 'object' && value !== null && ours.has(value as RecordedCommand) ? (value as RecordedCommand) : undefined),
    },
  };
}
