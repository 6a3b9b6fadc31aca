// The core's side of the delegate part (src/delegate's commands, bundled in dist/send.js with New
// Session and loaded on first use). The code actions and the terminal recorder (src/delegate/shell.ts) run in
// the activation shell from the start; the commands they offer load the part when chosen.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import type { DelegateShell } from '../delegate/shell';
import { forwardCommands, lazyPart } from './part';

/** The commands src/delegate/commands.ts registers. */
export const DELEGATE_COMMANDS = ['devin.fixWithDevin', 'devin.delegateTodo', 'devin.sendLastTerminalCommand', 'devin.fixTest', 'devin.sendChanges'] as const;

export function registerDelegatePart(ctx: CommandContext, shell: DelegateShell | undefined): vscode.Disposable[] {
  const forwarding = forwardCommands(ctx.host, DELEGATE_COMMANDS, () => part);
  const part = lazyPart(
    'delegate',
    () => {
      const mod = (require('./send.js') as typeof import('./sendBundle')).delegate;
      return mod.registerDelegateCommands({ ...ctx, host: forwarding.partHost }, shell);
    },
    ctx.log,
  );
  return [...forwarding.disposables, new vscode.Disposable(() => part.loaded?.forEach((d) => d.dispose()))];
}
