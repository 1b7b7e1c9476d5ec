/**
 * berth for VS Code: a client of berth's language server (the `berth lsp` bundled in dist/berth.mjs, started over
 * node IPC; or a `berth` executable from `berth.server.path`, over stdio) for Dockerfiles and Containerfiles, with
 * a few commands and a status bar item. Everything a Dockerfile gets — diagnostics, fixes, hover, completion… —
 * comes from the server; this file only starts it and adds what the protocol has no request for.
 *
 * Rule documentation is shown offline: `berth-rule:/<rule>.md` documents hold the page the server renders from the
 * rule's metadata (berth/ruleDocumentation; the bundled `berth explain --format markdown` when the server is not
 * running). Middleware points the rule links of diagnostics (the code link in the Problems panel and the hover),
 * of hovers and of `# berth-ignore` comments there; the page ends with the web link.
 *
 * The lists below (commands, settings, activation) are exported so a test can hold them equal to package.json.
 */
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  LanguageClient,
  State,
  TransportKind,
  type CodeAction,
  type Command,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** The client id: vscode-languageclient reads `<id>.trace.server` itself. */
export const CLIENT_ID = 'berth';
export const LANGUAGE_ID = 'dockerfile';
/** File names that are Dockerfiles even when no extension has told VS Code so (package.json adds them too). */
export const FILE_PATTERNS = ['**/Containerfile', '**/*.Dockerfile', '**/Dockerfile.*'] as const;
export const ACTIVATION_EVENTS = [`onLanguage:${LANGUAGE_ID}`] as const;

export const COMMANDS = {
  restartServer: 'berth.restartServer',
  fixAll: 'berth.fixAll',
  explainRule: 'berth.explainRule',
  showSyntaxTree: 'berth.showSyntaxTree',
  showOutput: 'berth.showOutput',
} as const;

/** Every setting this extension (or vscode-languageclient on its behalf) reads. */
export const SETTINGS = {
  serverPath: 'berth.server.path',
  traceServer: 'berth.trace.server',
  /** Read by the server (workspace/configuration, section `berth`). */
  configPath: 'berth.configPath',
  /** Read by the server (workspace/configuration, section `berth`). */
  rules: 'berth.rules',
  /** Read by the server (workspace/configuration, section `berth`). */
  shellcheckEnabled: 'berth.shellcheck.enabled',
  /** Read by the server (workspace/configuration, section `berth`). */
  shellcheckPath: 'berth.shellcheck.path',
  /** Read by the server (workspace/configuration, section `berth`). */
  formatContinuationIndent: 'berth.format.continuationIndent',
  /** Read by the server (workspace/configuration, section `berth`). */
  formatKeywordCase: 'berth.format.keywordCase',
} as const;

/** Read-only documents (syntax trees) live under this scheme. */
export const VIEW_SCHEME = 'berth-view';
/** Rule documentation pages, offline: `berth-rule:/<rule id>.md`. */
export const RULE_SCHEME = 'berth-rule';
/** The server's request for a rule's page (server/commands.ts). */
export const RULE_DOCUMENTATION_REQUEST = 'berth/ruleDocumentation';
/** Where berth's rule pages are on the web: links there are rule links. */
const WEB_RULE_PAGE = /^https:\/\/github\.com\/berth-lint\/berth\/blob\/[^/]+\/docs\/rules\/([A-Za-z0-9-]+)\.md$/;

