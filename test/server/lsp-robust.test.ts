/**
 * The language server survives anything a client sends (issue #14): the real `berth lsp --stdio` (built
 * bin/berth.js), spoken to in raw bytes so that broken framing, malformed params and out-of-order lifecycle
 * messages can be sent exactly as a faulty client would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamMessageReader } from 'vscode-languageserver-protocol/node';
import { PARAMS } from '../../server/params.js';
import { BIN, project } from '../helpers/cli.js';

interface Msg {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Raw {
  proc: ChildProcessWithoutNullStreams;
  received: Msg[];
  /** Writes bytes as they are. */
  raw(bytes: string | Buffer): void;
  /** Writes one correctly framed message (params may be anything, `undefined` leaves them out). */
  send(m: Msg): void;
  /** The response to request `id`. */
  response(id: number | string, timeoutMs?: number): Promise<Msg>;
  /** Waits until a received message fits. */
  until(fits: (m: Msg) => boolean, timeoutMs?: number): Promise<Msg>;
  exited: Promise<number | null>;
  logs(): string;
}

const running: Raw[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.proc.kill();
});

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;

function startRaw(env: Record<string, string> = {}, args: string[] = []): Raw {
  const proc = spawn(process.execPath, [...args, BIN, 'lsp', '--stdio'], { cwd: project({}), env: { ...process.env, NO_COLOR: '1', ...env } });
  proc.stdin.on('error', () => {});
  const received: Msg[] = [];
  const waiters: { fits: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  new StreamMessageReader(proc.stdout).listen((m) => {
    const msg = m as Msg;
    received.push(msg);
    for (const w of [...waiters]) {
      if (w.fits(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  });
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const until = (fits: (m: Msg) => boolean, timeoutMs = 10_000): Promise<Msg> => {
    const seen = received.find(fits);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no such message within ${timeoutMs} ms; received: ${JSON.stringify(received).slice(-1500)}\nstderr: ${stderr}`)), timeoutMs);
      waiters.push({ fits, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  };
  const s: Raw = {
    proc,
    received,
    raw: (bytes) => void proc.stdin.write(bytes),
    send: (m) => void proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', ...m }))),
    response: (id, timeoutMs) => until((m) => m.id === id && m.method === undefined, timeoutMs),
    until,
    exited,
    logs: () =>
      received
        .filter((m) => m.method === 'window/logMessage')
        .map((m) => (m.params as { message: string }).message)
        .join('\n') + stderr,
  };
  running.push(s);
  return s;
}

const URI = 'file:///tmp/berth-robust/Dockerfile';
const TEXT = 'FROM alpine:3.20\nRUN apt-get install curl\n';

async function initialized(s: Raw, capabilities: object = {}): Promise<void> {
  s.send({ id: 'init', method: 'initialize', params: { processId: null, rootUri: null, capabilities } });
  expect((await s.response('init')).result).toHaveProperty('capabilities');
  s.send({ method: 'initialized', params: {} });
}

/** The server still works: a hover on an open document is answered. */
async function stillServing(s: Raw, id: string): Promise<void> {
  s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: `${URI}.${id}`, languageId: 'dockerfile', version: 1, text: TEXT } } });
  s.send({ id, method: 'textDocument/hover', params: { textDocument: { uri: `${URI}.${id}` }, position: { line: 0, character: 1 } } });
  const r = await s.response(id);
  expect(r.error).toBeUndefined();
  expect(JSON.stringify(r.result)).toMatch(/FROM/);
}

describe('berth lsp --stdio: broken framing', () => {
  const bad: [string, string][] = [
    ['a missing Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
    ['a non-numeric Content-Length', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
    ['an empty Content-Length', 'Content-Length: \r\n\r\n{}'],
    ['a huge Content-Length', 'Content-Length: 99999999999999999999\r\n\r\n{}'],
    ['a header line without a colon', 'Content-Length: 2\r\nnonsense\r\n\r\n{}'],
    ['bytes that are no header at all', 'hello, is this the language server?\n\n\r\n\r\n'],
    ['a Content-Length that runs past the next message', 'Content-Length: 5000\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
  ];
  for (const [what, bytes] of bad) {
    it(`${what}: the bad part is skipped and logged, and the next message is answered`, async () => {
      const s = startRaw();
      await initialized(s);
      s.raw(bytes);
      await stillServing(s, 'after');
      expect(s.logs()).toMatch(/framing|not JSON|skipped/i);
    });
  }

  it('a Content-Length too long with nothing after it does not stop the next message from being read', async () => {
    const s = startRaw();
    await initialized(s);
    s.raw('Content-Length: 5000\r\n\r\n{"jsonrpc":"2.0","method":"initialized"}');
    await new Promise((r) => setTimeout(r, 100));
    await stillServing(s, 'later');
  });

  it('a body that is not JSON gets a parse error (id null); one cut short by counting characters is read whole', async () => {
    const s = startRaw();
    await initialized(s);
    s.raw('Content-Length: 9\r\n\r\n{"broken"');
    expect((await s.until((m) => m.id === null && m.error?.code === -32700)).error?.message).toMatch(/not JSON/);
    // "é" is two bytes in UTF-8: a client that counts characters sends a length one short.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 'chars', method: 'berth/ruleDocumentation', params: { rule: 'DL3008' } }).replace('DL3008', 'DL3008é');
    s.raw(`Content-Length: ${body.length}\r\n\r\n${body}`);
    expect(await s.response('chars')).toHaveProperty('result', null);
    await stillServing(s, 'after');
  });

  it('messages split at every byte, and many in one write, are all read', async () => {
    const s = startRaw();
    const init = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    for (const ch of Buffer.from(init)) s.raw(Buffer.from([ch]));
    await s.response(1);
    s.raw(Array.from({ length: 50 }, (_, i) => frame(JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'berth/ruleDocumentation', params: { rule: 'nope' } }))).join(''));
    for (let i = 0; i < 50; i++) expect(await s.response(100 + i)).toHaveProperty('result', null);
  });

  it('JSON that is not a JSON-RPC message gets InvalidRequest and the server goes on', async () => {
    const s = startRaw();
    await initialized(s);
    for (const body of ['null', '42', '[1,2]', '{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}', '{"jsonrpc":"2.0","id":7}', '{"jsonrpc":"2.0","method":5}']) s.raw(frame(body));
    await s.until((m) => m.id === 7 && m.error?.code === -32600);
    await s.until(() => s.received.filter((m) => m.error?.code === -32600).length === 6);
    await stillServing(s, 'after');
  });
});

/** Requests whose params go through the table: every one gets InvalidParams for params of the wrong shape. */
const REQUESTS = Object.keys(PARAMS).filter((m) => !['initialize', 'initialized', 'shutdown', 'exit', 'berth/memoryUsage'].includes(m) && !m.startsWith('$/') && !/did(Open|Change|Close)|workDoneProgress/.test(m));
const NOTIFICATIONS = ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles', '$/cancelRequest', '$/setTrace', 'initialized'];

describe('berth lsp --stdio: malformed params', () => {
  it('a didOpen with text null is refused, logged, and the server goes on', async () => {
    const s = startRaw();
    await initialized(s);
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: null } } });
    await stillServing(s, 'after');
    expect(s.logs()).toMatch(/didOpen.*params\.textDocument\.text must be a string \(got null\)/);
    // Nothing was opened for the refused document.
    s.send({ id: 'sym', method: 'textDocument/documentSymbol', params: { textDocument: { uri: URI } } });
    expect((await s.response('sym')).result).toEqual([]);
  });

  it('every method the server announces has its params checked', async () => {
    const s = startRaw();
    s.send({ id: 'init', method: 'initialize', params: { processId: null, capabilities: { textDocument: { diagnostic: {}, semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } }, rename: { prepareSupport: true } } } } });
    const caps = ((await s.response('init')).result as { capabilities: Record<string, unknown> }).capabilities;
    const methods: Record<string, string[]> = {
      diagnosticProvider: ['textDocument/diagnostic'],
      hoverProvider: ['textDocument/hover'],
      completionProvider: ['textDocument/completion'],
      documentSymbolProvider: ['textDocument/documentSymbol'],
      definitionProvider: ['textDocument/definition'],
      referencesProvider: ['textDocument/references'],
      documentHighlightProvider: ['textDocument/documentHighlight'],
      renameProvider: ['textDocument/rename', 'textDocument/prepareRename'],
      foldingRangeProvider: ['textDocument/foldingRange'],
      selectionRangeProvider: ['textDocument/selectionRange'],
      signatureHelpProvider: ['textDocument/signatureHelp'],
      documentFormattingProvider: ['textDocument/formatting'],
      documentRangeFormattingProvider: ['textDocument/rangeFormatting'],
      documentOnTypeFormattingProvider: ['textDocument/onTypeFormatting'],
      inlayHintProvider: ['textDocument/inlayHint'],
      documentLinkProvider: ['textDocument/documentLink'],
      codeActionProvider: ['textDocument/codeAction'],
      executeCommandProvider: ['workspace/executeCommand'],
      semanticTokensProvider: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/full/delta', 'textDocument/semanticTokens/range'],
      textDocumentSync: ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose'],
    };
    for (const key of Object.keys(caps).filter((k) => k.endsWith('Provider') || k === 'textDocumentSync')) {
      expect(methods[key], `a method for ${key}`).toBeDefined();
      for (const m of methods[key] ?? []) expect(PARAMS, m).toHaveProperty([m]);
    }
  });

  it('every request answers InvalidParams for null, a number, an array, and wrongly typed fields', async () => {
    const s = startRaw();
    await initialized(s, { textDocument: { diagnostic: {} } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } } });
    const shapes: unknown[] = [null, 5, [1], {}, { textDocument: null }, { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }];
    let n = 0;
    for (const method of REQUESTS) for (const params of shapes) s.send({ id: `${method}#${n++}`, method, params });
    n = 0;
    for (const method of REQUESTS) {
      for (const params of shapes) {
        const r = await s.response(`${method}#${n++}`);
        expect(r.error?.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      }
    }
    // Positions and ranges are checked inside too: lines and characters are whole numbers ≥ 0.
    for (const [i, position] of [{ line: -1, character: 0 }, { line: 0, character: 'x' }, { line: 1.5, character: 0 }, null].entries()) {
      s.send({ id: `pos${i}`, method: 'textDocument/hover', params: { textDocument: { uri: URI }, position } });
      expect((await s.response(`pos${i}`)).error?.message).toMatch(/params\.position/);
    }
    s.send({ id: 'range', method: 'textDocument/codeAction', params: { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: null }, context: { diagnostics: [] } } });
    expect((await s.response('range')).error?.message).toMatch(/params\.range\.end/);
    await stillServing(s, 'after');
    expect(s.proc.exitCode).toBeNull();
  });

  it('every notification with params of the wrong shape is logged and dropped', async () => {
    const s = startRaw();
    await initialized(s);
    for (const method of NOTIFICATIONS) for (const params of [null, 7, 'x', [], { textDocument: { uri: 1 } }]) s.send({ method, params });
    await stillServing(s, 'after');
    for (const method of NOTIFICATIONS.filter((m) => m !== 'initialized')) expect(s.logs()).toContain(`dropped ${method}: invalid params`);
  });

  it('changes with ranges past the end, to documents never opened, and odd versions do not hurt', async () => {
    const s = startRaw();
    await initialized(s);
    s.send({ method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///never/opened', version: 3 }, contentChanges: [{ text: 'FROM x' }] } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 5, text: TEXT } } });
    s.send({ method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 90, character: 4 }, end: { line: 2, character: 900 } }, text: '\nLABEL a=b' }] } });
    s.send({ id: 'sym', method: 'textDocument/documentSymbol', params: { textDocument: { uri: URI } } });
    expect((await s.response('sym')).error).toBeUndefined();
    await stillServing(s, 'after');
  });
});

