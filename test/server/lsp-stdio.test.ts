/**
 * Whole sessions with the real server: `berth lsp --stdio` as a child process (the built bin/berth.js), spoken
 * to through vscode-languageserver-protocol's client side.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApplyWorkspaceEditRequest,
  DocumentFormattingRequest,
  DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  ExecuteCommandRequest,
  RenameRequest,
  SignatureHelpRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  ShutdownRequest,
  type ClientCapabilities,
  type CompletionItem,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { BIN, project } from '../helpers/cli.js';

interface Server {
  conn: ProtocolConnection;
  proc: ChildProcessWithoutNullStreams;
  stderr: () => string;
  init: InitializeResult;
}

const running: Server[] = [];

async function start(capabilities: ClientCapabilities, rootDir = project({})): Promise<Server> {
  const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: rootDir, env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  running.push({ conn, proc, stderr: () => err, init: { capabilities: {} } });
  const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null });
  expect(init.serverInfo?.name).toBe('berth');
  await conn.sendNotification(InitializedNotification.type, {});
  return { conn, proc, stderr: () => err, init };
}

async function stop(s: Server): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.proc.on('exit', (code) => resolve(code)));
  await s.conn.sendRequest(ShutdownRequest.type);
  await s.conn.sendNotification(ExitNotification.type);
  return exited;
}

afterEach(() => {
  for (const s of running.splice(0)) {
    s.conn.dispose();
    s.proc.kill();
  }
});

/** What VS Code's client announces, for the parts berth reads: Markdown, snippets, literals, tags, links… */
const FULL: ClientCapabilities = {
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, diagnostics: { refreshSupport: true } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, versionSupport: false },
    completion: {
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        insertTextModeSupport: { valueSet: [1, 2] },
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source'] } }, isPreferredSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    definition: { linkSupport: true },
    documentLink: { tooltipSupport: true },
    semanticTokens: {
      requests: { full: { delta: true }, range: true },
      tokenTypes: ['namespace', 'type', 'class', 'parameter', 'variable', 'property', 'function', 'macro', 'keyword', 'comment', 'string', 'number', 'operator'],
      tokenModifiers: ['declaration', 'definition', 'readonly', 'deprecated', 'defaultLibrary'],
      formats: ['relative'],
    },
  },
};
/** The same, pulling diagnostics. */
const PULL: ClientCapabilities = { ...FULL, textDocument: { ...FULL.textDocument, diagnostic: { dynamicRegistration: false, relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true } } };
const URI = 'file:///tmp/berth-lsp-test/Dockerfile';
const TEXT = 'FROM node:22-alpine AS Build\nRUN apt-get install curl\nCMD node server.js\n';

