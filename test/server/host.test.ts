/**
 * The server proper (server/server.ts) started in this process with a host of our own making: whatever is
 * machine-bound (configuration files, ShellCheck, the bash parser, the version, exiting, the memory) must reach
 * the server through the host, and nothing else. And the server proper bundles for a browser (a Web Worker, issue
 * #18) without a single Node module.
 */
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShowMessageRequest,
  ShutdownRequest,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type ShowMessageRequestParams,
} from 'vscode-languageserver-protocol';
import type { ConfigFragment } from '../../rules/engine/config-file.js';
import type { Diagnostic as BerthDiagnostic } from '../../rules/engine/lint.js';
import type { FoundConfig, ServerHost } from '../../server/host.js';
import { serverInProcess } from '../helpers/in-process.js';

const fragment = (rules: Record<string, 'off' | 'error'>): ConfigFragment => ({
  rules: new Map(Object.entries(rules).map(([id, severity]) => [id, { severity }])),
  settings: {},
  cli: {},
  files: { include: [], exclude: [] },
});

/** A host whose every service is recorded: folders /a (image-without-tag off), /broken (an unusable file), others none. */
function fakeHost(over: Partial<ServerHost> = {}) {
  const calls = { exit: [] as number[], find: [] as string[], reload: 0, shellcheckRuns: 0 };
  const host: ServerHost = {
    version: '9.9.9-host-test',
    config: {
      scope: (uri) => uri.slice(0, uri.lastIndexOf('/')),
      find: (uri): FoundConfig => {
        calls.find.push(uri);
        if (uri.startsWith('file:///a/')) return { fragment: fragment({ 'image-without-tag': 'off' }) };
        if (uri.startsWith('file:///broken/')) return { fragment: undefined, error: { file: '/broken/.berth.yaml', message: 'rules: not a mapping' } };
        return { fragment: undefined };
      },
      reload: () => void calls.reload++,
    },
    // The test process has loaded the bash parser already (test/helpers/setup-shell.ts): never asked for here.
    loadShellParser: async () => 'no bash parser in this test host',
    shellcheck: {
      find: () => '/fake/shellcheck',
      run: async (parse) => {
        calls.shellcheckRuns++;
        const at = parse.text.indexOf('$HOME');
        const d: BerthDiagnostic = { rule: 'SC2086', aliases: [], severity: 'info', message: 'from the fake ShellCheck', start: at, end: at + 5, kind: 'rule' };
        return { diagnostics: at >= 0 ? [d] : [] };
      },
    },
    exit: (code) => void calls.exit.push(code),
    ...over,
  };
  return { host, calls };
}

const PULL: ClientCapabilities = {
  workspace: { diagnostics: { refreshSupport: false } },
  textDocument: { publishDiagnostics: { codeDescriptionSupport: true }, diagnostic: { dynamicRegistration: false } },
};

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

async function session(host: ServerHost) {
  const { conn, close } = serverInProcess(host);
  const shown: ShowMessageRequestParams[] = [];
  conn.onRequest(ShowMessageRequest.type, (p) => {
    shown.push(p);
    return null;
  });
  conn.listen();
  open.push(close);
  const init = await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: PULL, workspaceFolders: null });
  await conn.sendNotification(InitializedNotification.type, {});
  const pull = async (uri: string, text: string): Promise<Diagnostic[]> => {
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    const r = (await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as DocumentDiagnosticReport & { items: Diagnostic[] };
    return r.items;
  };
  return { conn, init, shown, pull };
}

