// Recovers the output of a terminal's last command when VS Code's shell-integration stream lost it.
// TerminalShellExecution.read() attaches its listener a microtask after the call, so output that
// reaches the extension host in the same message batch as the start event (a fast command on a
// fast machine: `ls /nonexistent`) never arrives; VS Code itself still has it in the terminal
// buffer. Its "Copy Last Command and Output" command is the only public way to it, and it goes
// through the clipboard: this puts the user's clipboard text back afterwards, and does nothing
// when the clipboard holds no text (it may hold an image or files that could not be put back).

export interface ClipboardLike {
  readText(): Thenable<string>;
  writeText(value: string): Thenable<void>;
}

export interface RecoverDeps {
  clipboard: ClipboardLike;
  executeCommand(id: string): Thenable<unknown>;
  /** A value the user's clipboard cannot hold by chance (tests pass a fixed one). */
  sentinel: string;
}

export const COPY_COMMAND_AND_OUTPUT = 'workbench.action.terminal.copyLastCommandAndLastCommandOutput';

/**
 * The active terminal's last command output as VS Code's terminal has it: '' when that command
 * printed nothing, undefined when it cannot be known here (the clipboard holds no text or cannot
 * be read, the command is missing, or the terminal's last command is not `commandLine`).
 */
export async function recoverLastCommandOutput(commandLine: string, deps: RecoverDeps): Promise<string | undefined> {
  const { clipboard } = deps;
  let saved: string;
  try {
    saved = await clipboard.readText();
  } catch {
    return undefined;
  }
  if (!saved) return undefined;
  let copied: string | undefined;
  try {
    await clipboard.writeText(deps.sentinel);
    await deps.executeCommand(COPY_COMMAND_AND_OUTPUT);
    copied = await clipboard.readText();
  } catch {
    copied = undefined;
  } finally {
    try {
      await clipboard.writeText(saved);
    } catch {
      // Nothing more can be done; the sentinel is harmless text.
    }
  }
  if (copied === undefined) return undefined;
  // Nothing written: VS Code has no output for its last command.
  if (copied === deps.sentinel) return '';
  // The command writes "<command line>\n<output>"; anything else is not the command we hold.
  const line = commandLine.trim();
  const normalized = copied.replace(/\r\n/g, '\n');
  if (!line || !normalized.startsWith(`${line}\n`)) return undefined;
  return normalized.slice(line.length + 1);
}
