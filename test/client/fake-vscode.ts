/**
 * A FAKE of the small part of the `vscode` API that client/src/extension.ts uses — not VS Code. No VS Code can run
 * here, so extension.test.ts replaces the `vscode` module with this one (and vscode-languageclient with
 * FakeLanguageClient) through vi.mock, and looks at what the extension asked of them.
 */
import { posix } from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>): { dispose(): void } => {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  /** Keeps the text it was made from: enough for the links the tests open. */
  static parse(s: string): Uri {
    const u = new Uri(s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1));
    u.text = s;
    return u;
  }
  private text: string | undefined;
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...parts), base.query);
  }
  static from(c: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '');
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    if (this.text !== undefined) return this.text;
    return `${this.scheme}:${this.scheme === 'file' ? '//' : ''}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
  contains(p: Position): boolean {
    const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character);
    return after(p, this.start) && after(this.end, p);
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  isTrusted: boolean | { readonly enabledCommands: readonly string[] } | undefined;
  constructor(
    readonly value = '',
    readonly supportThemeIcons = false,
  ) {}
}

export class Hover {
  constructor(
    readonly contents: Array<MarkdownString | string>,
    readonly range?: Range,
  ) {}
}

export interface FakeDocument {
  uri: Uri;
  languageId: string;
  lineCount: number;
  getText(): string;
  lineAt(line: number): { range: Range };
}

export function document(path: string, text: string, languageId = 'dockerfile'): FakeDocument {
  const lines = text.split('\n');
  return {
    uri: Uri.file(path),
    languageId,
    lineCount: lines.length,
    getText: () => text,
    lineAt: (line) => ({ range: new Range(new Position(line, 0), new Position(line, (lines[line] ?? '').length)) }),
  };
}

export interface FakeStatusBarItem {
  text: string;
  tooltip: string | undefined;
  name: string | undefined;
  command: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

/** Everything the extension did to the fake, for the tests to look at; reset() before each test. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  settingsRead: [] as string[],
  settings: new Map<string, unknown>(),
  statusItems: [] as FakeStatusBarItem[],
  opened: [] as { uri: string; text: string; language: string | undefined }[],
  external: [] as string[],
  applied: [] as unknown[],
  messages: [] as string[],
  contentProviders: new Map<string, { provideTextDocumentContent(uri: Uri): string | Promise<string> }>(),
  /** Commands the extension ran (executeCommand), with their arguments. */
  executed: [] as { command: string; args: unknown[] }[],
  /** Commands that fail when run, as when the extension that provides them is missing. */
  missingCommands: new Set<string>(),
  configListeners: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  activeEditor: undefined as { document: FakeDocument; selection: { active: Position } } | undefined,
  diagnostics: [] as unknown[],
};

export function reset(): void {
  recorded.commands.clear();
  recorded.settingsRead.length = 0;
  recorded.settings.clear();
  recorded.statusItems.length = 0;
  recorded.opened.length = 0;
  recorded.external.length = 0;
  recorded.applied.length = 0;
  recorded.messages.length = 0;
  recorded.contentProviders.clear();
  recorded.executed.length = 0;
  recorded.missingCommands.clear();
  recorded.configListeners = new EventEmitter();
  recorded.activeEditor = undefined;
  recorded.diagnostics = [];
}

const disposable = { dispose(): void {} };

/** The glob shapes the extension uses: a leading double-star folder, and single stars. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^(?:.*/)?${body}$`);
}

/** Selector matching as VS Code does it, for the selector shapes the extension uses. */
function match(selector: readonly { language?: string; scheme?: string; pattern?: string }[], doc: FakeDocument): number {
  return selector.some((s) => {
    if (s.scheme && s.scheme !== doc.uri.scheme) return false;
    if (s.language && s.language !== doc.languageId) return false;
    if (s.pattern && !globToRegExp(s.pattern).test(doc.uri.path)) return false;
    return true;
  })
    ? 10
    : 0;
}

