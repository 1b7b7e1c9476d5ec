/**
 * The one place every message from the client passes before any handler sees it, at the moment it is read:
 * - not a JSON-RPC message → InvalidRequest (id null when it has no usable id), logged, dropped;
 * - the lifecycle: before `initialize` a request gets ServerNotInitialized (-32002) and a notification other than
 *   `exit` is dropped; a second `initialize`, and any request after `shutdown`, get InvalidRequest; `exit` ends
 *   the process with 0 after `shutdown`, else 1 — in the order the messages came;
 * - params checked against server/params.ts: InvalidParams for a request, logged and dropped for a notification;
 * - document changes (didOpen, didChange, didClose) are applied as soon as they are read, not when their turn
 *   in the connection's queue comes: a request queued behind a burst of edits is answered on the newest text,
 *   with its positions carried through the edits that arrived after it, and diagnostics are computed for the
 *   newest version only, never for versions already replaced.
 */
import {
  ErrorCodes,
  LSPErrorCodes,
  type ConnectionStrategy,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageStrategy,
  type MessageWriter,
  type NotificationMessage,
  type Position,
  type Range,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver';
import { checkParams } from './params.js';

/** The LSP error code for a request that arrives before `initialize`. */
export const SERVER_NOT_INITIALIZED = -32002;

export interface DocumentHooks {
  open(p: { textDocument: { uri: string; languageId: string; version: number; text: string } }): void;
  change(p: { textDocument: { uri: string; version: number }; contentChanges: ({ range: Range; text: string } | { text: string })[] }): void;
  close(p: { textDocument: { uri: string } }): void;
}

export interface GateOptions {
  writer: MessageWriter;
  documents: DocumentHooks;
  log(level: 'error' | 'warn' | 'info', message: string): void;
  /** Ends the process (the `exit` notification). */
  exit(code: number): void;
}

type State = 'new' | 'running' | 'shutdown';
type Id = number | string;

const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

/** Where a position lands after `text` replaced `range` (UTF-16 columns, as LSP counts them). */
export function mapPosition(pos: Position, range: Range, text: string): void {
  const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
  const { start, end } = range;
  if (!before(start, pos)) return;
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1] as string;
  const newEnd = { line: start.line + lines.length - 1, character: lines.length === 1 ? start.character + last.length : last.length };
  if (before(pos, end)) {
    // Inside the replaced text: to its start.
    pos.line = start.line;
    pos.character = start.character;
  } else if (pos.line === end.line) {
    pos.character = newEnd.character + (pos.character - end.character);
    pos.line = newEnd.line;
  } else pos.line += newEnd.line - end.line;
}

export class Gate {
  private state: State = 'new';
  /** Positions inside requests read but not yet handled, by document: edits read after them move them. */
  private readonly tracked = new Map<string, Map<Id, Position[]>>();
  private readonly trackedUri = new Map<Id, string>();

  constructor(private readonly o: GateOptions) {}

  get shutdown(): boolean {
    return this.state === 'shutdown';
  }

