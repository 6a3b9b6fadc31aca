import * as vscode from 'vscode';

/** Returned by a step when the user pressed the Back button. */
export const BACK = Symbol('back');
export type StepResult<T> = T | typeof BACK | undefined;

interface Common {
  title: string;
  step: number;
  totalSteps?: number;
}

/** One input box step of a wizard, with a Back button after the first step. */
export function inputStep(
  o: Common & { value?: string; prompt?: string; placeholder?: string; validate?: (v: string) => string | undefined; password?: boolean },
): Promise<StepResult<string>> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    const disposables: vscode.Disposable[] = [box];
    let done = false;
    const finish = (v: StepResult<string>) => {
      if (done) return;
      done = true;
      resolve(v);
      disposables.forEach((d) => d.dispose());
    };
    box.title = o.title;
    box.step = o.step;
    box.totalSteps = o.totalSteps;
    box.value = o.value ?? '';
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.password = !!o.password;
    box.ignoreFocusOut = true;
    box.buttons = o.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    disposables.push(
      box.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      box.onDidChangeValue((v) => {
        box.validationMessage = o.validate?.(v);
      }),
      box.onDidAccept(() => {
        const msg = o.validate?.(box.value);
        if (msg) {
          box.validationMessage = msg;
          return;
        }
        finish(box.value);
      }),
      box.onDidHide(() => finish(undefined)),
    );
    box.show();
  });
}

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** One quick pick step of a wizard (single or multiple choice). */
export function pickStep<T>(
  o: Common & { items: PickItem<T>[]; placeholder?: string; canPickMany?: boolean; selected?: PickItem<T>[]; active?: PickItem<T> },
): Promise<StepResult<T[]>> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    const disposables: vscode.Disposable[] = [qp];
    let done = false;
    const finish = (v: StepResult<T[]>) => {
      if (done) return;
      done = true;
      resolve(v);
      disposables.forEach((d) => d.dispose());
    };
    qp.title = o.title;
    qp.step = o.step;
    qp.totalSteps = o.totalSteps;
    qp.placeholder = o.placeholder;
    qp.canSelectMany = !!o.canPickMany;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    qp.items = o.items;
    if (o.selected) qp.selectedItems = o.selected;
    if (o.active) qp.activeItems = [o.active];
    qp.buttons = o.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    disposables.push(
      qp.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      qp.onDidAccept(() => {
        const chosen = o.canPickMany ? [...qp.selectedItems] : qp.activeItems.slice(0, 1);
        finish(chosen.map((c) => c.value));
      }),
      qp.onDidHide(() => finish(undefined)),
    );
    qp.show();
  });
}