/** The offline page of a rule. */
export function ruleUri(rule: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${rule}.md` });
}

function ruleOf(uri: vscode.Uri): string | undefined {
  return /^\/([A-Za-z0-9_-]+)\.md$/.exec(uri.path)?.[1];
}

export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: LANGUAGE_ID },
  { scheme: 'untitled', language: LANGUAGE_ID },
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];

/** The bundled command line (and language server), relative to the extension's folder. */
export const BUNDLED_SERVER = 'dist/berth.mjs';

/** How to start the server: the bundled one over node IPC, or the configured executable over stdio. */
export function serverOptions(extensionPath: string, configuredPath: string | undefined): ServerOptions {
  const path = configuredPath?.trim();
  if (path) {
    const run = { command: path, args: ['lsp'], transport: TransportKind.stdio };
    return { run, debug: run };
  }
  const module = joinPath(extensionPath, BUNDLED_SERVER);
  // vscode-languageclient appends --node-ipc and --clientProcessId=<pid>; the CLI accepts both.
  return {
    run: { module, args: ['lsp'], transport: TransportKind.ipc },
    debug: { module, args: ['lsp'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
}

function joinPath(dir: string, rel: string): string {
  return vscode.Uri.joinPath(vscode.Uri.file(dir), rel).fsPath;
}

function configuredServerPath(): string | undefined {
  const value = vscode.workspace.getConfiguration().get<string>(SETTINGS.serverPath);
  return value?.trim() ? value.trim() : undefined;
}

/** Runs the berth command line (bundled or configured) with `input` on standard input. */
export function runBerth(extensionPath: string, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const configured = configuredServerPath();
  const [command, argv, env] = configured
    ? [configured, args, process.env]
    : // In VS Code process.execPath is Electron (or Node in a remote server); ELECTRON_RUN_AS_NODE makes it Node.
      [process.execPath, [joinPath(extensionPath, BUNDLED_SERVER), ...args], { ...process.env, ELECTRON_RUN_AS_NODE: '1' }];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

type Status = { kind: 'starting' } | { kind: 'ready' } | { kind: 'analysing' } | { kind: 'failed'; reason: string } | { kind: 'stopped' };

/** The status bar item: shown for Dockerfiles, and always when the server has failed. */
class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: Status = { kind: 'stopped' };

  constructor() {
    this.item = vscode.window.createStatusBarItem('berth.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'berth';
    this.item.command = COMMANDS.showOutput;
  }

  get current(): Status {
    return this.status;
  }

  set(status: Status): void {
    this.status = status;
    this.item.backgroundColor = undefined;
    switch (status.kind) {
      case 'starting':
        this.item.text = '$(loading~spin) berth';
        this.item.tooltip = 'berth: starting the language server';
        break;
      case 'analysing':
        this.item.text = '$(loading~spin) berth';
        this.item.tooltip = 'berth: analysing';
        break;
      case 'ready':
        this.item.text = '$(check) berth';
        this.item.tooltip = 'berth: ready';
        break;
      case 'stopped':
        this.item.text = '$(circle-slash) berth';
        this.item.tooltip = 'berth: the language server is stopped';
        break;
      case 'failed':
        this.item.text = '$(error) berth';
        this.item.tooltip = `berth: ${status.reason} — click to see the output`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    this.refresh();
  }

  refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const relevant = doc !== undefined && vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentSelector, doc) > 0;
    if (relevant || this.status.kind === 'failed') this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** Read-only text documents under VIEW_SCHEME, filled by the commands that show them. */
class Views implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(uri: vscode.Uri, text: string, language: string): Promise<void> {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The offline rule pages: asked of the server, else of the bundled command line. */
class RulePages implements vscode.TextDocumentContentProvider {
  constructor(private readonly extensionPath: string) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const rule = ruleOf(uri);
    if (!rule) return '# berth\n\nThis address names no rule.\n';
    const c = client;
    if (c?.isRunning()) {
      try {
        const page = await c.sendRequest<{ markdown: string } | null>(RULE_DOCUMENTATION_REQUEST, { rule });
        return page ? page.markdown : `# ${rule}\n\nberth has no rule of this name.\n`;
      } catch {
        // The server could not answer: the command line can.
      }
    }
    try {
      const { code, stdout, stderr } = await runBerth(this.extensionPath, ['explain', rule, '--format', 'markdown'], '');
      return code === 0 ? stdout : `# ${rule}\n\n${stderr.trim() || 'berth could not explain this rule.'}\n`;
    } catch (e) {
      return `# ${rule}\n\nberth could not be run to explain this rule: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }
}

/** Web addresses of rule pages (berth's, and those the server gave diagnostics: BuildKit, ShellCheck) → rule. */
const ruleLinks = new Map<string, string>();

function ruleOfLink(target: vscode.Uri | string): string | undefined {
  const href = target.toString();
  return ruleLinks.get(href) ?? WEB_RULE_PAGE.exec(href)?.[1];
}

/** berth's diagnostics: their code links lead to the offline page (the web link is at its end). */
function offlineRuleLinks(diagnostics: readonly vscode.Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.source !== 'berth' || typeof d.code !== 'object' || d.code === null) continue;
    const rule = String(d.code.value);
    if (d.code.target && d.code.target.scheme !== RULE_SCHEME) ruleLinks.set(d.code.target.toString(), rule);
    d.code = { value: d.code.value, target: ruleUri(rule) };
  }
}

/** A command link that shows a rule's offline page (a hover is Markdown: its links may run this command only). */
function explainLink(rule: string): string {
  return `command:${COMMANDS.explainRule}?${encodeURIComponent(JSON.stringify([rule]))}`;
}

/** Rule links in a hover's Markdown become links to the offline page. */
function offlineHoverLinks(hover: vscode.Hover): vscode.Hover {
  let changed = false;
  const contents = hover.contents.map((c) => {
    const value = typeof c === 'string' ? c : 'value' in c ? c.value : undefined;
    if (value === undefined || !(c instanceof vscode.MarkdownString || typeof c === 'string')) return c;
    const rewritten = value.replace(/\]\((https?:\/\/[^)\s]+)\)/g, (m, href: string) => {
      const rule = ruleOfLink(href);
      return rule ? `](${explainLink(rule)})` : m;
    });
    if (rewritten === value) return c;
    changed = true;
    const md = new vscode.MarkdownString(rewritten, typeof c === 'string' ? false : c.supportThemeIcons);
    md.isTrusted = { enabledCommands: [COMMANDS.explainRule] };
    return md;
  });
  return changed ? new vscode.Hover(contents, hover.range) : hover;
}

let client: LanguageClient | undefined;
let stopping = false;

/** Diagnostic requests in flight: the status bar says "analysing" when one takes longer than a moment. */
let inFlight = 0;
let analysingTimer: ReturnType<typeof setTimeout> | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: StatusItem): LanguageClient {
  const settled = (): void => {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight > 0) return;
    if (analysingTimer) clearTimeout(analysingTimer);
    analysingTimer = undefined;
    if (status.current.kind === 'analysing') status.set({ kind: 'ready' });
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // The server asks for the `berth` section (configPath, rules) and is told when it changes.
    synchronize: { configurationSection: 'berth' },
    // The server registers its own file watchers (.berth.yaml, .hadolint.yaml) through the client.
    outputChannel: output,
    initializationFailedHandler: (error) => {
      status.set({ kind: 'failed', reason: `the server did not start: ${error instanceof Error ? error.message : String(error)}` });
      return false;
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        offlineRuleLinks(diagnostics);
        next(uri, diagnostics);
      },
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        return hover ? offlineHoverLinks(hover) : hover;
      },
      provideDocumentLinks: async (document, token, next) => {
        const links = await next(document, token);
        for (const l of links ?? []) {
          const rule = l.target && ruleOfLink(l.target);
          if (rule) l.target = ruleUri(rule);
        }
        return links;
      },
      provideDiagnostics: async (document, previousResultId, token, next) => {
        inFlight++;
        if (!analysingTimer && status.current.kind === 'ready') {
          analysingTimer = setTimeout(() => {
            analysingTimer = undefined;
            if (inFlight > 0 && status.current.kind === 'ready') status.set({ kind: 'analysing' });
          }, 300);
        }
        try {
          const report = await next(document, previousResultId, token);
          // A full report (kind "full") carries the items; an unchanged one keeps those rewritten before.
          if (report && 'items' in report && Array.isArray(report.items)) offlineRuleLinks(report.items);
          return report;
        } finally {
          settled();
        }
      },
    },
  };
  const c = new LanguageClient(CLIENT_ID, 'berth', serverOptions(context.extensionPath, configuredServerPath()), clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Starting) status.set({ kind: 'starting' });
    else if (e.newState === State.Running) status.set({ kind: 'ready' });
    else if (e.newState === State.Stopped) {
      if (stopping) status.set({ kind: 'stopped' });
      else if (status.current.kind !== 'failed') status.set({ kind: 'failed', reason: 'the language server stopped' });
    }
  });
  return c;
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: StatusItem): Promise<void> {
  client = createClient(context, output, status);
  status.set({ kind: 'starting' });
  try {
    await client.start();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    status.set({ kind: 'failed', reason: `the server did not start: ${reason}` });
    output.error(`berth: the language server did not start: ${reason}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  stopping = true;
  try {
    if (c.needsStop()) await c.stop();
  } catch {
    // A server that has died cannot be stopped; there is nothing more to do.
  } finally {
    stopping = false;
  }
}