  /** The reader the connection listens to: every message passes `receive` first. */
  wrap(reader: MessageReader): MessageReader {
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback: DataCallback): Disposable =>
        reader.listen((message) => {
          let pass = false;
          try {
            pass = this.receive(message);
          } catch (e) {
            this.o.log('error', `berth: a message could not be checked: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
          if (pass) callback(message);
        }),
      dispose: () => reader.dispose(),
    };
  }

  /** Runs as the connection takes each message from its queue, in arrival order. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      const m = message as Partial<RequestMessage>;
      if (m.id !== undefined && m.method !== undefined && isId(m.id)) this.untrack(m.id);
      if (m.method === 'exit' && m.id === undefined) {
        this.o.exit(this.state === 'shutdown' ? 0 : 1);
        return;
      }
      return next(message);
    },
  };

  /**
   * A request the client cancels before its turn comes is answered at once (RequestCancelled) and never run:
   * an editor that cancels each superseded diagnostics pull gets no work done for it.
   */
  readonly connectionStrategy: ConnectionStrategy = {
    cancelUndispatched: (message) => {
      const id = (message as RequestMessage).id;
      if (isId(id)) this.untrack(id);
      return { jsonrpc: '2.0', id, error: { code: LSPErrorCodes.RequestCancelled, message: 'berth: cancelled before it ran' } };
    },
  };

  /** A body that was not JSON: JSON-RPC's parse error, with id null since none could be read. */
  parseError(reason: string): void {
    this.o.log('error', `berth: ${reason}`);
    this.reply(null, ErrorCodes.ParseError, `berth: ${reason}`);
  }

  private reply(id: Id | null, code: number, message: string): void {
    const response: ResponseMessage = { jsonrpc: '2.0', id, error: { code, message } };
    this.o.writer.write(response).catch(() => undefined);
  }

  /** True when the message goes on to the connection. */
  private receive(raw: unknown): boolean {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.o.log('error', `berth: dropped a message that is not a JSON-RPC object: ${JSON.stringify(raw)?.slice(0, 200)}`);
      this.reply(null, ErrorCodes.InvalidRequest, 'berth: a message must be a JSON-RPC object (batches are not part of LSP)');
      return false;
    }
    const m = raw as Partial<RequestMessage> & Partial<ResponseMessage>;
    if (m.method === undefined) {
      // A response to one of the server's requests: the connection matches it (and logs one it cannot).
      if (m.id !== undefined && ('result' in m || 'error' in m)) return true;
      this.o.log('error', `berth: dropped a message with neither a method nor a result: ${JSON.stringify(raw).slice(0, 200)}`);
      this.reply(isId(m.id) ? m.id : null, ErrorCodes.InvalidRequest, 'berth: a message needs a method (or a result, for a response)');
      return false;
    }
    if (typeof m.method !== 'string' || (m.id !== undefined && !isId(m.id))) {
      this.o.log('error', `berth: dropped a malformed message: ${JSON.stringify(raw).slice(0, 200)}`);
      this.reply(isId(m.id) ? m.id : null, ErrorCodes.InvalidRequest, 'berth: the method must be a string and the id an integer or a string');
      return false;
    }
    return m.id !== undefined ? this.request(m as RequestMessage) : this.notification(m as NotificationMessage);
  }

  private request(m: RequestMessage): boolean {
    if (this.state === 'new' && m.method !== 'initialize') {
      this.reply(m.id, SERVER_NOT_INITIALIZED, `berth: ${m.method} before initialize`);
      return false;
    }
    if (this.state !== 'new' && m.method === 'initialize') {
      this.reply(m.id, ErrorCodes.InvalidRequest, 'berth: initialize was already received');
      return false;
    }
    if (this.state === 'shutdown') {
      this.reply(m.id, ErrorCodes.InvalidRequest, `berth: ${m.method} after shutdown`);
      return false;
    }
    const problem = checkParams(m.method, m.params);
    if (problem) {
      this.o.log('warn', `berth: ${m.method}: invalid params: ${problem}`);
      this.reply(m.id, ErrorCodes.InvalidParams, `berth: invalid params: ${problem}`);
      return false;
    }
    if (m.method === 'initialize') this.state = 'running';
    else if (m.method === 'shutdown') this.state = 'shutdown';
    else this.track(m);
    return true;
  }

  private notification(m: NotificationMessage): boolean {
    if (m.method === 'exit') return true;
    if (this.state !== 'running') {
      this.o.log('warn', `berth: dropped ${m.method}: ${this.state === 'new' ? 'it came before initialize' : 'it came after shutdown'}`);
      return false;
    }
    const problem = checkParams(m.method, m.params);
    if (problem) {
      this.o.log('error', `berth: dropped ${m.method}: invalid params: ${problem}`);
      return false;
    }
    const params = m.params as never;
    switch (m.method) {
      case 'textDocument/didOpen':
        this.o.documents.open(params);
        return false;
      case 'textDocument/didChange': {
        const p = params as Parameters<DocumentHooks['change']>[0];
        const waiting = this.tracked.get(p.textDocument.uri);
        if (waiting) for (const change of p.contentChanges) if ('range' in change) for (const positions of waiting.values()) for (const pos of positions) mapPosition(pos, change.range, change.text);
        this.o.documents.change(p);
        return false;
      }
      case 'textDocument/didClose':
        this.o.documents.close(params);
        return false;
      case '$/cancelRequest':
        this.untrack((m.params as { id: Id }).id);
        return true;
      default:
        return true;
    }
  }

  /** Remembers the positions of a request on a document, to carry them through edits read before it is handled. */
  private track(m: RequestMessage): void {
    const p = m.params as { textDocument?: { uri?: unknown }; position?: Position; range?: Range; positions?: Position[] } | undefined;
    const uri = p?.textDocument?.uri;
    if (typeof uri !== 'string') return;
    const positions = [...(p?.position ? [p.position] : []), ...(p?.range ? [p.range.start, p.range.end] : []), ...(p?.positions ?? [])];
    if (positions.length === 0) return;
    let forUri = this.tracked.get(uri);
    if (!forUri) this.tracked.set(uri, (forUri = new Map()));
    forUri.set(m.id as Id, positions);
    this.trackedUri.set(m.id as Id, uri);
  }

  private untrack(id: Id): void {
    const uri = this.trackedUri.get(id);
    if (uri === undefined) return;
    this.trackedUri.delete(id);
    const forUri = this.tracked.get(uri);
    forUri?.delete(id);
    if (forUri?.size === 0) this.tracked.delete(uri);
  }
}
