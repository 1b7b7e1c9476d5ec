/**
 * Reads LSP messages (`Content-Length: N\r\n\r\n` + N bytes of JSON) from a byte stream, and survives a client that
 * frames them badly.
 *
 * vscode-jsonrpc's own reader (ReadableStreamMessageReader, vscode-jsonrpc 10) handles a bad header like this: a
 * header block without Content-Length, or with a value parseInt cannot read, is consumed and reported as an error,
 * but the body after it stays in the buffer and is read as the next header block, so every later message is eaten
 * as the header of the one before it; a negative value becomes the length of the next read, which fails on every
 * chunk that arrives from then on. The process lives, but it never answers again.
 *
 * This reader does the framing itself. A header block that is not `Name: value` lines with exactly one
 * Content-Length of decimal digits is skipped up to the next `Content-Length:` in the stream, and what was skipped
 * is logged. A body that is not JSON is reported (the server answers it with a JSON-RPC parse error), and when a
 * `Content-Length:` header starts inside it (a length that was too long swallowed the next message, or only the
 * first bytes of its header) reading resumes at that header, and the bytes before it are read as the message when
 * they are JSON; a length that was too short (a client counting characters instead of bytes) is repaired when the
 * bytes up to the next header make JSON. A length that is too long is noticed as soon as the next header arrives,
 * not when the body's bytes are complete, so it never leaves the server waiting.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';

/** What goes wrong on the wire; `skipped` is a short printable preview of the bytes dropped. */
export interface FramingProblem {
  /** header: a header block skipped; body: a body cut wrongly; json: a body that is not JSON (answered as such). */
  kind: 'header' | 'body' | 'json';
  reason: string;
  skipped: string;
  bytes: number;
}

/** The longest header block accepted, and the largest body: anything beyond is garbage, not a message. */
const MAX_HEADER = 8 * 1024;
const MAX_BODY = 512 * 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
/**
 * A Content-Length header line as the stream has it. Its raw CR LF cannot occur inside JSON (not in a string, not
 * between tokens), so finding it inside a body proves the body is cut wrongly.
 */
const HEADER_LINE = /content-length:[ \t]*\d+[ \t]*\r\n/i;
/** Bytes kept at the end when nothing is found: the start of a header cut by a chunk boundary. */
const TAIL = 64;

/** A printable preview of skipped bytes for the log. */
function preview(bytes: Buffer): string {
  const s = bytes.subarray(0, 120).toString('latin1').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/[^\x20-\x7e]/g, '?');
  return bytes.length > 120 ? `${s}…` : s;
}

/** Where the next Content-Length header line starts in `buf`, at or after `from` (-1: none). */
function nextHeader(buf: Buffer, from: number): number {
  // Headers are ASCII; latin1 keeps one character per byte, so string offsets are byte offsets.
  const m = HEADER_LINE.exec(buf.toString('latin1', from));
  return m ? from + m.index : -1;
}

const HEADER_NAME = 'content-length:';
/** What may follow the name in a header line whose end has not arrived yet. */
const HEADER_VALUE_SO_FAR = /^[ \t]*(?:\d+[ \t]*\r?)?$/;

/** Whether `text` (the last bytes read) is the start of a Content-Length header line cut off by the end of the bytes. */
function isHeaderStart(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower.length <= HEADER_NAME.length) return HEADER_NAME.startsWith(lower);
  return lower.startsWith(HEADER_NAME) && HEADER_VALUE_SO_FAR.test(lower.slice(HEADER_NAME.length));
}

/**
 * Where a Content-Length header starts inside a body that is not JSON, `buf`'s first `bodyLength` bytes (-1: none;
 * never 0): the earliest header line, also one that begins in the body and ends after it (a length a few bytes too
 * long), or else the start of a header line cut off by the end of `buf` (the rest has not arrived yet).
 */
function headerInBody(buf: Buffer, bodyLength: number): number {
  const at = nextHeader(buf, 1);
  // A whole header line after the body's end rules out one starting inside it: the two would overlap.
  if (at >= 0) return at < bodyLength ? at : -1;
  for (let i = Math.max(1, buf.length - TAIL); i < Math.min(bodyLength, buf.length); i++) if (isHeaderStart(buf.toString('latin1', i))) return i;
  return -1;
}

