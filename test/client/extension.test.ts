/**
 * The VS Code extension's activate(), run against a FAKE `vscode` module (test/client/fake-vscode.ts) — no VS Code
 * can run here — and with vscode-languageclient replaced at the module boundary by a fake LanguageClient that
 * records how it was made. What this checks: the server it would start (the bundled berth over node IPC, or the
 * configured executable over stdio), the files it applies to, the commands and settings against package.json,
 * and what the commands and the status bar do. That the bundled server really starts over IPC is checked on the
 * packaged .vsix in package.test.ts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeLanguageClient, Hover, MarkdownString, Position, Range, Uri, document, recorded, reset, State, TransportKind } from './fake-vscode.js';

vi.mock('vscode', async () => (await import('./fake-vscode.js')).vscode);
vi.mock('vscode-languageclient/node', async () => (await import('./fake-vscode.js')).languageClientModule);

const ext = await import('../../client/src/extension.js');

const manifest = JSON.parse(readFileSync(new URL('../../client/package.json', import.meta.url), 'utf8')) as {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    languages: { id: string; filenames?: string[]; filenamePatterns?: string[] }[];
  };
};

const EXTENSION_PATH = '/ext/berth';

function context(): { extensionPath: string; subscriptions: { dispose(): void }[]; asAbsolutePath(p: string): string } {
  return { extensionPath: EXTENSION_PATH, subscriptions: [], asAbsolutePath: (p) => `${EXTENSION_PATH}/${p}` };
}

async function activate(): Promise<FakeLanguageClient> {
  await ext.activate(context() as never);
  const client = FakeLanguageClient.instances.at(-1);
  if (!client) throw new Error('activate() made no LanguageClient');
  return client;
}

function status(): { text: string; tooltip: string | undefined; visible: boolean } {
  const item = recorded.statusItems[0];
  if (!item) throw new Error('no status bar item');
  return item;
}

function openEditor(path: string, text: string, cursor = new Position(0, 0), languageId = 'dockerfile'): void {
  recorded.activeEditor = { document: document(path, text, languageId), selection: { active: cursor } };
}

beforeEach(() => {
  reset();
  FakeLanguageClient.instances = [];
  FakeLanguageClient.failStart = undefined;
  FakeLanguageClient.codeActions = [];
  FakeLanguageClient.ruleDocs = new Map();
});

afterEach(async () => {
  await ext.deactivate();
});

describe('activate (fake vscode API)', () => {
  it('starts the bundled berth over node IPC as `berth lsp`, with the client id the trace setting is named after', async () => {
    const client = await activate();
    expect(client.id).toBe('berth');
    expect(`${client.id}.trace.server`).toBe(ext.SETTINGS.traceServer);
    const module = `${EXTENSION_PATH}/dist/berth.mjs`;
    expect(client.serverOptions).toEqual({
      run: { module, args: ['lsp'], transport: TransportKind.ipc },
      debug: { module, args: ['lsp'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    });
    expect(client.running).toBe(true);
  });

  it('applies to the dockerfile language and to Containerfile, *.Dockerfile and Dockerfile.* files', async () => {
    const client = await activate();
    const selector = client.clientOptions.documentSelector;
    expect(selector).toContainEqual({ scheme: 'file', language: 'dockerfile' });
    expect(selector).toContainEqual({ scheme: 'untitled', language: 'dockerfile' });
    const { vscode } = await import('./fake-vscode.js');
    const matches = (path: string, languageId = 'plaintext'): boolean => vscode.languages.match(selector as never, document(path, '', languageId)) > 0;
    expect(matches('/w/Containerfile')).toBe(true);
    expect(matches('/w/api.Dockerfile')).toBe(true);
    expect(matches('/w/Dockerfile.dev')).toBe(true);
    expect(matches('/w/anything', 'dockerfile')).toBe(true);
    expect(matches('/w/notes.txt')).toBe(false);
    expect(matches('/w/MyDockerfileNotes.txt')).toBe(false);
  });

  it('runs the executable in berth.server.path over stdio instead', async () => {
    recorded.settings.set('berth.server.path', '/usr/local/bin/berth');
    const client = await activate();
    const run = { command: '/usr/local/bin/berth', args: ['lsp'], transport: TransportKind.stdio };
    expect(client.serverOptions).toEqual({ run, debug: run });
  });

  it('registers exactly the commands package.json contributes, and reads only settings it contributes', async () => {
    await activate();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect([...recorded.commands.keys()].sort()).toEqual(contributed);
    expect(Object.values(ext.COMMANDS).sort()).toEqual(contributed);
    const settings = Object.keys(manifest.contributes.configuration.properties).sort();
    expect(Object.values(ext.SETTINGS).sort()).toEqual(settings);
    expect(recorded.settingsRead.length).toBeGreaterThan(0);
    for (const key of recorded.settingsRead) expect(settings).toContain(key);
  });

  it('activates on the language it serves, and package.json gives that language the extra file names', () => {
    expect(manifest.activationEvents).toEqual([...ext.ACTIVATION_EVENTS]);
    expect(ext.ACTIVATION_EVENTS).toEqual([`onLanguage:${ext.LANGUAGE_ID}`]);
    const lang = manifest.contributes.languages.find((l) => l.id === ext.LANGUAGE_ID);
    const globs = [...(lang?.filenames ?? []), ...(lang?.filenamePatterns ?? [])].map((f) => `**/${f}`).sort();
    expect(globs).toEqual([...ext.FILE_PATTERNS].sort());
    expect(manifest.main).toBe('./dist/extension.cjs');
  });

  it('shows starting, ready, analysing and failure in the status bar', async () => {
    vi.useFakeTimers();
    try {
      openEditor('/w/Dockerfile', 'FROM alpine\n');
      const client = await activate();
      expect(status().text).toContain('berth');
      expect(status().tooltip).toMatch(/ready/);
      expect(status().visible).toBe(true);

      // A diagnostics request that takes a while: "analysing" until it is answered.
      let answer: (v: unknown) => void = () => {};
      const pending = client.clientOptions.middleware?.provideDiagnostics?.({}, undefined, {}, () => new Promise((r) => (answer = r)));
      await vi.advanceTimersByTimeAsync(500);
      expect(status().tooltip).toMatch(/analysing/);
      answer({ kind: 'full', items: [] });
      await pending;
      expect(status().tooltip).toMatch(/ready/);

      client.crash();
      expect(status().text).toContain('$(error)');
      expect(status().tooltip).toMatch(/stopped/);
      recorded.activeEditor = undefined;
      await recorded.commands.get(ext.COMMANDS.showOutput)?.();
      expect(status().visible).toBe(true); // a failure shows even without a Dockerfile open
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so in the status bar when the server cannot start', async () => {
    FakeLanguageClient.failStart = new Error('spawn ENOENT');
    await activate();
    expect(status().text).toContain('$(error)');
    expect(status().tooltip).toContain('spawn ENOENT');
  });

  it('restarts: stops the running client and starts a new one; also when berth.server.path changes', async () => {
    const first = await activate();
    await recorded.commands.get(ext.COMMANDS.restartServer)?.();
    expect(first.stopped).toBe(true);
    const second = FakeLanguageClient.instances.at(-1);
    expect(second).not.toBe(first);
    expect(second?.running).toBe(true);
    expect(status().tooltip).toMatch(/ready/);

    recorded.settings.set('berth.server.path', '/opt/berth');
    recorded.configListeners.fire({ affectsConfiguration: (s) => s === 'berth.server.path' });
    await vi.waitFor(() => expect(FakeLanguageClient.instances).toHaveLength(3));
    await vi.waitFor(() => expect(FakeLanguageClient.instances[2]?.running).toBe(true));
    expect(second?.stopped).toBe(true);
    expect(FakeLanguageClient.instances[2]?.serverOptions).toMatchObject({ run: { command: '/opt/berth' } });
  });

  it('fix all: asks the server for source.fixAll on the whole document and applies the edit', async () => {
    const client = await activate();
    openEditor('/w/Dockerfile', 'FROM alpine\nRUN apt-get install curl\n');
    const edit = { changes: { 'file:///w/Dockerfile': [] } };
    FakeLanguageClient.codeActions = [{ title: 'a command', command: 'x' }, { title: 'Fix all safe problems (berth)', kind: 'source.fixAll', edit }];
    await recorded.commands.get(ext.COMMANDS.fixAll)?.();
    expect(client.requests).toEqual([
      {
        method: 'textDocument/codeAction',
        params: {
          textDocument: { uri: 'file:///w/Dockerfile' },
          range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
          context: { diagnostics: [], only: ['source.fixAll'] },
        },
      },
    ]);
    expect(recorded.applied).toEqual([{ converted: edit }]);

    FakeLanguageClient.codeActions = [];
    await recorded.commands.get(ext.COMMANDS.fixAll)?.();
    expect(recorded.messages.at(-1)).toMatch(/nothing to fix/);
  });

  it("explain rule: shows the offline page of berth's finding under the cursor, rendered beside the editor", async () => {
    const client = await activate();
    FakeLanguageClient.ruleDocs.set('apt-get-unpinned', '# apt-get-unpinned\n\nPin the versions.\n\n---\n\n[This page on the web](https://example.test/apt)\n');
    openEditor('/w/Dockerfile', 'FROM alpine\nRUN apt-get install curl\n', new Position(1, 6));
    const at = (l: number, a: number, b: number): Range => new Range(new Position(l, a), new Position(l, b));
    recorded.diagnostics = [
      { source: 'other', range: at(1, 0, 30), code: 'X1', message: 'not ours' },
      { source: 'berth', range: at(0, 0, 11), code: { value: 'from-latest', target: Uri.parse('berth-rule:/from-latest.md') }, message: 'elsewhere' },
      { source: 'berth', range: at(1, 4, 11), code: { value: 'apt-get-unpinned', target: Uri.parse('berth-rule:/apt-get-unpinned.md') }, message: 'here' },
    ];
    await recorded.commands.get(ext.COMMANDS.explainRule)?.();
    expect(recorded.external).toEqual([]); // no web page
    expect(recorded.executed.map((e) => [e.command, String(e.args[0])])).toEqual([['markdown.showPreviewToSide', 'berth-rule:/apt-get-unpinned.md']]);
    // The page is what the server renders for the rule (asked when the preview reads the document).
    const page = await recorded.contentProviders.get(ext.RULE_SCHEME)?.provideTextDocumentContent(Uri.parse('berth-rule:/apt-get-unpinned.md'));
    expect(page).toContain('# apt-get-unpinned');
    expect(page).toContain('[This page on the web](https://example.test/apt)');
    expect(client.requests.at(-1)).toEqual({ method: 'berth/ruleDocumentation', params: { rule: 'apt-get-unpinned' } });
    expect(await recorded.contentProviders.get(ext.RULE_SCHEME)?.provideTextDocumentContent(Uri.parse('berth-rule:/nope.md'))).toMatch(/no rule of this name/);

    recorded.diagnostics = [];
    await recorded.commands.get(ext.COMMANDS.explainRule)?.();
    expect(recorded.messages.at(-1)).toMatch(/no finding under the cursor/);
  });

  it('explain rule with a rule name (a command link) needs no editor; without the Markdown preview, a read-only document', async () => {
    await activate();
    FakeLanguageClient.ruleDocs.set('DL3008', '# apt-get-unpinned\n');
    recorded.missingCommands.add('markdown.showPreviewToSide');
    await recorded.commands.get(ext.COMMANDS.explainRule)?.('DL3008');
    expect(recorded.opened).toEqual([{ uri: 'berth-rule:/DL3008.md', text: '# apt-get-unpinned\n', language: undefined }]);
  });

  it('rule links of diagnostics (pushed and pulled), hovers and document links lead to the offline page', async () => {
    const client = await activate();
    const mw = client.clientOptions.middleware;
    const web = 'https://github.com/berth-lint/berth/blob/main/docs/rules/stage-name-casing.md';
    const buildkit = 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/';
    const diag = (value: string, target: string, source = 'berth') => ({ source, message: 'm', range: new Range(new Position(0, 0), new Position(0, 1)), code: { value, target: Uri.parse(target) } });
    const targets = (list: unknown[]) => list.map((d) => String((d as { code: { target: Uri } }).code.target));

    // Pushed.
    let handled: unknown[] = [];
    mw?.handleDiagnostics?.(Uri.file('/w/Dockerfile'), [diag('stage-name-casing', web), diag('X', 'https://example.test/x', 'other')], (_u, d) => (handled = d));
    expect(targets(handled)).toEqual(['berth-rule:/stage-name-casing.md', 'https://example.test/x']);
    // Pulled: a full report is rewritten; the web address is remembered for hovers, whatever its host.
    const report = (await mw?.provideDiagnostics?.({}, undefined, {}, async () => ({ kind: 'full', items: [diag('empty-continuation-line', buildkit)] }))) as { items: unknown[] };
    expect(targets(report.items)).toEqual(['berth-rule:/empty-continuation-line.md']);
    expect(await mw?.provideDiagnostics?.({}, 'r1', {}, async () => ({ kind: 'unChanged', resultId: 'r1' }))).toEqual({ kind: 'unChanged', resultId: 'r1' });

    // A hover's rule links run the explain command (trusted for that command only); other links stay.
    const hover = (await mw?.provideHover?.({}, {}, {}, async () => new Hover([new MarkdownString(`**stage-name-casing** — [Rule documentation](${web})\n\n[documentation](${buildkit}) [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#from)`)]))) as Hover;
    const md = hover.contents[0] as MarkdownString;
    expect(md.value).toBe(
      `**stage-name-casing** — [Rule documentation](command:berth.explainRule?${encodeURIComponent('["stage-name-casing"]')})\n\n[documentation](command:berth.explainRule?${encodeURIComponent('["empty-continuation-line"]')}) [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#from)`,
    );
    expect(md.isTrusted).toEqual({ enabledCommands: ['berth.explainRule'] });
    const plain = new Hover([new MarkdownString('no links')]);
    expect(await mw?.provideHover?.({}, {}, {}, async () => plain)).toBe(plain);

    // Links in `# berth-ignore` comments; image links stay on their registry.
    const links = (await mw?.provideDocumentLinks?.({}, {}, async () => [{ target: Uri.parse(web) }, { target: Uri.parse('https://hub.docker.com/_/node') }])) as Array<{ target: Uri }>;
    expect(links.map((l) => String(l.target))).toEqual(['berth-rule:/stage-name-casing.md', 'https://hub.docker.com/_/node']);
  });

  it('the commands that need a Dockerfile say so when none is open', async () => {
    await activate();
    await recorded.commands.get(ext.COMMANDS.showSyntaxTree)?.();
    expect(recorded.messages.at(-1)).toMatch(/open a Dockerfile/);
    expect(recorded.opened).toEqual([]);
  });

  it('deactivate stops the server', async () => {
    const client = await activate();
    await ext.deactivate();
    expect(client.stopped).toBe(true);
  });
});
