// The core's side of the New Session part (src/commands/create.ts: the wizard, Send Selection /
// File, the draft document's Send; bundled in dist/send.js with Delegate's commands and loaded on first use).
import type * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import { forwardCommands, lazyPart, type Part } from './part';

/** The commands src/commands/create.ts registers. */
export const CREATE_COMMANDS = ['devin.newSession', 'devin.sendSelection', 'devin.sendFile', 'devin.sendDraft'] as const;

/** The module itself (also for the core's own uses of it, e.g. the prompt editor of Send Message). */
export const createModule = lazyPart(
  'create',
  // The bundle beside dist/core.js; run from source (unit tests), the module itself.
  (): typeof import('./sendBundle').create => (process.env.DEVIN_BUNDLED ? (require('./send.js') as typeof import('./sendBundle')).create : (require('../commands/create') as typeof import('../commands/create'))),
);

export function registerCreatePart(ctx: CommandContext): vscode.Disposable[] {
  const forwarding = forwardCommands(ctx.host, CREATE_COMMANDS, () => part);
  let registered: vscode.Disposable[] | undefined;
  // createModule shows a failed load; this only registers the commands once it has loaded.
  const part: Part<vscode.Disposable[]> = {
    get: () => (registered ??= createModule.get().registerCreateCommands({ ...ctx, host: forwarding.partHost })),
    get loaded() {
      return registered;
    },
  };
  return [...forwarding.disposables, { dispose: () => part.loaded?.forEach((d) => d.dispose()) }];
}
