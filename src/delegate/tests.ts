// Fix with Devin on a failed test message (the test results' context menu, `testing/message/context`).
// VS Code calls the command with { test?: TestItem, message: TestMessage }; both are checked field
// by field, and the user still picks where the prompt goes (deliver.ts) before anything is sent.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import { relativePathIn, secretsOf } from '../commands/create';
import { repoForUri } from '../git/git';
import { deliver } from './deliver';
import { oneLine, testFailurePrompt } from './promptBuilder';

function text(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x instanceof vscode.MarkdownString) return x.value;
  if (x && typeof x === 'object' && typeof (x as { value?: unknown }).value === 'string') return (x as { value: string }).value;
  return undefined;
}

export async function fixFailedTest(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const o = (arg && typeof arg === 'object' ? arg : {}) as { test?: unknown; message?: unknown };
  const message = (o.message && typeof o.message === 'object' ? o.message : {}) as { message?: unknown; expectedOutput?: unknown; actualOutput?: unknown; location?: unknown };
  const test = (o.test && typeof o.test === 'object' ? o.test : {}) as { label?: unknown; id?: unknown; uri?: unknown; range?: unknown };
  const body = text(message.message);
  if (!body) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Use Fix with Devin from a failed test message in the Test Results.'));
    return false;
  }
  const name = typeof test.label === 'string' ? test.label : typeof test.id === 'string' ? test.id : 'unnamed test';
  const location = message.location instanceof vscode.Location ? message.location : undefined;
  const uri = test.uri instanceof vscode.Uri ? test.uri : location?.uri;
  const range = test.range instanceof vscode.Range ? test.range : location?.range;
  const repo = uri ? await repoForUri(uri) : undefined;
  let languageId: string | undefined;
  if (uri) languageId = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId;
  const built = testFailurePrompt(
    {
      testName: name,
      relativePath: uri ? relativePathIn(uri, repo) : undefined,
      line: range ? range.start.line + 1 : undefined,
      message: body,
      expected: typeof message.expectedOutput === 'string' ? message.expectedOutput : undefined,
      actual: typeof message.actualOutput === 'string' ? message.actualOutput : undefined,
      languageId,
      repo: repo?.repo,
      branch: repo?.branch,
      commit: repo?.commit,
    },
    secretsOf(ctx),
  );
  return deliver(ctx, { what: vscode.l10n.t('Fix with Devin'), slug: 'test', built, title: oneLine(`Fix failing test: ${name}`, 80), repo: repo?.repo });
}
