// Fix with Devin on a failed test message (the test results' context menu, `testing/message/context`).
// VS Code calls the command with { test?: TestItem, message: TestMessage }; both are checked field
// by field (another extension can call the command with anything), and the user still picks where
// the prompt goes (deliver.ts) before anything is sent.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import { relativePathIn, secretsOf } from '../commands/create';
import { repoForUri } from '../git/git';
import { deliver } from './deliver';
import { oneLine, testFailurePrompt, TITLE_SOURCE_CHARS } from './promptBuilder';

function text(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x instanceof vscode.MarkdownString) return x.value;
  if (x && typeof x === 'object' && typeof (x as { value?: unknown }).value === 'string') return (x as { value: string }).value;
  return undefined;
}

interface TestLike {
  label?: unknown;
  id?: unknown;
  uri?: unknown;
  range?: unknown;
  parent?: unknown;
}

/** "file › suite › test": the labels from the outermost parent down (at most 10 levels). */
function testName(test: TestLike): string | undefined {
  const labels: string[] = [];
  let t: TestLike | undefined = test;
  for (let i = 0; t && i < 10; i++) {
    const label = typeof t.label === 'string' && t.label.trim() ? t.label.trim() : typeof t.id === 'string' && t.id ? t.id : undefined;
    if (label) labels.unshift(label);
    t = t.parent && typeof t.parent === 'object' ? (t.parent as TestLike) : undefined;
  }
  return labels.length ? labels.join(' › ') : undefined;
}

export async function fixFailedTest(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const o = (arg && typeof arg === 'object' ? arg : {}) as { test?: unknown; message?: unknown };
  const message = (o.message && typeof o.message === 'object' ? o.message : {}) as { message?: unknown; expectedOutput?: unknown; actualOutput?: unknown; location?: unknown };
  const test = (o.test && typeof o.test === 'object' ? o.test : {}) as TestLike;
  const body = text(message.message);
  if (!body) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Use Fix with Devin from a failed test message in the Test Results.'));
    return false;
  }
  const label = typeof test.label === 'string' && test.label.trim() ? test.label.trim() : undefined;
  const name = testName(test) ?? 'unnamed test';
  const location = message.location instanceof vscode.Location ? message.location : undefined;
  const testUri = test.uri instanceof vscode.Uri ? test.uri : undefined;
  const testRange = test.range instanceof vscode.Range ? test.range : undefined;
  const uri = testUri ?? location?.uri;
  const repo = uri ? await repoForUri(uri) : undefined;
  const rel = (u: vscode.Uri) => relativePathIn(u, repo);
  const built = testFailurePrompt(
    {
      testName: name,
      relativePath: uri ? rel(uri) : undefined,
      // The test's own line; without a test item, the line the message points at.
      line: testUri ? testRange && testRange.start.line + 1 : location && location.range.start.line + 1,
      failure: location ? { relativePath: rel(location.uri), line: location.range.start.line + 1 } : undefined,
      message: body,
      expected: typeof message.expectedOutput === 'string' ? message.expectedOutput : undefined,
      actual: typeof message.actualOutput === 'string' ? message.actualOutput : undefined,
      repo: repo?.repo,
      branch: repo?.branch,
      commit: repo?.commit,
    },
    secretsOf(ctx),
  );
  return deliver(ctx, { what: vscode.l10n.t('Fix with Devin'), slug: 'test', built, title: oneLine(`Fix failing test: ${label ?? name}`, TITLE_SOURCE_CHARS), repo: repo?.repo });
}
