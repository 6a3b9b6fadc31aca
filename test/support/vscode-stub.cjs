'use strict';
// A minimal stand-in for the `vscode` module, enough for src/views/sessionsTree.ts and
// src/views/sessionsView.ts and src/views/notifications.ts outside VS Code (benches and unit tests).
// `stub.recorded` keeps what reached the "workbench": tree views (with every assignment to
// message/description/badge), setContext calls and notifications (show*Message; none is clicked).
// Requiring this file installs it: `require('vscode')` then returns the stub (Module._load patch).
const Module = require('node:module');

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d?.dispose?.()));
  }
  dispose() {
    const f = this._fn;
    this._fn = undefined;
    if (f) f();
  }
}

class EventEmitter {
  constructor() {
    this._listeners = new Set();
    this.event = (l) => {
      this._listeners.add(l);
      return new Disposable(() => this._listeners.delete(l));
    };
  }
  fire(e) {
    for (const l of [...this._listeners]) l(e);
  }
  dispose() {
    this._listeners.clear();
  }
}

const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 };

class TreeItem {
  constructor(labelOrUri, collapsibleState = TreeItemCollapsibleState.None) {
    this.label = labelOrUri;
    this.collapsibleState = collapsibleState;
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

class ThemeIcon {
  constructor(id, color) {
    this.id = id;
    this.color = color;
  }
}
ThemeIcon.File = new ThemeIcon('file');
ThemeIcon.Folder = new ThemeIcon('folder');

class MarkdownString {
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
    this.isTrusted = false;
    this.supportHtml = false;
  }
  appendText(v) {
    this.value += String(v).replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
  appendMarkdown(v) {
    this.value += v;
    return this;
  }
  appendCodeblock(code, lang = '') {
    this.value += `\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
    return this;
  }
}

/** vscode.l10n.t: "{0}" placeholders, like VS Code without a bundle. */
function t(message, ...args) {
  if (typeof message === 'object' && message) message = message.message;
  const values = args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? args[0] : args;
  return String(message).replace(/\{(\w+)\}/g, (m, k) => (values[k] !== undefined ? String(values[k]) : m));
}

const recorded = { treeViews: [], contextCalls: [], messages: [], ui: [], commands: [], fileSystems: [] };

/**
 * What the "user" answers, per kind of prompt: `stub.answers.showInputBox = (options) => value`
 * and so on (default: dismissed, undefined). Every prompt is recorded in `recorded.ui` as
 * [kind, text or options, …]. Tests reset both with `stub.resetUi()`.
 */
const answers = {};
function prompt(kind) {
  return (...args) => {
    recorded.ui.push([kind, ...args]);
    const answer = answers[kind];
    return Promise.resolve(typeof answer === 'function' ? answer(...args) : undefined);
  };
}

/** `devin.*` settings the stub's configuration returns (key without the section). */
const settings = {};

/**
 * window.show{Information,Warning,Error}Message: recorded in `recorded.messages` (severity, text,
 * string items) and in `recorded.ui`; the answer is `answers[kind]` (default: dismissed).
 */
const showMessage = (severity, kind) => {
  const ask = prompt(kind);
  return (text, ...items) => {
    recorded.messages.push({ severity, text, items: items.filter((i) => typeof i === 'string') });
    return ask(text, ...items);
  };
};

/** A tree view that records each assignment, as each one is a message to the workbench. */
function createTreeView(id, options) {
  const visibility = new EventEmitter();
  const view = {
    id,
    options,
    visible: false,
    assignments: [],
    onDidChangeVisibility: visibility.event,
    expandEmitter: new EventEmitter(),
    collapseEmitter: new EventEmitter(),
    dispose() {},
  };
  view.onDidExpandElement = view.expandEmitter.event;
  view.onDidCollapseElement = view.collapseEmitter.event;
  for (const key of ['message', 'description', 'badge', 'title']) {
    let value;
    Object.defineProperty(view, key, {
      get: () => value,
      set: (v) => {
        value = v;
        view.assignments.push([key, v]);
      },
    });
  }
  recorded.treeViews.push(view);
  return view;
}

/** Enough of vscode.Uri for code that builds and compares URIs. */
class Uri {
  constructor(scheme, path) {
    this.scheme = scheme;
    this.path = path;
  }
  static from({ scheme, path = '' }) {
    return new Uri(scheme, path);
  }
  toString() {
    return `${this.scheme}:${this.path}`;
  }
}

class FileSystemError extends Error {
  static FileNotFound(what) {
    return Object.assign(new FileSystemError(`not found: ${what}`), { code: 'FileNotFound' });
  }
  static NoPermissions(what) {
    return Object.assign(new FileSystemError(`no permissions: ${what}`), { code: 'NoPermissions' });
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(startLine, startCharacter, endLine, endCharacter) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

/** Offset of a position in text (lines past the end: the end). */
function offsetAt(text, pos) {
  const lines = text.split('\n');
  if (pos.line >= lines.length) return text.length;
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
  return off + Math.min(pos.character, lines[pos.line].length);
}

/**
 * A text document of the stub: `text` is its content; `isDirty` as for VS Code's untitled documents
 * named like a file (dirty with content, still dirty when emptied) and files (clean until edited).
 * Tests create them with `stub.openDocument(uri, text)`.
 */
class TextDocument {
  constructor(uri, text = '') {
    this.uri = uri;
    this.text = text;
    this.languageId = 'plaintext';
    this.isDirty = uri.scheme === 'untitled' ? text.length > 0 : false;
    this.savedText = uri.scheme === 'untitled' ? '' : text;
    this.saved = 0;
  }
  getText() {
    return this.text;
  }
  get lineCount() {
    return this.text.split('\n').length;
  }
  lineAt(line) {
    const l = this.text.split('\n')[line] ?? '';
    return { text: l, range: new Range(line, 0, line, l.length) };
  }
  save() {
    this.saved++;
    this.isDirty = false;
    return Promise.resolve(true);
  }
  replace(range, value) {
    const a = offsetAt(this.text, range.start);
    const b = offsetAt(this.text, range.end);
    this.text = this.text.slice(0, a) + value + this.text.slice(b);
    this.isDirty = true;
  }
}

class WorkspaceEdit {
  constructor() {
    this.edits = [];
  }
  delete(uri, range) {
    this.edits.push({ uri, range, text: '' });
  }
  replace(uri, range, text) {
    this.edits.push({ uri, range, text });
  }
  insert(uri, pos, text) {
    this.edits.push({ uri, range: { start: pos, end: pos }, text });
  }
}

/** A webview tab's input (vscode.TabInputWebview): VS Code prefixes an extension's view type (`mainThreadWebview-…`). */
class TabInputWebview {
  constructor(viewType) {
    this.viewType = viewType;
  }
}

class TabInputText {
  constructor(uri) {
    this.uri = uri;
  }
}

const findDocument = (uri) => stub.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d instanceof TextDocument);

const stub = {
  recorded,
  /** Opens a document in a tab of the first group and makes its editor the active one. */
  openDocument(uri, text = '') {
    const doc = findDocument(uri) ?? new TextDocument(uri, text);
    if (!stub.workspace.textDocuments.includes(doc)) stub.workspace.textDocuments.push(doc);
    return stub.showDocument(doc);
  },
  showDocument(doc) {
    const group = stub.window.tabGroups.all[0];
    if (!stub.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input.uri.toString() === doc.uri.toString()))) group.tabs.push({ input: new TabInputText(doc.uri), label: doc.uri.path, group });
    const editor = {
      document: doc,
      selection: undefined,
      edit: (fn) => {
        fn({ replace: (range, text) => doc.replace(range, text), delete: (range) => doc.replace(range, ''), insert: (pos, text) => doc.replace({ start: pos, end: pos }, text) });
        return Promise.resolve(true);
      },
    };
    stub.window.activeTextEditor = editor;
    stub.window.visibleTextEditors = [editor];
    return editor;
  },
  answers,
  settings,
  resetUi() {
    recorded.ui.length = 0;
    recorded.commands.length = 0;
    for (const k of Object.keys(answers)) delete answers[k];
    for (const k of Object.keys(settings)) delete settings[k];
    stub.window.tabGroups.all = [{ tabs: [], viewColumn: 1 }];
    stub.window.activeTextEditor = undefined;
    stub.window.visibleTextEditors = [];
    for (let i = stub.workspace.textDocuments.length - 1; i >= 0; i--) if (stub.workspace.textDocuments[i] instanceof TextDocument) stub.workspace.textDocuments.splice(i, 1);
  },
  window: {
    createTreeView,
    showInputBox: prompt('showInputBox'),
    showQuickPick: prompt('showQuickPick'),
    showInformationMessage: showMessage('info', 'showInformationMessage'),
    showWarningMessage: showMessage('warning', 'showWarningMessage'),
    showErrorMessage: showMessage('error', 'showErrorMessage'),
    setStatusBarMessage: (text) => {
      recorded.ui.push(['setStatusBarMessage', text]);
      return new Disposable(() => {});
    },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    /** Tab groups: `all[0].tabs` holds the tabs of documents opened with stub.openDocument. Closing is recorded. */
    tabGroups: {
      all: [{ tabs: [], viewColumn: 1 }],
      close: (tabs) => {
        const list = Array.isArray(tabs) ? tabs : [tabs];
        recorded.ui.push(['closeTabs', list.map((t) => t.input.uri.toString())]);
        for (const g of stub.window.tabGroups.all) g.tabs = g.tabs.filter((t) => !list.includes(t));
        return Promise.resolve(true);
      },
    },
    showTextDocument: (doc) => Promise.resolve(stub.showDocument(doc)),
    withProgress: (_options, task) => Promise.resolve(task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => {}) })),
  },
  commands: {
    executeCommand: (id, ...args) => {
      if (id === 'workbench.action.revertAndCloseActiveEditor' && stub.window.activeTextEditor) {
        // As VS Code does: the active editor's document loses its changes and its tab closes.
        const doc = stub.window.activeTextEditor.document;
        doc.text = doc.savedText;
        doc.isDirty = false;
        for (const g of stub.window.tabGroups.all) g.tabs = g.tabs.filter((t) => t.input.uri.toString() !== doc.uri.toString());
        stub.window.activeTextEditor = undefined;
      }
      if (id === 'setContext') recorded.contextCalls.push(args);
      else recorded.commands.push([id, ...args]);
      return Promise.resolve(undefined);
    },
  },
  workspace: {
    getConfiguration: (section) => ({
      get: (key, dflt) => {
        const full = section ? `${section}.${key}` : key;
        return Object.hasOwn(settings, full) ? settings[full] : dflt;
      },
      update: (key, value) => {
        settings[section ? `${section}.${key}` : key] = value;
        return Promise.resolve();
      },
    }),
    onDidChangeConfiguration: () => new Disposable(() => {}),
    /** Open documents (tests push { uri, isDirty }). */
    textDocuments: [],
    registerFileSystemProvider: (scheme, provider) => {
      recorded.fileSystems.push({ scheme, provider });
      return new Disposable(() => recorded.fileSystems.splice(recorded.fileSystems.findIndex((f) => f.provider === provider), 1));
    },
    onDidChangeTextDocument: () => new Disposable(() => {}),
    openTextDocument: (uri) => {
      let doc = findDocument(uri);
      if (!doc) stub.workspace.textDocuments.push((doc = new TextDocument(uri)));
      return Promise.resolve(doc);
    },
    applyEdit: (edit) => {
      for (const e of edit.edits) {
        const doc = findDocument(e.uri);
        if (!doc) return Promise.resolve(false);
        doc.replace(e.range, e.text);
      }
      recorded.ui.push(['applyEdit', edit.edits.map((e) => e.uri.toString())]);
      return Promise.resolve(true);
    },
  },
  languages: {
    setTextDocumentLanguage: (doc, id) => {
      doc.languageId = id;
      return Promise.resolve(doc);
    },
  },
  Position,
  Range,
  WorkspaceEdit,
  TabInputText,
  TabInputWebview,
  TextDocument,
  Uri,
  FileSystemError,
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  FileChangeType: { Changed: 1, Created: 2, Deleted: 3 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  Disposable,
  EventEmitter,
  TreeItem,
  TreeItemCollapsibleState,
  ThemeColor,
  ThemeIcon,
  MarkdownString,
  l10n: { t, bundle: undefined, uri: undefined },
  version: '1.95.0-bench',
};

const originalLoad = Module._load;
if (!Module._load.__vscodeStub) {
  const patched = function (request, parent, isMain) {
    if (request === 'vscode') return stub;
    return originalLoad.call(this, request, parent, isMain);
  };
  patched.__vscodeStub = true;
  Module._load = patched;
}

module.exports = stub;