describe('berth lsp --stdio', () => {
  it('pull diagnostics follow incremental edits, with rule codes and doc links', async () => {
    const s = await start(PULL);
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    const first = await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } });
    const items = (first as { items: Diagnostic[] }).items;
    const codes = items.map((d) => d.code);
    expect(codes).toContain('stage-name-casing');
    expect(codes).toContain('shell-form-command');
    const casing = items.find((d) => d.code === 'stage-name-casing');
    expect(casing?.range).toEqual({ start: { line: 0, character: 23 }, end: { line: 0, character: 28 } });
    expect(casing?.codeDescription?.href).toMatch(/stage-name-casing\.md$/);

    // Rename the stage to lower case with an incremental edit: the finding goes away.
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 23 }, end: { line: 0, character: 28 } }, text: 'build' }],
    });
    const second = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
    expect(second.items.map((d) => d.code)).not.toContain('stage-name-casing');
    expect(second.items.map((d) => d.code)).toContain('shell-form-command');
    expect(await stop(s)).toBe(0);
  });

  it('sees inside RUN whether the script is a plain command list or needs the full bash parser (loaded for it)', async () => {
    const s = await start(PULL);
    const plain = 'file:///tmp/berth-lsp-test/plain/Dockerfile';
    const branchy = 'file:///tmp/berth-lsp-test/branchy/Dockerfile';
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: plain, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nRUN sudo true\n' } });
    const a = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: plain } })) as { items: Diagnostic[] };
    expect(a.items.map((d) => d.code)).toContain('sudo-in-run');
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: branchy, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nRUN if true; then sudo true; fi\n' } });
    const b = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: branchy } })) as { items: Diagnostic[] };
    const sudo = b.items.find((d) => d.code === 'sudo-in-run');
    expect(sudo?.range.start).toEqual({ line: 1, character: 18 });
    expect(await stop(s)).toBe(0);
  });

  it('a made-up stage name is a snippet placeholder where the client supports snippet edits, plain text elsewhere', async () => {
    const text = 'FROM golang:1.23\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=0 /app /app\n';
    const ask = async (capabilities: ClientCapabilities): Promise<unknown> => {
      const s = await start({ ...PULL, ...capabilities });
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 4, text } });
      const actions = await s.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: URI },
        range: { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } },
        context: { diagnostics: [], only: ['quickfix'] },
      });
      const fix = (actions ?? []).find((a) => 'title' in a && a.title === 'Name stage 0 `build` and use the name') as { edit?: unknown } | undefined;
      const all = await s.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: URI },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      // Fix-all is applied without a person to retype anything: always plain text.
      expect(JSON.stringify(all)).not.toContain('snippet');
      await stop(s);
      return fix?.edit;
    };
    expect(await ask({ workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } })).toEqual({
      documentChanges: [
        {
          textDocument: { uri: URI, version: 4 },
          edits: [
            { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 16 } }, snippet: { kind: 'snippet', value: ' AS ${1:build}' } },
            { range: { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } }, snippet: { kind: 'snippet', value: '${1:build}' } },
          ],
        },
      ],
    });
    const plain = [
      { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 16 } }, newText: ' AS build' },
      { range: { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } }, newText: 'build' },
    ];
    // Versioned document changes where the client takes them, else plain `changes`; text edits either way.
    expect(await ask({ workspace: { workspaceEdit: { documentChanges: true } } })).toEqual({ documentChanges: [{ textDocument: { uri: URI, version: 4 }, edits: plain }] });
    expect(await ask({ workspace: {} })).toEqual({ changes: { [URI]: plain } });
  });

  it('pushes diagnostics when the client cannot pull', async () => {
    const s = await start({});
    const got = new Promise<PublishDiagnosticsParams>((resolve) => s.conn.onNotification(PublishDiagnosticsNotification.type, resolve));
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 7, text: TEXT } });
    const p = await got;
    expect(p.version).toBe(7);
    expect(p.diagnostics.map((d) => d.code)).toContain('apt-get-install-recommends');
  });

  it('hover explains a finding; code actions fix it or disable the rule; symbols and folding', async () => {
    const s = await start(PULL);
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    const h = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 25 } });
    expect(JSON.stringify(h?.contents)).toContain('stage-name-casing');

    const actions = await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 23 }, end: { line: 0, character: 28 } },
      context: { diagnostics: [] },
    });
    const titles = (actions ?? []).map((a) => ('title' in a ? a.title : ''));
    expect(titles.some((t) => /build/.test(t))).toBe(true);
    expect(titles).toContain('Disable stage-name-casing for this instruction');
    const fix = (actions ?? []).find((a) => 'isPreferred' in a && a.isPreferred) as { edit?: { documentChanges?: Array<{ textDocument: { uri: string; version: number }; edits: Array<{ newText: string }> }> } } | undefined;
    // A client that takes documentChanges gets the edit for the version it was computed on.
    expect(fix?.edit?.documentChanges?.[0]?.textDocument).toEqual({ uri: URI, version: 1 });
    expect(fix?.edit?.documentChanges?.[0]?.edits[0]?.newText).toBe('build');

    const symbols = (await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as Array<{ name: string; children?: Array<{ name: string }> }>;
    expect(symbols.map((x) => x.name)).toEqual(['Build']);
    expect(symbols[0]?.children?.map((c) => c.name)).toEqual(['RUN', 'CMD']);
    const folds = await s.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: URI } });
    expect(folds?.[0]).toMatchObject({ startLine: 0, endLine: 2 });
  });

  it('answers sanely for unknown documents and positions past the end, and keeps serving', async () => {
    const s = await start(PULL);
    const none = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nope' }, position: { line: 99, character: 99 } });
    expect(none).toBeNull();
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\r\nRUN echo "héllo 😀" && cd /x\r\n' } });
    const past = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 500, character: 3 } });
    expect(past === null || typeof past === 'object').toBe(true);
    const d = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
    const cd = d.items.find((x) => x.code === 'cd-instead-of-workdir');
    // After a CRLF, an é and an emoji (two UTF-16 units): `cd` starts at UTF-16 character 23 of line 1 (22 code points).
    expect(cd?.range.start).toEqual({ line: 1, character: 23 });
    expect(await stop(s)).toBe(0);
  });

  it('semantic tokens: a delta applied to the previous result equals a fresh full result', async () => {
    const s = await start(PULL);
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    const full = await s.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: URI } });
    expect(full?.data.length).toBeGreaterThan(0);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'ARG V=1\n' }],
    });
    const delta = await s.conn.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri: URI }, previousResultId: full?.resultId ?? '' });
    const data = [...(full?.data ?? [])];
    for (const e of ('edits' in (delta ?? {}) ? (delta as { edits: Array<{ start: number; deleteCount: number; data?: number[] }> }).edits : [])) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const fresh = await s.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: URI } });
    expect(data).toEqual(fresh?.data);
    expect(await stop(s)).toBe(0);
  });

  it('diagnostics carry related information and tags', async () => {
    const s = await start(PULL);
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n' } });
    const r = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
    const multiple = r.items.find((d) => d.code === 'multiple-cmd');
    expect(multiple?.relatedInformation?.[0]?.location).toEqual({ uri: URI, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } } });
    expect(multiple?.tags).toEqual([1]); // Unnecessary: the earlier CMD has no effect
  });

  it('reads the editor settings (berth.rules, berth.configPath) and re-reads them when they change', async () => {
    const dir = project({ 'team.berth.yaml': 'rules:\n  apt-get-install-recommends: off\n' });
    const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    running.push({ conn, proc, stderr: () => '', init: { capabilities: {} } });
    let settings: unknown = { rules: { DL3025: 'off', 'stage-name-casing': 'error' } };
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { ...PULL, workspace: { configuration: true } }, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } });
    const codes = async (): Promise<Array<[unknown, unknown]>> => {
      // The settings arrive asynchronously after initialized: ask until they apply (or give up after 5 s).
      for (let i = 0; i < 50; i++) {
        const r = (await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
        const list = r.items.map((d) => [d.code, d.severity] as [unknown, unknown]);
        if (!list.some(([c]) => c === 'shell-form-command')) return list;
        await new Promise((res) => setTimeout(res, 100));
      }
      return [];
    };
    const first = await codes();
    expect(first).toContainEqual(['stage-name-casing', 1]);
    expect(first.map(([c]) => c)).toContain('apt-get-install-recommends');

    settings = { configPath: 'team.berth.yaml' };
    await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    let second: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      const r = (await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
      second = r.items.map((d) => d.code);
      if (!second.includes('apt-get-install-recommends')) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(second).not.toContain('apt-get-install-recommends');
    expect(second).toContain('shell-form-command');
  });

  it('reads the .dockerignore of a Dockerfile on disk (its own first, else its folder\'s) and again when files change', async () => {
    const dir = project({
      'app/Dockerfile': 'FROM alpine:3.20\nCOPY secret.txt /app/\nCOPY notes.md /app/\n',
      'app/.dockerignore': 'secret.txt\n',
      'app/other.Dockerfile': 'FROM alpine:3.20\nCOPY secret.txt /app/\nCOPY notes.md /app/\n',
      'app/other.Dockerfile.dockerignore': '*.md\n',
    });
    const s = await start(PULL, dir);
    const ignored = async (name: string): Promise<string[]> => {
      const uri = pathToFileURL(join(dir, 'app', name)).href;
      const text = readFileSync(join(dir, 'app', name), 'utf8');
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      const r = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as { items: Diagnostic[] };
      await s.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      return r.items.filter((d) => d.code === 'copy-ignored-file').map((d) => text.split('\n')[d.range.start.line] ?? '');
    };
    expect(await ignored('Dockerfile')).toEqual(['COPY secret.txt /app/']);
    // BuildKit prefers <Dockerfile>.dockerignore to the folder's .dockerignore.
    expect(await ignored('other.Dockerfile')).toEqual(['COPY notes.md /app/']);
    writeFileSync(join(dir, 'app', '.dockerignore'), 'notes.md\n');
    await s.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'app', '.dockerignore')).href, type: 2 }] });
    expect(await ignored('Dockerfile')).toEqual(['COPY notes.md /app/']);
  });

  const hasShellcheck = spawnSync('sh', ['-c', 'command -v shellcheck']).status === 0 || process.env.BERTH_REQUIRE_SHELLCHECK === '1';
  it.skipIf(!hasShellcheck)('runs ShellCheck in the background and adds its findings (pull and push); a setting turns it off', async () => {
    const text = 'FROM alpine:3.20\nRUN echo $foo\n';
    // Pull: the first answer has berth's findings; after a refresh ShellCheck's arrive.
    const s = await start(PULL);
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text } });
    let codes: unknown[] = [];
    for (let i = 0; i < 100 && !codes.some((c) => String(c).startsWith('SC')); i++) {
      const r = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as { items: Diagnostic[] };
      codes = r.items.map((d) => d.code);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(codes).toContain('SC2086');

    // Push, with ShellCheck turned off by the editor settings: no SC finding ever arrives.
    const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: project({}) });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    running.push({ conn, proc, stderr: () => '', init: { capabilities: {} } });
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({ shellcheck: { enabled: false } })));
    const published: unknown[][] = [];
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p.diagnostics.map((d) => d.code));
    });
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});
    await new Promise((res) => setTimeout(res, 300));
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text } });
    await new Promise((res) => setTimeout(res, 1500));
    expect(published.length).toBeGreaterThan(0);
    expect(published.flat().some((c) => String(c).startsWith('SC'))).toBe(false);
  });
});