describe('berth lsp --stdio: lifecycle', () => {
  it('before initialize: requests get ServerNotInitialized, notifications are dropped (no diagnostics)', async () => {
    const s = startRaw();
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } } });
    s.send({ id: 'early', method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: { line: 0, character: 1 } } });
    expect((await s.response('early')).error?.code).toBe(-32002);
    await initialized(s);
    // The early didOpen was dropped: the document is not open, so a symbol request finds nothing.
    s.send({ id: 'sym', method: 'textDocument/documentSymbol', params: { textDocument: { uri: URI } } });
    expect((await s.response('sym')).result).toEqual([]);
    expect(s.received.some((m) => m.method === 'textDocument/publishDiagnostics')).toBe(false);
    s.send({ id: 'again', method: 'initialize', params: { processId: null, capabilities: {} } });
    expect((await s.response('again')).error?.code).toBe(-32600);
  });

  it('after shutdown: requests get InvalidRequest; exit then ends with code 0', async () => {
    const s = startRaw();
    await initialized(s);
    s.send({ id: 'down', method: 'shutdown' });
    expect(await s.response('down')).toHaveProperty('result', null);
    s.send({ id: 'late', method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: { line: 0, character: 0 } } });
    expect((await s.response('late')).error?.code).toBe(-32600);
    s.send({ method: 'exit' });
    expect(await s.exited).toBe(0);
  });

  it('exit without shutdown ends with code 1, before initialize too', async () => {
    const a = startRaw();
    await initialized(a);
    a.send({ method: 'exit' });
    expect(await a.exited).toBe(1);
    const b = startRaw();
    b.send({ method: 'exit' });
    expect(await b.exited).toBe(1);
  });

  it('the input closing ends the server (1 without shutdown)', async () => {
    const s = startRaw();
    await initialized(s);
    s.proc.stdin.end();
    expect(await s.exited).toBe(1);
  });
});

