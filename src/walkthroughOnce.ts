// The Getting Started walkthrough opens by itself once: on the first activation after install,
// never again (not after a reload, an update, or on a second machine that syncs our state). VS Code
// opens walkthroughs of extensions installed from its Extensions view itself, but not of one
// installed from a VSIX or the command line before the first start, so we do it, once. It respects
// VS Code's switch for walkthroughs of newly installed extensions (machine-scoped: in a remote
// window the remote machine's settings hold it). No other imports: the activation shell calls it.
import type * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'devin.gettingStarted';
export const WALKTHROUGH_SHOWN_KEY = 'devin.walkthroughShown';

export interface WalkthroughDeps {
  globalState: Pick<vscode.Memento, 'get' | 'update'> & { setKeysForSync(keys: readonly string[]): void };
  extensionId: string;
  /** `workbench.welcomePage.walkthroughs.openOnInstall` (VS Code's default: true). */
  openOnInstall: boolean;
  executeCommand(command: string, ...args: unknown[]): PromiseLike<unknown>;
}

/** Opens the walkthrough if it never opened before; returns whether it did. */
export async function openWalkthroughOnce(d: WalkthroughDeps): Promise<boolean> {
  d.globalState.setKeysForSync([WALKTHROUGH_SHOWN_KEY]);
  if (d.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return false;
  // Remember first: whatever happens next, it is never offered by itself again.
  await d.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  if (!d.openOnInstall) return false;
  // `false`: open it beside what the user has, without taking the whole editor.
  await d.executeCommand('workbench.action.openWalkthrough', `${d.extensionId}#${WALKTHROUGH_ID}`, false);
  return true;
}