/** Opens a document and returns its pushed diagnostics (push mode) once they arrive. */
async function openPushed(s: Server, uri: string, text: string): Promise<Diagnostic[]> {
  const got = new Promise<Diagnostic[]>((resolve) => {
    s.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri) resolve(p.diagnostics);
    });
  });
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  return got;
}

const items = (r: CompletionItem[] | { items: CompletionItem[] } | null): CompletionItem[] => (Array.isArray(r) ? r : (r?.items ?? []));
const EMPTY = 'file:///tmp/berth-lsp-test/empty/Dockerfile';
const CAPS_TEXT = 'FROM alpine:3.20 AS Build\nCMD ["a"]\nCMD ["b"]\nMAINTAINER me\nRUN echo $HOME\n';

describe('berth lsp --stdio: only what the client said it can take', () => {
  it('a client that announces nothing: plain text, no snippets, flat outline, no edits it cannot apply', async () => {
    const s = await start({});
    expect(s.init.capabilities.positionEncoding).toBe('utf-16');
    expect(s.init.capabilities.renameProvider).toBe(true); // RenameOptions need prepareSupport
    expect(s.init.capabilities.codeActionProvider).toBeUndefined(); // neither literals nor workspace/applyEdit
    expect(s.init.capabilities.semanticTokensProvider).toBeUndefined();

    const diags = await openPushed(s, URI, CAPS_TEXT);
    expect(diags.length).toBeGreaterThan(0);
    for (const d of diags) {
      expect(d.codeDescription).toBeUndefined();
      expect(d.tags).toBeUndefined();
      expect(d.relatedInformation).toBeUndefined();
    }
    // The place a related location points to is then part of the message.
    expect(diags.find((d) => d.code === 'multiple-cmd')?.message).toMatch(/\(line 3: .+\)$/);

    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: EMPTY, languageId: 'dockerfile', version: 1, text: '' } });
    const first = items(await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: EMPTY }, position: { line: 0, character: 0 } }));
    expect(first.map((c) => c.label)).toEqual(expect.arrayContaining(['FROM', 'ARG', '# syntax=docker/dockerfile:1']));
    for (const c of first) {
      expect(c.insertTextFormat).toBe(1);
      expect(c.kind).not.toBe(15);
      expect(JSON.stringify(c.textEdit)).not.toMatch(/\$\{?\d/);
      if (c.documentation !== undefined) expect(c.documentation).toMatchObject({ kind: 'plaintext' });
    }
    const maintainer = items(await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 2 } })).find((c) => c.label === 'MAINTAINER');
    expect(maintainer).toBeDefined();
    expect(maintainer?.tags).toBeUndefined();
    expect(maintainer?.deprecated).toBeUndefined();

    const h = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 1 } });
    expect(h?.contents).toMatchObject({ kind: 'plaintext' });
    expect((h?.contents as { value: string }).value).not.toMatch(/\*\*|`/);
    const sig = await s.conn.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 5 } });
    expect(typeof sig?.signatures[0]?.documentation).toBe('string');

    const symbols = (await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as Array<{ name: string; location?: unknown; containerName?: string; children?: unknown }>;
    expect(symbols.every((x) => x.location !== undefined && x.children === undefined)).toBe(true);
    expect(symbols.filter((x) => x.containerName === 'Build').map((x) => x.name)).toEqual(['CMD', 'CMD', 'MAINTAINER', 'RUN']);

    const actions = await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 21 }, end: { line: 0, character: 21 } }, context: { diagnostics: [] } });
    expect(actions).toEqual([]);
    const renamed = await s.conn.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 21 }, newName: 'build' });
    expect(renamed).toEqual({ changes: { [URI]: [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 25 } }, newText: 'build' }] } });
    expect(await stop(s)).toBe(0);
  });

  it('Eglot without yasnippet: markdown when it says so, but never snippet text in the buffer', async () => {
    const s = await start({
      workspace: { applyEdit: true },
      textDocument: {
        completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'], tagSupport: { valueSet: [1] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        publishDiagnostics: { relatedInformation: false, codeDescriptionSupport: false, tagSupport: { valueSet: [1, 2] } },
      },
    });
    await openPushed(s, URI, 'FROM alpine:3.20 AS Build\nRUN echo hi\n');
    for (const position of [{ line: 1, character: 0 }, { line: 2, character: 0 }]) {
      const list = items(await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position }));
      expect(list.length).toBeGreaterThan(10);
      for (const c of list) {
        expect(c.insertTextFormat).toBe(1);
        expect(JSON.stringify(c.textEdit)).not.toMatch(/\$\{?\d/);
      }
      expect(list.find((c) => c.label === 'ARG')?.textEdit).toMatchObject({ newText: 'ARG ' });
      expect(list.find((c) => c.label === 'MAINTAINER')?.tags).toEqual([1]);
      expect(list.find((c) => c.label === 'RUN')?.documentation).toMatchObject({ kind: 'markdown' });
    }
    // A code action literal, but no isPreferred (not announced) and plain `changes` (no documentChanges).
    const actions = (await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 21 }, end: { line: 0, character: 21 } }, context: { diagnostics: [] } })) ?? [];
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) {
      expect('command' in a && typeof a.command === 'string').toBe(false);
      expect('isPreferred' in a).toBe(false);
      expect(Object.keys((a as { edit?: object }).edit ?? {})).toEqual(['changes']);
    }
    expect(await stop(s)).toBe(0);
  });

  it('a client without code action literals gets commands; running one applies the edit through the client', async () => {
    const s = await start({ workspace: { applyEdit: true } });
    expect(s.init.capabilities.codeActionProvider).toBe(true);
    expect(s.init.capabilities.executeCommandProvider?.commands).toEqual(['berth.server.applyEdit']);
    const applied: unknown[] = [];
    s.conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      applied.push(p.edit);
      return { applied: true };
    });
    await openPushed(s, URI, 'FROM golang:1.23 AS Build\n');
    const actions = (await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 21 }, end: { line: 0, character: 21 } }, context: { diagnostics: [] } })) ?? [];
    const fix = actions.find((a) => a.title.includes('build')) as { command: string; arguments?: unknown[] } | undefined;
    expect(fix?.command).toBe('berth.server.applyEdit');
    await s.conn.sendRequest(ExecuteCommandRequest.type, { command: fix?.command ?? '', arguments: fix?.arguments ?? [] });
    expect(applied).toEqual([{ changes: { [URI]: [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 25 } }, newText: 'build' }] } }]);
    expect(await stop(s)).toBe(0);
  });

  it('a full client: snippets, markdown, deprecated tags, insert-or-replace, links, versioned edits, its token types', async () => {
    const caps: ClientCapabilities = { ...FULL, textDocument: { ...FULL.textDocument, semanticTokens: { requests: { full: true }, tokenTypes: ['keyword', 'comment'], tokenModifiers: ['deprecated', 'declaration'], formats: ['relative'] } } };
    const s = await start(caps);
    expect(s.init.capabilities.renameProvider).toEqual({ prepareProvider: true });
    expect(s.init.capabilities.semanticTokensProvider).toMatchObject({ legend: { tokenTypes: ['keyword', 'comment'], tokenModifiers: ['declaration'] }, full: true });
    expect(s.init.capabilities.semanticTokensProvider).not.toHaveProperty('range');
    await openPushed(s, URI, 'FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /a /b\n');
    const list = items(await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 2 } }));
    const heredoc = list.find((c) => c.kind === 15 && JSON.stringify(c.textEdit).includes('<<EOF'));
    expect(heredoc).toMatchObject({ insertTextFormat: 2, insertTextMode: 1 });
    expect(list.find((c) => c.label === 'MAINTAINER')?.tags).toEqual([1]);
    // In the middle of `RUN`: insert up to the cursor, or replace the whole word.
    expect(list.find((c) => c.label === 'RUN')?.textEdit).toEqual({
      newText: 'RUN ',
      insert: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } },
      replace: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
    });
    const def = await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 13 } });
    expect(def).toEqual([
      {
        originSelectionRange: { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } },
        targetUri: URI,
        targetRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 25 } },
        targetSelectionRange: { start: { line: 0, character: 20 }, end: { line: 0, character: 25 } },
      },
    ]);
    const renamed = (await s.conn.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 21 }, newName: 'compile' })) as { documentChanges?: Array<{ textDocument: unknown; edits: unknown[] }> };
    expect(renamed.documentChanges?.[0]?.textDocument).toEqual({ uri: URI, version: 1 });
    expect(renamed.documentChanges?.[0]?.edits).toHaveLength(2);
    const tokens = await s.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: URI } });
    const types = new Set((tokens?.data ?? []).filter((_, i) => i % 5 === 3));
    expect([...types].sort()).toEqual([0]); // keywords only: the file has no comment, and no type the client lacks
    expect(await stop(s)).toBe(0);
  });

  it('berth/ruleDocumentation: the rule page offline, by any of its names, with the web link at the end', async () => {
    const s = await start({});
    type Doc = { ids: string[]; markdown: string; urls: string[] } | null;
    const ask = (rule: string): Promise<Doc> => s.conn.sendRequest('berth/ruleDocumentation', { rule });
    const dl = await ask('DL3008');
    expect(dl?.ids).toEqual(['apt-get-unpinned']);
    expect(dl?.markdown).toMatch(/^# apt-get-unpinned\n/);
    expect(dl?.markdown).toContain('## Why');
    expect(dl?.urls).toEqual(['https://github.com/berth-lint/berth/blob/main/docs/rules/apt-get-unpinned.md']);
    expect(dl?.markdown.trimEnd().endsWith(`(${dl?.urls[0]})`)).toBe(true);
    const builtin = await ask('unknown-instruction');
    expect(builtin?.markdown).toContain('not one of the 18 instructions');
    const sc = await ask('sc2086');
    expect(sc?.ids).toEqual(['SC2086']);
    expect(sc?.markdown).toContain('https://www.shellcheck.net/wiki/SC2086');
    expect(await ask('no-such-rule')).toBeNull();
    expect(await stop(s)).toBe(0);
  });
});

describe('berth lsp --stdio: formatting', () => {
  it('document, range and on-type formatting: indentation removed from instructions, the same edits for a line', async () => {
    const s = await start(FULL);
    const text = '  FROM alpine:3.20\r\n\tRUN apk add \\\r\n curl\r\n  RUN <<EOF\r\n  body\r\nEOF\r\n';
    await openPushed(s, URI, text);
    const options = { tabSize: 4, insertSpaces: true };
    const all = (await s.conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: URI }, options })) ?? [];
    expect(all).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: '' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: '' },
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: '    ' },
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } }, newText: '' },
    ]);
    for (let line = 0; line < 6; line++) {
      const ranged = await s.conn.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: URI }, range: { start: { line, character: 1 }, end: { line, character: 3 } }, options });
      expect(ranged).toEqual(all.filter((e) => e.range.start.line === line));
      // After Enter at the start of the next line: the line just ended is formatted the same way.
      const typed = (await s.conn.sendRequest(DocumentOnTypeFormattingRequest.type, { textDocument: { uri: URI }, position: { line: line + 1, character: 0 }, ch: '\n', options })) ?? [];
      expect(typed.filter((e) => e.range.start.line === line)).toEqual(all.filter((e) => e.range.start.line === line));
    }
    expect(await stop(s)).toBe(0);
  });
});