export const vscode = {
  EventEmitter,
  Uri,
  Position,
  Range,
  ThemeColor,
  MarkdownString,
  Hover,
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2 },
  workspace: {
    getConfiguration: () => ({
      get: <T>(key: string, fallback?: T): T | undefined => {
        recorded.settingsRead.push(key);
        return (recorded.settings.get(key) as T | undefined) ?? fallback;
      },
    }),
    onDidChangeConfiguration: (l: Listener<{ affectsConfiguration(section: string): boolean }>) => recorded.configListeners.event(l),
    registerTextDocumentContentProvider: (scheme: string, provider: { provideTextDocumentContent(uri: Uri): string | Promise<string> }) => {
      recorded.contentProviders.set(scheme, provider);
      return disposable;
    },
    openTextDocument: async (uri: Uri) => {
      const provider = recorded.contentProviders.get(uri.scheme);
      return { uri, text: (await provider?.provideTextDocumentContent(uri)) ?? '' };
    },
    applyEdit: async (edit: unknown) => {
      recorded.applied.push(edit);
      return true;
    },
  },
  window: {
    get activeTextEditor() {
      return recorded.activeEditor;
    },
    createOutputChannel: (name: string) => ({ name, show() {}, error() {}, info() {}, appendLine() {}, dispose() {} }),
    createStatusBarItem: () => {
      const item: FakeStatusBarItem = {
        text: '',
        tooltip: undefined,
        name: undefined,
        command: undefined,
        backgroundColor: undefined,
        visible: false,
        show: () => void (item.visible = true),
        hide: () => void (item.visible = false),
        dispose: () => {},
      };
      recorded.statusItems.push(item);
      return item;
    },
    onDidChangeActiveTextEditor: () => disposable,
    showInformationMessage: async (m: string) => void recorded.messages.push(m),
    showWarningMessage: async (m: string) => void recorded.messages.push(m),
    showErrorMessage: async (m: string) => void recorded.messages.push(m),
    showQuickPick: async <T>(items: T[]) => items[0],
    showTextDocument: async (doc: { uri: Uri; text: string; language?: string }) => {
      recorded.opened.push({ uri: doc.uri.toString(), text: doc.text, language: doc.language });
    },
  },
  languages: {
    match,
    getDiagnostics: () => recorded.diagnostics,
    setTextDocumentLanguage: async (doc: { language?: string }, language: string) => {
      doc.language = language;
      return doc;
    },
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      recorded.commands.set(id, fn);
      return disposable;
    },
    executeCommand: async (command: string, ...args: unknown[]) => {
      if (recorded.missingCommands.has(command)) throw new Error(`command '${command}' not found`);
      recorded.executed.push({ command, args });
      return recorded.commands.get(command)?.(...args);
    },
  },
  env: {
    openExternal: async (uri: Uri) => {
      recorded.external.push(uri.toString());
      return true;
    },
  },
};

/** vscode-languageclient's State and TransportKind values. */
export const State = { Stopped: 1, Starting: 3, Running: 2 } as const;
export const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 } as const;

/** Stands in for vscode-languageclient's LanguageClient: records how it was made and what it was asked. */
export class FakeLanguageClient {
  static instances: FakeLanguageClient[] = [];
  static failStart: Error | undefined;
  /** The answer to textDocument/codeAction. */
  static codeActions: unknown[] = [];
  /** The answer to berth/ruleDocumentation, by rule name; a rule not here gets null. */
  static ruleDocs = new Map<string, string>();

  readonly state = new EventEmitter<{ oldState: number; newState: number }>();
  readonly onDidChangeState = this.state.event;
  running = false;
  stopped = false;
  readonly requests: { method: string; params: unknown }[] = [];
  readonly code2ProtocolConverter = { asUri: (u: Uri) => u.toString() };
  readonly protocol2CodeConverter = { asWorkspaceEdit: async (e: unknown) => ({ converted: e }) };

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: unknown,
    readonly clientOptions: {
      documentSelector: unknown[];
      middleware?: {
        provideDiagnostics?: (doc: unknown, prev: unknown, token: unknown, next: (...a: unknown[]) => unknown) => Promise<unknown>;
        handleDiagnostics?: (uri: unknown, diagnostics: unknown[], next: (uri: unknown, diagnostics: unknown[]) => void) => void;
        provideHover?: (doc: unknown, position: unknown, token: unknown, next: (...a: unknown[]) => unknown) => Promise<unknown>;
        provideDocumentLinks?: (doc: unknown, token: unknown, next: (...a: unknown[]) => unknown) => Promise<unknown>;
      };
    },
  ) {
    FakeLanguageClient.instances.push(this);
  }

  async start(): Promise<void> {
    this.state.fire({ oldState: State.Stopped, newState: State.Starting });
    if (FakeLanguageClient.failStart) {
      this.state.fire({ oldState: State.Starting, newState: State.Stopped });
      throw FakeLanguageClient.failStart;
    }
    this.running = true;
    this.state.fire({ oldState: State.Starting, newState: State.Running });
  }

  needsStop(): boolean {
    return this.running;
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.state.fire({ oldState: State.Running, newState: State.Stopped });
  }

  /** The server process went away on its own. */
  crash(): void {
    this.running = false;
    this.state.fire({ oldState: State.Running, newState: State.Stopped });
  }

  async sendRequest(type: { method: string } | string, params: unknown): Promise<unknown> {
    const method = typeof type === 'string' ? type : type.method;
    this.requests.push({ method, params });
    if (method === 'berth/ruleDocumentation') {
      const page = FakeLanguageClient.ruleDocs.get((params as { rule: string }).rule);
      return page === undefined ? null : { ids: [(params as { rule: string }).rule], markdown: page, urls: [] };
    }
    return FakeLanguageClient.codeActions;
  }
}

export const languageClientModule = {
  LanguageClient: FakeLanguageClient,
  State,
  TransportKind,
  CodeActionRequest: { type: { method: 'textDocument/codeAction' } },
};
