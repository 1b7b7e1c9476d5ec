/**
 * prepareRename and rename as LSP asks (server/requests.ts): where nothing can be renamed, prepareRename answers
 * null; where berth knows why the name there cannot be renamed, RequestFailed (-32803) with that reason, which
 * the client shows. Never InvalidRequest (-32600), which says the message itself was not a valid request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  RenameRequest,
  ResponseError,
  type PrepareRenameParams,
} from 'vscode-languageserver-protocol';
import { defaultConfig } from '../../rules/engine/config.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import type { ServerHost } from '../../server/host.js';
import { prepareRenameAt } from '../../server/requests.js';
import { serverInProcess } from '../helpers/in-process.js';

const URI = 'file:///x/Dockerfile';
const docOf = (text: string): AnalyzedDocument => new AnalyzedDocument(URI, 1, text, defaultConfig());
const at = (line: number, character: number): PrepareRenameParams => ({ textDocument: { uri: URI }, position: { line, character } });

const STAGES = 'FROM a:1 AS build\nFROM b:1\nCOPY --from=0 /a /a\nCOPY --from=build /b /b\n';
const BY_NUMBER = 'This refers to the stage by its number; name the stage to rename it.';

/** What prepareRenameAt throws, or undefined. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('prepareRenameAt', () => {
  it('a name that can be renamed: its range and text', () => {
    expect(prepareRenameAt(docOf(STAGES), at(0, 14))).toEqual({ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 17 } }, placeholder: 'build' });
    expect(prepareRenameAt(docOf(STAGES), at(3, 14))).toMatchObject({ placeholder: 'build' });
  });

  it('nothing that can be renamed at the position: null', () => {
    expect(prepareRenameAt(docOf('FROM a:1\nCMD x\n'), at(1, 1))).toBeNull();
    expect(prepareRenameAt(docOf(STAGES), at(1, 2))).toBeNull();
    expect(prepareRenameAt(docOf(''), at(0, 0))).toBeNull();
  });

  it('a document that is not open: null', () => {
    expect(prepareRenameAt(undefined, at(0, 0))).toBeNull();
  });

  it('a name berth cannot rename, for a reason it knows: RequestFailed with the reason', () => {
    const byNumber = thrown(() => prepareRenameAt(docOf(STAGES), at(2, 12)));
    expect(byNumber).toBeInstanceOf(ResponseError);
    expect(byNumber).toMatchObject({ code: LSPErrorCodes.RequestFailed, message: BY_NUMBER });
    expect(thrown(() => prepareRenameAt(docOf('FROM alpine:3.20\nRUN echo $HOME\n'), at(1, 11)))).toMatchObject({
      code: LSPErrorCodes.RequestFailed,
      message: '`HOME` is not declared in this file.',
    });
    expect(thrown(() => prepareRenameAt(docOf('FROM --platform=$BUILDPLATFORM alpine:3.20\n'), at(0, 18)))).toMatchObject({ code: LSPErrorCodes.RequestFailed, message: expect.stringMatching(/set by BuildKit/) });
  });
});

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/** The server proper in this process, on a host that has nothing to give. */
async function session(text: string) {
  const host: ServerHost = {
    version: '0.0.0-rename-test',
    config: { scope: (uri) => uri.slice(0, uri.lastIndexOf('/')), find: () => ({ fragment: undefined }), reload: () => undefined },
    loadShellParser: async () => 'no bash parser in this test host',
    exit: () => undefined,
  };
  const { conn, close } = serverInProcess(host);
  conn.listen();
  open.push(close);
  const init = await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: { textDocument: { rename: { prepareSupport: true } } }, workspaceFolders: null });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text } });
  return { conn, init };
}

/** The error a request is answered with (undefined: it was answered with a result). */
async function errorOf(p: Promise<unknown>): Promise<{ code: number; message: string } | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e as ResponseError<unknown>;
  }
}

describe('textDocument/prepareRename and textDocument/rename on the wire', () => {
  it('null where nothing can be renamed, RequestFailed with the reason where berth knows one', async () => {
    const { conn, init } = await session(STAGES);
    expect(init.capabilities.renameProvider).toEqual({ prepareProvider: true });
    expect(await conn.sendRequest(PrepareRenameRequest.type, at(1, 2))).toBeNull();
    expect(await conn.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: 'file:///not/open/Dockerfile' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await errorOf(conn.sendRequest(PrepareRenameRequest.type, at(2, 12)))).toMatchObject({ code: -32803, message: BY_NUMBER });
    expect(await conn.sendRequest(PrepareRenameRequest.type, at(0, 14))).toMatchObject({ placeholder: 'build' });
  });

  it('a rename that cannot be done is RequestFailed with the reason too, not InvalidRequest', async () => {
    const { conn } = await session(STAGES);
    expect(await errorOf(conn.sendRequest(RenameRequest.type, { ...at(2, 12), newName: 'x' }))).toMatchObject({ code: -32803, message: BY_NUMBER });
    expect(await errorOf(conn.sendRequest(RenameRequest.type, { ...at(0, 14), newName: '1bad' }))).toMatchObject({ code: -32803, message: expect.stringMatching(/not a valid stage name/) });
    expect(await errorOf(conn.sendRequest(RenameRequest.type, { ...at(0, 14), newName: 'compile' }))).toBeUndefined();
  });
});