/** The Content-Length of a header block, or why the block is not one. */
function contentLength(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line without "name: value": ${JSON.stringify(line.slice(0, 60))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value)) return `Content-Length is not a non-negative whole number: ${JSON.stringify(value.slice(0, 40))}`;
    if (length !== undefined) return 'two Content-Length headers';
    length = Number(value);
    if (length > MAX_BODY) return `Content-Length ${value} is larger than any message berth accepts`;
  }
  return length ?? 'no Content-Length header';
}

export class FramedStreamReader extends AbstractMessageReader implements MessageReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks of a long body still arriving, joined to `buf` once it is complete (no copy per chunk). */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** The body length being waited for, once a header block was read; -1 while reading headers. */
  private expecting = -1;
  private callback: DataCallback | undefined;

  constructor(
    private readonly readable: Readable,
    /** Told of every stretch of bytes skipped and every body that is not JSON. */
    private readonly onProblem: (p: FramingProblem) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (e: Error): void => this.fireError(e);
    const onClose = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onClose);
    this.readable.on('close', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onClose);
        this.readable.off('close', onClose);
      },
    };
  }

  /** Feeds bytes in (what the stream's data events do); public for tests that drive the reader directly. */
  onData(chunk: Buffer): void {
    if (this.expecting >= 0 && this.buf.length + this.partsLength + chunk.length < this.expecting) {
      // Still short of the body: keep the chunk unless a header in it shows the length was too long.
      if (nextHeader(Buffer.concat([this.tail(), chunk]), 0) < 0) {
        this.parts.push(chunk);
        this.partsLength += chunk.length;
        return;
      }
    }
    this.buf = this.buf.length === 0 && this.parts.length === 0 ? chunk : Buffer.concat([this.buf, ...this.parts, chunk]);
    this.parts = [];
    this.partsLength = 0;
    try {
      this.drain();
    } catch (e) {
      // A bug here must not leave the reader stuck: drop what is buffered and start afresh.
      this.onProblem({ kind: 'header', reason: `internal error while reading: ${e instanceof Error ? e.message : String(e)}`, skipped: preview(this.buf), bytes: this.buf.length });
      this.buf = Buffer.alloc(0);
      this.expecting = -1;
    }
  }

  /** The last TAIL bytes of the body read so far, across chunks (a header line may come a byte at a time). */
  private tail(): Buffer {
    const pieces: Buffer[] = [];
    let n = 0;
    for (let i = this.parts.length - 1; i >= -1 && n < TAIL; i--) {
      const part = (i >= 0 ? this.parts[i] : undefined) ?? this.buf;
      const piece = part.subarray(Math.max(0, part.length - (TAIL - n)));
      pieces.unshift(piece);
      n += piece.length;
    }
    return Buffer.concat(pieces);
  }

  private drain(): void {
    for (;;) {
      if (this.expecting < 0) {
        const end = this.buf.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buf.length > MAX_HEADER) this.skip(1, 'header', `no end of headers after ${MAX_HEADER} bytes`);
          else if (this.buf.length > 0 && nextHeader(this.buf, 0) > 0) this.skip(1, 'header', 'bytes before a header');
          return;
        }
        const length = contentLength(this.buf.toString('latin1', 0, end));
        if (typeof length === 'string') {
          this.skip(1, 'header', length);
          continue;
        }
        this.buf = this.buf.subarray(end + HEADER_END.length);
        this.expecting = length;
      }
      if (this.buf.length < this.expecting) {
        // A header inside the partial body: the length was too long and swallowed the next message.
        const at = nextHeader(this.buf, 0);
        if (at >= 0) {
          this.expecting = -1;
          this.cutBefore(at);
          continue;
        }
        return;
      }
      const body = this.buf.subarray(0, this.expecting);
      const rest = this.buf.subarray(this.expecting);
      this.expecting = -1;
      const message = this.decode(body);
      if (message.ok) {
        this.buf = rest;
        this.callback?.(message.value as Parameters<DataCallback>[0]);
        continue;
      }
      // Not JSON. A header starting inside it (`this.buf` is still body and rest): the length was too long.
      const inside = headerInBody(this.buf, body.length);
      if (inside > 0) {
        this.cutBefore(inside);
        continue;
      }
      // Too short (characters counted, not bytes): the bytes up to the next header may complete it.
      const next = nextHeader(rest, 0);
      const upTo = next >= 0 ? next : rest.length;
      if (upTo > 0 && (next >= 0 || upTo < MAX_HEADER)) {
        const longer = this.decode(Buffer.concat([body, rest.subarray(0, upTo)]));
        if (longer.ok) {
          this.buf = rest.subarray(upTo);
          this.onProblem({ kind: 'body', reason: `the Content-Length was ${body.length} bytes but the message has ${body.length + upTo}; read it whole`, skipped: '', bytes: 0 });
          this.callback?.(longer.value as Parameters<DataCallback>[0]);
          continue;
        }
      }
      this.buf = rest;
      this.onProblem({ kind: 'json', reason: `the body is not JSON (${message.error})`, skipped: preview(body), bytes: body.length });
    }
  }

  /**
   * The Content-Length ran past the next message's header, which starts at `at` in `buf`: reading resumes there, and
   * the bytes before it, the message at its right length, are read when they are JSON, else answered as not JSON.
   */
  private cutBefore(at: number): void {
    const before = this.buf.subarray(0, at);
    this.buf = this.buf.subarray(at);
    const reason = 'the Content-Length runs past the next message’s header';
    if (before.length === 0) {
      this.onProblem({ kind: 'body', reason, skipped: '', bytes: 0 });
      return;
    }
    const message = this.decode(before);
    if (message.ok) {
      this.onProblem({ kind: 'body', reason: `${reason}; read the ${before.length} bytes before that header as the message`, skipped: '', bytes: 0 });
      this.callback?.(message.value as Parameters<DataCallback>[0]);
    } else {
      this.onProblem({ kind: 'json', reason: `${reason}, and the body is not JSON up to there either (${message.error})`, skipped: preview(before), bytes: before.length });
    }
  }

  private decode(body: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
    try {
      return { ok: true, value: JSON.parse(body.toString('utf8')) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Drops bytes up to the next `Content-Length:` at or after `from` (all but a possible partial header if none). */
  private skip(from: number, kind: FramingProblem['kind'], reason: string): void {
    const at = nextHeader(this.buf, from);
    // Without a next header, keep the tail that could be the start of one cut by the chunk boundary.
    this.skipTo(at >= 0 ? at : Math.max(from, this.buf.length - TAIL), kind, reason);
  }

  private skipTo(at: number, kind: FramingProblem['kind'], reason: string): void {
    const dropped = this.buf.subarray(0, at);
    this.buf = this.buf.subarray(at);
    if (dropped.length > 0) this.onProblem({ kind, reason, skipped: preview(dropped), bytes: dropped.length });
  }
}

/**
 * The writer's JSON encoder. A result object answered more than once (the diagnostics report of one analysis, when
 * a client pulls many times while it stays the newest) is serialized once: later answers reuse its bytes.
 */
export function sharedResultEncoder(): { name: string; encode(msg: Message): Promise<Uint8Array> } {
  const encoded = new WeakMap<object, Buffer>();
  return {
    name: 'application/json',
    encode: (msg) => {
      const m = msg as { id?: unknown; result?: unknown };
      if ('result' in m && typeof m.result === 'object' && m.result !== null && Object.keys(m).length === 3) {
        let body = encoded.get(m.result);
        if (!body) encoded.set(m.result, (body = Buffer.from(JSON.stringify(m.result), 'utf8')));
        return Promise.resolve(Buffer.concat([Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(m.id)},"result":`, 'utf8'), body, Buffer.from('}')]));
      }
      return Promise.resolve(Buffer.from(JSON.stringify(msg), 'utf8'));
    },
  };
}