function activeDockerfile(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentSelector, editor.document) > 0) return editor;
  void vscode.window.showInformationMessage('berth: open a Dockerfile first.');
  return undefined;
}

/** Asks the server for its fix-all action on the whole document and applies it. */
async function fixAll(): Promise<void> {
  const editor = activeDockerfile();
  if (!editor) return;
  const c = client;
  if (!c || !c.isRunning()) {
    void vscode.window.showWarningMessage('berth: the language server is not running.');
    return;
  }
  const doc = editor.document;
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  const result = await c.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: c.code2ProtocolConverter.asUri(doc.uri) },
    range: { start: { line: 0, character: 0 }, end: { line: end.line, character: end.character } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  const action = (result ?? []).find((a): a is CodeAction => isCodeAction(a) && (a.kind ?? '').startsWith('source.fixAll') && a.edit !== undefined);
  if (!action?.edit) {
    void vscode.window.showInformationMessage('berth: nothing to fix automatically.');
    return;
  }
  const edit = await c.protocol2CodeConverter.asWorkspaceEdit(action.edit);
  if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showWarningMessage('berth: the fixes could not be applied (the document changed?).');
}

function isCodeAction(a: Command | CodeAction): a is CodeAction {
  return typeof (a as Command).command !== 'string';
}

/**
 * Shows a rule's documentation offline, rendered as Markdown beside the editor: the rule given (a command link), else
 * that of berth's finding under the cursor (else on its line; a choice when there are several).
 */
