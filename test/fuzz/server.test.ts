/**
 * Fuzz, the language server: one `berth lsp --stdio` process (the built bin/berth.js) fed generated documents,
 * generated edits (incremental and full) and requests of every kind at random positions (inside the text, past a
 * line's end, past the last line, huge), then malformed messages.
 *
 * What must hold: the server never exits; it answers every request with a result or a deliberate JSON-RPC error
 * (never InternalError, never a logged failure); its view of each document is the client's (formatting and
 * semantic tokens equal what the library computes from the client's copy of the text); every range it sends lies
 * in the document; and after everything it still answers a well-formed request correctly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentFormattingRequest,
  ErrorCodes,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LSPErrorCodes,
  ResponseError,
  SemanticTokensRequest,
  type ClientCapabilities,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../rules/engine/config.js';
import { APPLY_EDIT_COMMAND, toTextEdits } from '../../server/convert.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { format } from '../../server/features/formatting.js';
import { encodeTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/features/semantic-tokens.js';
import { BIN, project } from '../helpers/cli.js';
import { anyDockerfileText, EXAMPLE_LINES, HOSTILE } from '../helpers/dockerfile-arbitraries.js';
import { FUZZ_TIMEOUT, fuzzParams } from './options.js';

/** What VS Code announces, for the parts berth reads, pulling diagnostics and answering workspace/configuration. */
const CAPABILITIES: ClientCapabilities = {
  workspace: { applyEdit: true, configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true }, diagnostics: { refreshSupport: true } },
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedInformation: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source'] } }, isPreferredSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    definition: { linkSupport: true },
    semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS], formats: ['relative'] },
  },
};

/** Errors a well-formed request may get on purpose: "cannot rename this", "cancelled", "no such command". */
const DELIBERATE = new Set<number>([ErrorCodes.InvalidRequest, LSPErrorCodes.RequestFailed, LSPErrorCodes.ServerCancelled, LSPErrorCodes.RequestCancelled, LSPErrorCodes.ContentModified]);
const deliberate = (method: string, code: number): boolean => DELIBERATE.has(code) || (method === 'workspace/executeCommand' && code === ErrorCodes.InvalidParams);

interface Server {
  conn: ProtocolConnection;
  proc: ChildProcessWithoutNullStreams;
  dir: string;
  /** window/logMessage errors and the server's stderr. */
  errors: string[];
  exited: () => boolean;
}

async function startServer(opts: { pull?: boolean } = {}): Promise<Server> {
  // Preview rules and every check on, for the documents of this folder.
  const dir = project({ '.berth.yaml': 'preview: true\nreportUnusedSuppressions: true\nstrictLabels: true\n' });
  const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  const errors: string[] = [];
  let exited = false;
  proc.on('exit', () => (exited = true));
  proc.stderr.on('data', (b: Buffer) => errors.push(`stderr: ${b.toString()}`));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  // The server's own requests: settings (ShellCheck off, so no background runs), refreshes, registrations.
  conn.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? []).map(() => ({ shellcheck: { enabled: false } })));
  for (const method of ['client/registerCapability', 'workspace/diagnostic/refresh', 'workspace/semanticTokens/refresh', 'window/workDoneProgress/create', 'window/showMessageRequest']) conn.onRequest(method, () => null);
  conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
  conn.listen();
  const capabilities = opts.pull === false ? { ...CAPABILITIES, textDocument: { ...CAPABILITIES.textDocument, diagnostic: undefined } } : CAPABILITIES;
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities, workspaceFolders: null });
  await conn.sendNotification(InitializedNotification.type, {});
  return { conn, proc, dir, errors, exited: () => exited };
}

/**
 * Sends a request; its answer as `{ result }` or `{ error }` (a JSON-RPC error). A server that exits or does not
 * answer within `ms` fails the test at once instead of leaving it waiting.
 */