describe('berth lsp --stdio: a document whose analysis fails', () => {
  it('gets an internal-error diagnostic; the other documents keep getting theirs; the server keeps serving', async () => {
    const s = startRaw({ BERTH_TEST_FAIL_ANALYSIS: 'POISON' });
    await initialized(s, { textDocument: { publishDiagnostics: { versionSupport: true } } });
    const bad = `${URI}.bad`;
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: bad, languageId: 'dockerfile', version: 1, text: '# POISON\nFROM alpine\n' } } });
    const failed = await s.until((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === bad);
    const diags = (failed.params as { diagnostics: { code: string; message: string; severity: number }[] }).diagnostics;
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'internal-error', severity: 1 });
    expect(s.logs()).toMatch(/analysing .*bad \(version 1\) failed/);
    // Requests on it fail as errors, not as a dead server.
    s.send({ id: 'h', method: 'textDocument/hover', params: { textDocument: { uri: bad }, position: { line: 1, character: 1 } } });
    expect((await s.response('h')).error?.code).toBe(-32603);
    // Another document is analysed as usual, before and after an edit to the failing one.
    s.send({ method: 'textDocument/didChange', params: { textDocument: { uri: bad, version: 2 }, contentChanges: [{ text: '# POISON again\n' }] } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT } } });
    const good = await s.until((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === URI);
    expect(JSON.stringify(good.params)).toContain('apt-get');
    // Fixed: its diagnostics come back.
    s.send({ method: 'textDocument/didChange', params: { textDocument: { uri: bad, version: 3 }, contentChanges: [{ text: 'FROM alpine:3.20\nRUN sudo true\n' }] } });
    await s.until((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string; version: number }).version === 3 && JSON.stringify(m.params).includes('sudo'));
  });
});