async function explainRule(rule?: unknown): Promise<void> {
  let id = typeof rule === 'string' && rule.trim() ? rule.trim() : undefined;
  if (!id) {
    const editor = activeDockerfile();
    if (!editor) return;
    const pos = editor.selection.active;
    const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'berth');
    let here = ours.filter((d) => d.range.contains(pos));
    if (here.length === 0) here = ours.filter((d) => d.range.start.line <= pos.line && pos.line <= d.range.end.line);
    if (here.length === 0) {
      void vscode.window.showInformationMessage('berth: no finding under the cursor.');
      return;
    }
    let chosen = here[0] as vscode.Diagnostic;
    if (here.length > 1) {
      const pick = await vscode.window.showQuickPick(
        here.map((d) => ({ label: codeOf(d) ?? 'berth', detail: d.message, diagnostic: d })),
        { placeHolder: 'Which finding?' },
      );
      if (!pick) return;
      chosen = pick.diagnostic;
    }
    id = codeOf(chosen);
    if (!id) {
      void vscode.window.showInformationMessage('berth: this finding has no rule to explain.');
      return;
    }
  }
  await showRulePage(id);
}

/** The page in VS Code's Markdown preview; as a read-only Markdown document if the preview is not there. */
async function showRulePage(rule: string): Promise<void> {
  const uri = ruleUri(rule);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** `berth parse - --format tree` on the editor's text, shown beside it. */
async function showSyntaxTree(extensionPath: string, views: Views): Promise<void> {
  const editor = activeDockerfile();
  if (!editor) return;
  const doc = editor.document;
  const { code, stdout, stderr } = await runBerth(extensionPath, ['parse', '-', '--format', 'tree'], doc.getText());
  if (code !== 0 && code !== 1) {
    void vscode.window.showErrorMessage(`berth parse failed: ${stderr.trim() || `exit code ${code}`}`);
    return;
  }
  const name = doc.uri.path.split('/').pop() || 'Dockerfile';
  await views.show(vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${name}.tree`, query: doc.uri.toString() }), stdout, 'plaintext');
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('berth', { log: true });
  const status = new StatusItem();
  const views = new Views();
  const pages = new RulePages(context.extensionPath);
  const restart = async (): Promise<void> => {
    await stopClient();
    await startClient(context, output, status);
  };
  context.subscriptions.push(
    output,
    status,
    views,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, views),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, pages),
    vscode.window.onDidChangeActiveTextEditor(() => status.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS.serverPath)) void restart();
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, restart),
    vscode.commands.registerCommand(COMMANDS.fixAll, fixAll),
    vscode.commands.registerCommand(COMMANDS.explainRule, (rule?: unknown) => explainRule(rule)),
    vscode.commands.registerCommand(COMMANDS.showSyntaxTree, () => showSyntaxTree(context.extensionPath, views)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
  );
  await startClient(context, output, status);
}

export async function deactivate(): Promise<void> {
  if (analysingTimer) clearTimeout(analysingTimer);
  analysingTimer = undefined;
  inFlight = 0;
  await stopClient();
}
