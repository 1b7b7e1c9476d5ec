/**
 * `npm run package` builds the VS Code extension and packs it with @vscode/vsce (offline; a couple of seconds).
 * The .vsix is then opened here (a zip) and checked: the bundled client and server, the tree-sitter files the
 * server loads at run time, a manifest that matches what client/src/extension.ts registers and reads, and — from
 * the unpacked .vsix, outside this repository so nothing resolves to its node_modules — the bundled server lints
 * a RUN script (so the .wasm files are found) and answers `initialize` over node IPC as VS Code starts it.
 * The `vscode` module here is a FAKE (test/client/fake-vscode.ts): no VS Code can run in this environment.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DocumentDiagnosticRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  type FullDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver-protocol/node';
import { FakeLanguageClient, Position, document, recorded, reset } from './fake-vscode.js';

vi.mock('vscode', async () => (await import('./fake-vscode.js')).vscode);
vi.mock('vscode-languageclient/node', async () => (await import('./fake-vscode.js')).languageClientModule);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT = join(ROOT, 'client');

/** The entries of a zip file, decompressed (stored and deflated entries: what vsce writes). */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

interface Manifest {
  name: string;
  version: string;
  main: string;
  icon: string;
  activationEvents: string[];
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
}

let files: Map<string, Buffer>;
let unpacked: string;

beforeAll(() => {
  const manifest = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8')) as Manifest;
  // Fails the suite when packaging fails: vsce needs no network for `package`.
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  files = unzip(readFileSync(join(CLIENT, `${manifest.name}-${manifest.version}.vsix`)));
  unpacked = mkdtempSync(join(tmpdir(), 'berth-vsix-'));
  for (const [name, data] of files) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(unpacked, name)), { recursive: true });
    writeFileSync(join(unpacked, name), data);
  }
}, 180_000);

const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) p.kill();
});

describe('npm run package → the .vsix', () => {
  it('holds the client, the bundled server and the files the server loads at run time', () => {
    const names = [...files.keys()];
    for (const f of [
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/icon.png',
      'extension/dist/extension.cjs',
      'extension/dist/berth.mjs',
      'extension/dist/THIRD_PARTY_NOTICES.txt',
      'extension/dist/node_modules/web-tree-sitter/package.json',
      'extension/dist/node_modules/web-tree-sitter/web-tree-sitter.js',
      'extension/dist/node_modules/web-tree-sitter/web-tree-sitter.wasm',
      'extension/dist/node_modules/tree-sitter-bash/package.json',
      'extension/dist/node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
    ]) {
      expect(names, f).toContain(f);
    }
    // Nothing else: no sources, no maps, no tests, no repository node_modules.
    expect(names.filter((n) => n.startsWith('extension/') && !n.startsWith('extension/dist/')).sort()).toEqual(
      ['extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt', 'extension/icon.png'].sort(),
    );
    expect(names.filter((n) => /\.(ts|map)$/.test(n))).toEqual([]);
    const icon = files.get('extension/icon.png') as Buffer;
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
  });

  it('has a manifest that matches what the extension registers and reads', async () => {
    const ext = await import('../../client/src/extension.js');
    const manifest = JSON.parse((files.get('extension/package.json') as Buffer).toString('utf8')) as Manifest;
    expect(files.has(`extension/${manifest.main.replace(/^\.\//, '')}`)).toBe(true);
    expect(files.has(`extension/${manifest.icon}`)).toBe(true);
    expect(manifest.activationEvents).toEqual([...ext.ACTIVATION_EVENTS]);
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(Object.values(ext.COMMANDS).sort());
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual(Object.values(ext.SETTINGS).sort());
    expect(files.has(`extension/${ext.BUNDLED_SERVER}`)).toBe(true);
  });

  it('the bundled server, unpacked outside the repository, finds the bash parser and lints a RUN script', () => {
    writeFileSync(join(unpacked, 'Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    let out = '';
    try {
      execFileSync(process.execPath, [join(unpacked, 'extension/dist/berth.mjs'), 'lint', '--no-shellcheck', '--no-color', 'Dockerfile'], { cwd: unpacked, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout) + String((e as { stderr?: string }).stderr);
    }
    expect(out).toContain('apt-get-unpinned'); // a rule that looks inside RUN: the .wasm files were found
    expect(out).not.toContain('cannot load the bash parser');
  });

  it('the bundled server starts as VS Code starts it (`lsp --node-ipc --clientProcessId=…`) and answers', async () => {
    const child = fork(join(unpacked, 'extension/dist/berth.mjs'), ['lsp', '--node-ipc', `--clientProcessId=${process.pid}`], { cwd: unpacked, silent: true });
    running.push(child);
    const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.listen();
    const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } });
    expect(init.serverInfo?.name).toBe('berth');
    await conn.sendNotification(InitializedNotification.type, {});
    const uri = `file://${join(unpacked, 'Dockerfile')}`;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine:latest\n' } });
    const report = (await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    expect(report.items.length).toBeGreaterThan(0);
    expect(report.items.every((d) => d.source === 'berth')).toBe(true);
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    conn.dispose();
  });

  it('Show the syntax tree runs the bundled `berth parse` and opens its output read-only (fake vscode API)', async () => {
    reset();
    FakeLanguageClient.instances = [];
    const ext = await import('../../client/src/extension.js');
    const extensionPath = join(unpacked, 'extension');
    await ext.activate({ extensionPath, subscriptions: [], asAbsolutePath: (p: string) => join(extensionPath, p) } as never);
    try {
      recorded.activeEditor = { document: document('/w/Dockerfile', 'FROM alpine\nRUN echo hi\n'), selection: { active: new Position(0, 0) } };
      await recorded.commands.get(ext.COMMANDS.showSyntaxTree)?.();
      expect(recorded.opened).toHaveLength(1);
      const view = recorded.opened[0];
      expect(view?.uri).toMatch(new RegExp(`^${ext.VIEW_SCHEME}:/Dockerfile\\.tree\\?`));
      expect(view?.language).toBe('plaintext');
      expect(view?.text).toMatch(/^File@0\.\.24\n/);
      expect(view?.text).toContain('Keyword@12..15 "RUN"');
    } finally {
      await ext.deactivate();
    }
  });

  it('a rule page with the server stopped comes from the bundled `berth explain --format markdown` (fake vscode API)', async () => {
    reset();
    FakeLanguageClient.instances = [];
    const ext = await import('../../client/src/extension.js');
    const extensionPath = join(unpacked, 'extension');
    await ext.activate({ extensionPath, subscriptions: [], asAbsolutePath: (p: string) => join(extensionPath, p) } as never);
    try {
      await FakeLanguageClient.instances.at(-1)?.stop();
      const pages = recorded.contentProviders.get(ext.RULE_SCHEME);
      const page = await pages?.provideTextDocumentContent(ext.ruleUri('DL3008') as never);
      expect(page).toMatch(/^# apt-get-unpinned\n/);
      expect(page?.trimEnd().endsWith('(https://github.com/berth-lint/berth/blob/main/docs/rules/apt-get-unpinned.md)')).toBe(true);
      expect(await pages?.provideTextDocumentContent(ext.ruleUri('no-such-rule') as never)).toContain('unknown rule');
    } finally {
      await ext.deactivate();
    }
  });
});