/** A Dockerfile of some size, so that analysing it costs something. */
const BIG = ['# syntax=docker/dockerfile:1', 'FROM node:22-alpine AS build', 'WORKDIR /app', ...Array.from({ length: 60 }, (_, i) => `RUN apt-get install -y pkg${i} && cd /tmp && echo ${i}`), 'FROM alpine:3.20', 'COPY --from=build /app /app', 'CMD ["node", "/app/server.js"]', ''].join('\n');
const toggle = (i: number) => (i % 2 === 0 ? { range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, text: 'x' } : { range: { start: { line: 2, character: 12 }, end: { line: 2, character: 13 } }, text: '' });

describe('berth lsp --stdio: bursts of edits are analysed once, at their newest version', () => {
  it('push: 2,000 edits in one go — the final version is published soon after, intermediate versions mostly never', async () => {
    const s = startRaw();
    await initialized(s, { textDocument: { publishDiagnostics: { versionSupport: true } } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: BIG } } });
    await s.until((m) => m.method === 'textDocument/publishDiagnostics');
    const N = 2000;
    let burst = '';
    for (let v = 2; v <= N + 1; v++) burst += frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: v }, contentChanges: [toggle(v)] } }));
    const written = new Promise<number>((resolve) => s.proc.stdin.write(burst, () => resolve(performance.now())));
    const final = await s.until((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { version?: number }).version === N + 1, 20_000);
    const after = performance.now() - (await written);
    const published = s.received.filter((m) => m.method === 'textDocument/publishDiagnostics').length;
    expect(published).toBeLessThan(50);
    expect(after).toBeLessThan(3000);
    // N is even: the text is back to the original, so the findings are those of the first version.
    expect(JSON.stringify((final.params as { diagnostics: unknown[] }).diagnostics)).toBe(JSON.stringify((s.received.find((m) => m.method === 'textDocument/publishDiagnostics')?.params as { diagnostics: unknown[] }).diagnostics));
  });

  it('push: full-document syncs in a burst end on the last text', async () => {
    const s = startRaw();
    await initialized(s, { textDocument: { publishDiagnostics: { versionSupport: true } } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: BIG } } });
    let burst = '';
    for (let v = 2; v <= 501; v++) burst += frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: v }, contentChanges: [{ text: v === 501 ? 'FROM alpine:3.20\nRUN sudo true\n' : `${BIG}# ${v}\n` }] } }));
    s.raw(burst);
    const final = await s.until((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { version?: number }).version === 501, 20_000);
    expect(JSON.stringify(final.params)).toContain('sudo');
    expect(s.received.filter((m) => m.method === 'textDocument/publishDiagnostics').length).toBeLessThan(30);
  });

  it('pull: edits each followed by a pull — every pull is answered, for the newest text, from few analyses', async () => {
    const s = startRaw();
    await initialized(s, { textDocument: { diagnostic: {} } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: BIG } } });
    const N = 400;
    let burst = '';
    for (let v = 2; v <= N + 1; v++) {
      const change = v === N + 1 ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'MAINTAINER someone\n' } : toggle(v);
      burst += frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: v }, contentChanges: [change] } }));
      burst += frame(JSON.stringify({ jsonrpc: '2.0', id: v, method: 'textDocument/diagnostic', params: { textDocument: { uri: URI } } }));
    }
    s.raw(burst);
    const last = await s.response(N + 1, 30_000);
    expect(JSON.stringify(last.result)).toMatch(/maintainer/i);
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => s.response(i + 2)));
    expect(answers.every((a) => (a.result as { kind?: string } | undefined)?.kind === 'full')).toBe(true);
    // Each analysis with new findings has its own resultId: far fewer of them than pulls.
    expect(new Set(answers.map((a) => (a.result as { resultId: string }).resultId)).size).toBeLessThan(N / 10);
    expect(answers.filter((a) => JSON.stringify(a.result).match(/maintainer/i)).length).toBeGreaterThan(0);
    // A client that sends back the resultId it has gets "unchanged".
    s.send({ id: 'again', method: 'textDocument/diagnostic', params: { textDocument: { uri: URI }, previousResultId: (last.result as { resultId: string }).resultId } });
    expect((await s.response('again')).result).toMatchObject({ kind: 'unchanged' });
  });

  it('a request queued behind edits is answered on the newest text, its position carried through them', async () => {
    const s = startRaw();
    await initialized(s);
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nRUN true\n' } } });
    // The hover names line 0 (FROM) of version 1; the edits after it (in the same write) push FROM down two lines
    // and change the tag. Answered on the newest text at the carried position: FROM, with the new tag.
    s.raw(
      frame(JSON.stringify({ jsonrpc: '2.0', id: 'h', method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: { line: 0, character: 2 } } })) +
        frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }] } })) +
        frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'ARG X\n' }] } })) +
        frame(JSON.stringify({ jsonrpc: '2.0', id: 'sym', method: 'textDocument/documentSymbol', params: { textDocument: { uri: URI } } })),
    );
    const h = await s.response('h');
    expect(JSON.stringify(h.result)).toMatch(/FROM/);
    expect((h.result as { range: { start: { line: number } } }).range.start.line).toBe(3);
    expect(JSON.stringify((await s.response('sym')).result)).toContain('alpine');
  });

  it('retained memory does not grow with the number of edits (heap after a collection, --expose-gc)', async () => {
    const s = startRaw({}, ['--expose-gc']);
    await initialized(s, { textDocument: { diagnostic: {}, publishDiagnostics: { versionSupport: true } } });
    s.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: BIG } } });
    let v = 1;
    let id = 0;
    /** Edits, each analysed (the pull is awaited), with a hover and a completion on each version. */
    const session = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        v++;
        s.send({ method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: v }, contentChanges: [toggle(v)] } });
        s.send({ id: ++id, method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: { line: 3, character: 5 } } });
        s.send({ id: ++id, method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: { line: 2, character: 3 } } });
        s.send({ id: ++id, method: 'textDocument/diagnostic', params: { textDocument: { uri: URI } } });
        await s.response(id);
      }
      s.received.length = 0;
    };
    const heap = async (): Promise<number> => {
      s.send({ id: ++id, method: 'berth/memoryUsage' });
      const r = (await s.response(id)).result as { heapUsed: number; collected: boolean };
      expect(r.collected).toBe(true);
      return r.heapUsed;
    };
    await session(30);
    const early = await heap();
    await session(200);
    const late = await heap();
    // 200 more analysed versions: if anything were kept per version (~tens of KB each) this would be many MiB.
    expect(late - early).toBeLessThan(2 * 2 ** 20);
  }, 40_000);
});