describe('the server proper, on a host of our own', () => {
  it('announces the host’s version', async () => {
    const { init } = await session(fakeHost().host);
    expect(init.serverInfo).toEqual({ name: 'berth', version: '9.9.9-host-test' });
  });

  it('takes each document’s configuration from the host, one lookup per scope, and shows an unusable file once', async () => {
    const { host, calls } = fakeHost();
    const s = await session(host);
    const text = 'FROM debian\nCMD ["x"]\n';
    const codes = async (uri: string) => (await s.pull(uri, text)).map((d) => d.code);
    expect(await codes('file:///b/Dockerfile')).toContain('image-without-tag');
    expect(await codes('file:///a/Dockerfile')).not.toContain('image-without-tag');
    expect(await codes('file:///a/Other.Dockerfile')).not.toContain('image-without-tag');
    expect(calls.find.filter((u) => u.startsWith('file:///a/'))).toEqual(['file:///a/Dockerfile']);
    expect(await codes('file:///broken/Dockerfile')).toContain('image-without-tag');
    await s.pull('file:///broken/Two.Dockerfile', text);
    expect(s.shown.filter((m) => m.message.includes('rules: not a mapping'))).toHaveLength(1);
  });

  it('runs ShellCheck through the host once the version settles, and its findings join the document’s', async () => {
    const { host, calls } = fakeHost();
    const s = await session(host);
    const uri = 'file:///b/Dockerfile';
    const text = 'FROM debian:12\nRUN echo $HOME\n';
    expect((await s.pull(uri, text)).map((d) => d.code)).not.toContain('SC2086');
    await new Promise((r) => setTimeout(r, 600));
    expect(calls.shellcheckRuns).toBe(1);
    const again = (await s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as { items: Diagnostic[] };
    const sc = again.items.find((d) => d.code === 'SC2086');
    expect(sc?.range).toEqual({ start: { line: 1, character: 9 }, end: { line: 1, character: 14 } });
  });

  it('a host without ShellCheck or memory figures: no ShellCheck, and berth/memoryUsage is an error, not a crash', async () => {
    const { host } = fakeHost({ shellcheck: undefined });
    const s = await session(host);
    expect((await s.pull('file:///b/Dockerfile', 'FROM debian:12\nRUN echo $HOME\n')).map((d) => d.code)).not.toContain('SC2086');
    await expect(s.conn.sendRequest('berth/memoryUsage')).rejects.toThrow(/cannot be measured/);
  });

  it('exit goes through the host: 0 after shutdown', async () => {
    const { host, calls } = fakeHost();
    const s = await session(host);
    await s.conn.sendRequest(ShutdownRequest.type);
    await s.conn.sendNotification(ExitNotification.type);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.exit).toEqual([0]);
  });

  it('the host’s test hook: a document containing its marker fails to analyse and says so', async () => {
    const { host } = fakeHost({ failAnalysisOf: 'POISON' });
    const s = await session(host);
    expect((await s.pull('file:///b/Dockerfile', 'FROM debian:12\n# POISON\n')).map((d) => d.code)).toEqual(['internal-error']);
  });
});

describe('initialize is answered before the core (grammar, rules, features) is loaded', () => {
  it('a host still preparing: initialize answers; edits and requests that arrive meanwhile wait, in order, and are answered', async () => {
    let prepared = false;
    let release: () => void = () => undefined;
    const { host } = fakeHost({ prepare: () => new Promise<void>((r) => (release = () => ((prepared = true), r()))) });
    const { conn, close } = serverInProcess(host);
    conn.listen();
    open.push(close);
    const init = await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: PULL, workspaceFolders: null });
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(prepared).toBe(false);
    await conn.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///b/Dockerfile';
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM debian\n' } });
    // Typed before the core is there: the pull below must see the newest text (two findings), not the first.
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'FROM debian\nMAINTAINER me\n' }] });
    let answered = false;
    const pulled = conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }).then((r) => ((answered = true), r as DocumentDiagnosticReport & { items: Diagnostic[] }));
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    release();
    const codes = (await pulled).items.map((d) => d.code);
    expect(codes).toContain('image-without-tag');
    expect(codes).toContain('maintainer-deprecated');
  });

  it('a host whose preparation fails: requests get an error, and the server keeps answering', async () => {
    const { host } = fakeHost({ prepare: () => Promise.reject(new Error('no configuration reader here')) });
    const s = await session(host);
    await expect(s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: 'file:///b/Dockerfile' } })).rejects.toThrow(/no configuration reader here/);
    expect((await s.conn.sendRequest(ShutdownRequest.type)) ?? null).toBeNull();
  });
});

describe('the server proper outside Node', () => {
  it('bundles for a browser without any Node module', async () => {
    const r = await build({
      entryPoints: ['server/server.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // The bash parser's runtime is loaded at run time from wherever the page serves it.
      external: ['web-tree-sitter'],
    });
    expect(r.errors).toEqual([]);
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((i) => /^node:|\/node\/main\.js$|vscode-uri|\/yaml\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => /^(host|cli)\//.test(i) || /^server\/(main|node-host|framing)\.ts$/.test(i))).toEqual([]);
  });
});