async function ask(s: Server, method: string, params: unknown, ms = 20_000): Promise<{ result?: unknown; error?: ResponseError<unknown> }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method}: no answer in ${ms} ms${s.exited() ? ' (the server exited)' : ''}`)), ms);
    s.proc.once('exit', (code) => reject(new Error(`${method}: the server exited (code ${code})`)));
  });
  try {
    return { result: await Promise.race([s.conn.sendRequest(method, params), gaveUp]) };
  } catch (e) {
    if (e instanceof ResponseError) return { error: e };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** The result of a request that must succeed. */
async function result(s: Server, method: string, params: unknown): Promise<unknown> {
  const a = await ask(s, method, params);
  if (a.error) throw new Error(`${method}: error ${a.error.code} ${a.error.message}`);
  return a.result;
}

// ---------------------------------------------------------------------------------------------------------------
// Generated sessions

/** A position relative to the current text: inside it, past the line's end, past the last line, or huge. */
type Pos = { kind: 'in' | 'past-char' | 'past-line' | 'huge'; a: number; b: number };
const pos: fc.Arbitrary<Pos> = fc.record({
  kind: fc.constantFrom<Pos['kind']>('in', 'in', 'in', 'in', 'past-char', 'past-line', 'huge'),
  a: fc.nat(),
  b: fc.nat(),
});

function resolve(doc: TextDocument, p: Pos): { line: number; character: number } {
  const lines = doc.lineCount;
  const line = p.a % lines;
  const length = doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 });
  switch (p.kind) {
    case 'in':
      return { line, character: p.b % (length + 1) };
    case 'past-char':
      return { line, character: length + 1 + (p.b % 50) };
    case 'past-line':
      return { line: lines + (p.b % 5), character: p.b % 20 };
    case 'huge':
      return { line: p.a % 2 === 0 ? line : 2 ** 31 - 1, character: 2 ** 31 - 1 };
  }
}

const insertion = fc.oneof(
  fc.constantFrom('', '\n', '\r\n', '\r', ' \\\n', '\\', '"', "'", '<<EOF\n', 'EOF\n', '${', '$(', '\t', 'é', '😀', '\ud83d', '\ude00', '\ufeff', '# berth-ignore all\n', 'x'),
  fc.constantFrom(...EXAMPLE_LINES).map((l) => `${l}\n`),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Where an edit's ends go: inside the text or past a line's end (past the last line: see the known item below). */
const editPos: fc.Arbitrary<Pos> = fc.record({ kind: fc.constantFrom<Pos['kind']>('in', 'in', 'in', 'past-char'), a: fc.nat(), b: fc.nat() });

type Action =
  | { do: 'edit'; from: Pos; to: Pos; text: string }
  | { do: 'replace'; text: string }
  | { do: 'request'; method: string; at: Pos; to: Pos; name: string; ch: string };

const METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/signatureHelp',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/codeAction',
  'textDocument/formatting',
  'textDocument/rangeFormatting',
  'textDocument/onTypeFormatting',
  'textDocument/semanticTokens/full',
  'textDocument/semanticTokens/full/delta',
  'textDocument/semanticTokens/range',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/selectionRange',
  'textDocument/documentLink',
  'textDocument/inlayHint',
  'textDocument/diagnostic',
  'berth/ruleDocumentation',
  'workspace/executeCommand',
] as const;

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ do: fc.constant('edit' as const), from: editPos, to: editPos, text: insertion }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('replace' as const), text: anyDockerfileText }) },
  {
    weight: 6,
    arbitrary: fc.record({
      do: fc.constant('request' as const),
      method: fc.constantFrom(...METHODS),
      at: pos,
      to: pos,
      name: fc.constantFrom('x', 'NEW_NAME', 'build-2', '', 'a b', 'é😀', '\n'),
      ch: fc.constantFrom('\n', ' ', 'x'),
    }),
  },
);

function paramsFor(a: Extract<Action, { do: 'request' }>, uri: string, doc: TextDocument): unknown {
  const textDocument = { uri };
  const position = resolve(doc, a.at);
  const other = resolve(doc, a.to);
  const [start, end] = doc.offsetAt(position) <= doc.offsetAt(other) ? [position, other] : [other, position];
  const range = { start, end };
  const options = { tabSize: 1 + (a.at.b % 8), insertSpaces: a.at.a % 2 === 0 };
  switch (a.method) {
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: a.at.a % 2 === 0 } };
    case 'textDocument/rename':
      return { textDocument, position, newName: a.name };
    case 'textDocument/codeAction':
      return { textDocument, range, context: { diagnostics: [], ...(a.at.a % 3 === 0 ? { only: ['source.fixAll'] } : {}) } };
    case 'textDocument/formatting':
      return { textDocument, options };
    case 'textDocument/rangeFormatting':
      return { textDocument, range, options };
    case 'textDocument/onTypeFormatting':
      return { textDocument, position, ch: a.ch, options };
    case 'textDocument/semanticTokens/full':
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
    case 'textDocument/documentLink':
    case 'textDocument/diagnostic':
      return { textDocument };
    case 'textDocument/semanticTokens/full/delta':
      return { textDocument, previousResultId: String(a.at.a % 20) };
    case 'textDocument/semanticTokens/range':
    case 'textDocument/inlayHint':
      return { textDocument, range };
    case 'textDocument/selectionRange':
      return { textDocument, positions: [position, other] };
    case 'berth/ruleDocumentation':
      return { rule: a.at.a % 2 === 0 ? a.name : ['DL3008', 'apt-get-unpinned', 'SC2086', 'StageNameCasing', 'no-instructions'][a.at.b % 5] };
    case 'workspace/executeCommand':
      // berth's command, with an edit for the client to apply (this client declines), or one berth does not have.
      return a.at.a % 2 === 0 ? { command: APPLY_EDIT_COMMAND, arguments: [{ changes: { [uri]: [{ range, newText: a.name }] } }] } : { command: a.name, arguments: [] };
    default:
      return { textDocument, position };
  }
}

/** The length of a line's content (its line break left out), as the client counts it. */
function lineLength(doc: TextDocument, line: number): number {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/(\r\n|\r|\n)$/, '').length;
}

/** Every range and position in an answer lies in the document: a line that exists, within or at the end of it. */
function rangesIn(value: unknown, doc: TextDocument, where: string): void {
  const check = (p: unknown): void => {
    const q = p as { line: unknown; character: unknown };
    const ok = q && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0 && (q.line as number) < doc.lineCount && (q.character as number) >= 0 && (q.character as number) <= lineLength(doc, q.line as number);
    if (!ok) throw new Error(`${where}: position ${JSON.stringify(p)} is not in the document (${doc.lineCount} lines): ${JSON.stringify(doc.getText())}`);
  };
  const RANGES = new Set(['range', 'targetRange', 'targetSelectionRange', 'selectionRange', 'originSelectionRange', 'insert', 'replace']);
  const visit = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (RANGES.has(key) && 'start' in o && 'end' in o) {
        check(o.start);
        check(o.end);
      } else if (key === 'position') check(o);
      // Links to other documents (a rule's page) carry no ranges of this one; `data` is opaque.
      for (const [k, x] of Object.entries(o)) if (k !== 'data') visit(x, k);
    }
  };
  visit(value, '');
}

/**
 * The client's copy after a change, as the protocol defines it: positions past a line's end or past the last line
 * clamp to it. Computed on offsets and a fresh document, not with TextDocument.update, whose line table goes wrong
 * for a range past the last line (see the known item below).
 */
function applyChange(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocument {
  const text = doc.getText();
  const next = 'range' in change ? text.slice(0, doc.offsetAt(change.range.start)) + change.text + text.slice(doc.offsetAt(change.range.end)) : change.text;
  return TextDocument.create(doc.uri, doc.languageId, doc.version + 1, next);
}

const docOf = (t: string): AnalyzedDocument => new AnalyzedDocument('file:///fuzz/Dockerfile', 1, t, defaultConfig());
const legend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

let server: Server;
let sessions = 0;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  if (!server) return;
  server.conn.dispose();
  server.proc.kill();
});

/** One session on a new document: open, act, check the server's view of the text, close. */
async function session(initial: string, actions: readonly Action[]): Promise<void> {
  const s = server;
  const uri = pathToFileURL(join(s.dir, `s${++sessions}`, 'Dockerfile')).href;
  let doc = TextDocument.create(uri, 'dockerfile', 1, initial);
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: initial } });
  for (const a of actions) {
    if (a.do === 'edit' || a.do === 'replace') {
      const change: TextDocumentContentChangeEvent = a.do === 'replace' ? { text: a.text } : { range: { start: resolve(doc, a.from), end: resolve(doc, a.to) }, text: a.text };
      if ('range' in change && doc.offsetAt(change.range.start) > doc.offsetAt(change.range.end)) change.range = { start: change.range.end, end: change.range.start };
      doc = applyChange(doc, change);
      await s.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [change] });
      continue;
    }
    const answer = await ask(s, a.method, paramsFor(a, uri, doc));
    if (answer.error && !deliberate(a.method, answer.error.code)) throw new Error(`${a.method}: error ${answer.error.code} ${answer.error.message} on ${JSON.stringify(doc.getText())}`);
    rangesIn(answer.result, doc, a.method);
  }
  // The server holds the client's text: formatting and semantic tokens are what the library makes of it.
  const text = doc.getText();
  const expectedFormat = toTextEdits(docOf(text).lines, format(docOf(text), { tabSize: 4, insertSpaces: true }));
  expect(await result(s, DocumentFormattingRequest.method, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), `formatting of ${JSON.stringify(text)}`).toEqual(expectedFormat);
  const tokens = (await result(s, SemanticTokensRequest.method, { textDocument: { uri } })) as { data: number[] };
  expect(tokens.data, `semantic tokens of ${JSON.stringify(text)}`).toEqual(encodeTokens(semanticTokens(docOf(text)), docOf(text).lines, legend));
  const diagnostics = await ask(s, DocumentDiagnosticRequest.method, { textDocument: { uri } });
  expect(diagnostics.error).toBeUndefined();
  rangesIn(diagnostics.result, doc, 'diagnostics');
  await s.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  expect(s.errors, 'the server logged errors').toEqual([]);
  expect(s.exited(), 'the server exited').toBe(false);
}

/** A well-formed request on a known document gets the right answer: the server still works. */
async function stillServes(s: Server): Promise<void> {
  expect(s.exited(), 'the server exited').toBe(false);
  const uri = pathToFileURL(join(s.dir, 'final', 'Dockerfile')).href;
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nRUN apt-get install curl\n' } });
  const d = (await result(s, DocumentDiagnosticRequest.method, { textDocument: { uri } })) as { items: Array<{ code: string }> };
  expect(d.items.map((x) => x.code)).toContain('apt-get-missing-yes');
  const h = await result(s, HoverRequest.method, { textDocument: { uri }, position: { line: 0, character: 1 } });
  expect(JSON.stringify(h)).toContain('FROM');
  await s.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
}

describe('fuzz: the language server', () => {
  it('generated documents, edits and requests: every request answered, the server in step with the client', async () => {
    await fc.assert(
      fc.asyncProperty(anyDockerfileText, fc.array(action, { minLength: 5, maxLength: 40 }), (t, actions) => session(t, actions)),
      fuzzParams('server sessions', 25, { share: 1 / 10, limitMs: 30_000 }),
    );
    await stillServes(server);
  }, FUZZ_TIMEOUT);
});

describe('the language server on the hostile shapes of issue #14', () => {
  const shapes: Array<[string, string]> = [
    ['$( nested 3,000 deep', HOSTILE.nestedSubshells(3000)],
    ['200 heredocs on one RUN', HOSTILE.manyHeredocs(200)],
    ['a line of 70,000 characters', HOSTILE.longLine(70_000)],
    ['100 stages', HOSTILE.manyStages(100)],
    ['300 continuation lines', HOSTILE.longContinuation(300)],
  ];
  it('each opened, edited and asked about: answered, in step with the client', async () => {
    const requests = (['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/inlayHint'] as const).map(
      (method, i): Action => ({ do: 'request', method, at: { kind: 'in', a: i * 7, b: i * 13 }, to: { kind: 'in', a: i * 3 + 1, b: 5 }, name: 'x', ch: '\n' }),
    );
    for (const [, text] of shapes) {
      await session(text, [...requests, { do: 'edit', from: { kind: 'in', a: 1, b: 0 }, to: { kind: 'in', a: 1, b: 3 }, text: 'RUN' }, ...requests]);
    }
    await stillServes(server);
  }, 120_000);

  // Issue #14 (scaling part) found: opening a file whose ARGs double their value 30 times makes the
  // server exit (RangeError in variable expansion).
  it('ARGs doubling 30 deep: the server stays up', async () => {
    const s = await startServer();
    try {
      const uri = pathToFileURL(join(s.dir, 'args', 'Dockerfile')).href;
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: HOSTILE.argDoubling(30) } });
      const d = await ask(s, DocumentDiagnosticRequest.method, { textDocument: { uri } });
      expect(d.error).toBeUndefined();
      await stillServes(s);
    } finally {
      s.conn.dispose();
      s.proc.kill();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Malformed messages. Issue #14 (server part, "Crashes") found: params of the wrong shape reach the
// handlers, which answer with a raw TypeError (InternalError), and a didOpen without text kills the server. The
// tests below hold the server to what is right.

/** Params of the wrong shape for each request: wrong everywhere, then wrong in what the method needs. */
function malformed(method: (typeof METHODS)[number], uri: string): unknown[] {
  const doc = { uri };
  const out: unknown[] = [null, [1, 2, 3], 'text', 7, {}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: {} }];
  const badPositions = [null, { line: '1', character: 0 }, { line: -1, character: -5 }, { line: 0.5, character: 0 }, { line: 0 }, 'here'];
  const badRanges = [null, { start: null, end: 3 }, { start: { line: 0, character: 0 } }, { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }];
  const options = { tabSize: 4, insertSpaces: true };
  const position = { line: 0, character: 0 };
  const range = { start: position, end: position };
  switch (method) {
    case 'textDocument/codeAction':
      out.push(...badRanges.map((r) => ({ textDocument: doc, range: r, context: { diagnostics: [] } })), { textDocument: doc, range }, { textDocument: doc, range, context: null }, { textDocument: doc, range, context: { diagnostics: [], only: 'quickfix' } });
      break;
    case 'textDocument/formatting':
      out.push({ textDocument: doc }, { textDocument: doc, options: null }, { textDocument: doc, options: { tabSize: 'four', insertSpaces: true } });
      break;
    case 'textDocument/rangeFormatting':
      out.push(...badRanges.map((r) => ({ textDocument: doc, range: r, options })), { textDocument: doc, range });
      break;
    case 'textDocument/onTypeFormatting':
      out.push(...badPositions.map((p) => ({ textDocument: doc, position: p, ch: '\n', options })), { textDocument: doc, position, options }, { textDocument: doc, position, ch: '\n' });
      break;
    case 'textDocument/semanticTokens/range':
    case 'textDocument/inlayHint':
      out.push(...badRanges.map((r) => ({ textDocument: doc, range: r })));
      break;
    case 'textDocument/selectionRange':
      out.push({ textDocument: doc }, { textDocument: doc, positions: null }, { textDocument: doc, positions: [null] }, { textDocument: doc, positions: [{ line: 'x', character: 0 }] });
      break;
    case 'textDocument/semanticTokens/full/delta':
      out.push({ textDocument: doc, previousResultId: 5 });
      break;
    case 'textDocument/rename':
      out.push(...badPositions.map((p) => ({ textDocument: doc, position: p, newName: 'x' })), { textDocument: doc, position }, { textDocument: doc, position, newName: 42 });
      break;
    case 'textDocument/references':
      out.push(...badPositions.map((p) => ({ textDocument: doc, position: p, context: { includeDeclaration: true } })), { textDocument: doc, position });
      break;
    case 'berth/ruleDocumentation':
      return [null, [1], 'text', 7];
    case 'workspace/executeCommand':
      return [null, {}, { command: 42 }, { command: APPLY_EDIT_COMMAND, arguments: 'x' }, { command: APPLY_EDIT_COMMAND, arguments: [null] }];
    case 'textDocument/semanticTokens/full':
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
    case 'textDocument/documentLink':
    case 'textDocument/diagnostic':
      break;
    default:
      out.push(...badPositions.map((p) => ({ textDocument: doc, position: p })), { textDocument: doc });
  }
  return out;
}

describe('the language server on malformed messages', () => {
  let s: Server;
  let uri: string;
  beforeAll(async () => {
    s = await startServer();
    uri = pathToFileURL(join(s.dir, 'm', 'Dockerfile')).href;
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20 AS base\nRUN echo hi\n' } });
  });
  afterAll(() => {
    s?.conn.dispose();
    s?.proc.kill();
  });

  it('params of the wrong shape: InvalidParams for every request, and the server goes on', async () => {
    const wrong: string[] = [];
    for (const method of METHODS) {
      for (const params of malformed(method, uri)) {
        const a = await ask(s, method, params);
        if (a.error?.code !== ErrorCodes.InvalidParams) wrong.push(`${method} ${JSON.stringify(params)}: ${a.error ? `error ${a.error.code} ${a.error.message.split('\n')[0]}` : `result ${JSON.stringify(a.result)?.slice(0, 80)}`}`);
      }
    }
    expect(wrong).toEqual([]);
    await stillServes(s);
  });

  it('out-of-range positions are clamped, not errors', async () => {
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/signatureHelp']) {
      for (const position of [{ line: 999, character: 0 }, { line: 0, character: 999 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }]) {
        const a = await ask(s, method, { textDocument: { uri }, position });
        expect(a.error, `${method} at ${JSON.stringify(position)}`).toBeUndefined();
      }
    }
    await stillServes(s);
  });

  it('notifications of the wrong shape are dropped: the server stays up and keeps its documents', async () => {
    const bad: Array<[string, unknown]> = [
      ['textDocument/didOpen', { textDocument: { uri: `${uri}.2`, languageId: 'dockerfile', version: 1, text: null } }],
      ['textDocument/didOpen', null],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
      ['textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 'a' } }, text: 5 }] }],
      ['textDocument/didClose', { textDocument: null }],
      ['workspace/didChangeConfiguration', null],
    ];
    for (const [method, params] of bad) await s.conn.sendNotification(method, params);
    // The document opened without text was not opened; the other is as it was opened.
    expect(await result(s, DocumentDiagnosticRequest.method, { textDocument: { uri: `${uri}.2` } })).toEqual({ kind: 'full', items: [] });
    const f = await result(s, SemanticTokensRequest.method, { textDocument: { uri } });
    expect((f as { data: number[] }).data).toEqual(encodeTokens(semanticTokens(docOf('FROM alpine:3.20 AS base\nRUN echo hi\n')), docOf('FROM alpine:3.20 AS base\nRUN echo hi\n').lines, legend));
    await stillServes(s);
  });
});

describe('the language server on edits whose range lies past the last line', () => {
  // Not among the known items; found by this fuzz: the session applies changes with vscode-languageserver-
  // textdocument's TextDocument.update, whose line table gains lines that do not exist when a range starts on or
  // after the line past the last one and ends on a later line (`A\nB` with 2:0–3:0 counts 4 lines for `A\nBQ\n`).
  // Every later edit given by line and character then lands at the wrong offset, and the server's text silently
  // differs from the editor's until the next full sync. Clamping such ranges (or updating the text by offsets)
  // fixes it: server/session.ts now clamps each range to the text before applying it.
  it('such an edit is clamped to the end of the text and later edits land where the client put them', async () => {
    const s = await startServer();
    try {
      for (const [i, [initial, start, end]] of ([
        ['A\nB', { line: 2, character: 0 }, { line: 3, character: 0 }],
        ['A\nB\n', { line: 3, character: 0 }, { line: 4, character: 16 }],
        ['', { line: 2, character: 0 }, { line: 3, character: 0 }],
      ] as const).entries()) {
        const uri = pathToFileURL(join(s.dir, `past${i}`, 'Dockerfile')).href;
        let doc = TextDocument.create(uri, 'dockerfile', 1, initial);
        await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: initial } });
        const changes: TextDocumentContentChangeEvent[] = [
          { range: { start, end }, text: 'FROM alpine:3.20\n' },
          { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'RUN true\n' },
          { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# c\n' },
        ];
        for (const change of changes) {
          doc = applyChange(doc, change);
          await s.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [change] });
        }
        const tokens = (await result(s, SemanticTokensRequest.method, { textDocument: { uri } })) as { data: number[] };
        expect(tokens.data, JSON.stringify(doc.getText())).toEqual(encodeTokens(semanticTokens(docOf(doc.getText())), docOf(doc.getText()).lines, legend));
      }
    } finally {
      s.conn.dispose();
      s.proc.kill();
    }
  });
});

describe('the language server pushing diagnostics, on a document opened without text', () => {
  // Issue #14 (server part, "Crashes") found: the analysis of a document opened with `text: null`
  // throws outside any handler.
  it('the server stays up and keeps answering', async () => {
    const s = await startServer({ pull: false });
    try {
      const uri = pathToFileURL(join(s.dir, 'p', 'Dockerfile')).href;
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: null as unknown as string } });
      await new Promise((r) => setTimeout(r, 500));
      expect(s.exited(), 'the server exited').toBe(false);
      const h = await result(s, HoverRequest.method, { textDocument: { uri: `${uri}x` }, position: { line: 0, character: 0 } });
      expect(h).toBeNull();
    } finally {
      s.conn.dispose();
      s.proc.kill();
    }
  });
});

describe('the language server before initialize and on broken framing', () => {
  /** A raw server: bytes in, bytes out. */
  function raw(): { proc: ChildProcessWithoutNullStreams; out: () => string; send: (msg: unknown) => void } {
    const dir = project({});
    const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const send = (msg: unknown): void => {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin.write(body);
    };
    return { proc, out: () => out, send };
  }
  const waitFor = async (cond: () => boolean, ms: number): Promise<boolean> => {
    for (let t = 0; t < ms && !cond(); t += 25) await new Promise((r) => setTimeout(r, 25));
    return cond();
  };

  // Issue #14 (server part) found: requests before initialize are answered as if initialized.
  it('a request before initialize gets ServerNotInitialized (-32002)', async () => {
    const r = raw();
    try {
      r.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x' }, position: { line: 0, character: 0 } } });
      expect(await waitFor(() => r.out().includes('"id":1'), 5_000)).toBe(true);
      expect(r.out()).toContain('-32002');
    } finally {
      r.proc.kill();
    }
  });

  // Issue #14 (server part) found: a header with a bad Content-Length leaves the server deaf forever.
  it('a bad Content-Length header does not make the server deaf to the messages after it', async () => {
    const r = raw();
    try {
      r.proc.stdin.write('Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"x"}');
      r.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      expect(await waitFor(() => r.out().includes('"id":1'), 5_000)).toBe(true);
    } finally {
      r.proc.kill();
    }
  });
});
