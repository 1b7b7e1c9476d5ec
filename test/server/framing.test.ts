/**
 * The server's message reader (server/framing.ts) and position carrying (server/gate.ts mapPosition), in process:
 * every way of cutting and breaking the byte stream, checked message by message.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures, type Message } from 'vscode-languageserver/node';
import { FramedStreamReader, type FramingProblem } from '../../server/framing.js';
import { mapPosition } from '../../server/gate.js';
import { startServer, type RunningServer } from '../../server/server.js';

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
const msg = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'm', params: { text: 'é😀 Content-Length: 5' } });

function read(chunks: (string | Buffer)[]): { ids: unknown[]; problems: FramingProblem[] } {
  const stream = new PassThrough();
  const problems: FramingProblem[] = [];
  const ids: unknown[] = [];
  const reader = new FramedStreamReader(stream, (p) => problems.push(p));
  reader.listen((m) => ids.push((m as unknown as { id: unknown }).id));
  for (const c of chunks) reader.onData(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return { ids, problems };
}

describe('FramedStreamReader', () => {
  it('reads messages however the stream cuts them, byte by byte or all at once', () => {
    const all = Buffer.from(frame(msg(1)) + frame(msg(2)) + frame(msg(3)), 'utf8');
    expect(read([all]).ids).toEqual([1, 2, 3]);
    expect(read([...all].map((b) => Buffer.from([b]))).ids).toEqual([1, 2, 3]);
    for (let cut = 1; cut < all.length; cut += 7) expect(read([all.subarray(0, cut), all.subarray(cut)]).ids).toEqual([1, 2, 3]);
  });

  it('other headers are allowed in any case and order', () => {
    const body = msg(4);
    const r = read([`content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-LENGTH:${Buffer.byteLength(body)}\r\n\r\n${body}`]);
    expect(r).toEqual({ ids: [4], problems: [] });
  });

  const broken: [string, string][] = [
    ['no Content-Length', `Content-Type: x\r\n\r\n${msg(9)}`],
    ['a word for a length', `Content-Length: ten\r\n\r\n${msg(9)}`],
    ['a negative length', `Content-Length: -12\r\n\r\n${msg(9)}`],
    ['a fractional length', `Content-Length: 1.5\r\n\r\n${msg(9)}`],
    ['two lengths', `Content-Length: 3\r\nContent-Length: 4\r\n\r\n${msg(9)}`],
    ['a length beyond any message', `Content-Length: 9999999999999\r\n\r\n${msg(9)}`],
    ['a line without a colon', `Content-Length: 3\r\ngarbage\r\n\r\n${msg(9)}`],
    ['garbage before a header', 'xxxxxxxxxxxxxxxxxxxxxxxx\r\n'],
    ['garbage with a blank line', 'hello\r\n\r\n'],
  ];
  for (const [what, bad] of broken) {
    it(`${what}: skipped with a report, the messages around it read`, () => {
      for (const chunks of [[frame(msg(1)) + bad + frame(msg(2))], [frame(msg(1)), bad, frame(msg(2))], [...(frame(msg(1)) + bad + frame(msg(2)))]]) {
        const r = read(chunks);
        // The messages around it are read (a message behind a header line the skip lands on may be read too).
        expect(r.ids[0]).toBe(1);
        expect(r.ids[r.ids.length - 1]).toBe(2);
        expect(r.ids.filter((id) => id !== 9)).toEqual([1, 2]);
        expect(r.problems.length).toBeGreaterThan(0);
        expect(r.problems[0]?.kind).toBe('header');
      }
    });
  }

  it('a length running past the next header resumes at that header, even before the rest arrives', () => {
    const body = msg(1);
    const r = read([`Content-Length: ${Buffer.byteLength(body) + 500}\r\n\r\n${body}`, frame(msg(2))]);
    // The bytes before that header are JSON: they are the message, read whole.
    expect(r.ids).toEqual([1, 2]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'body' });
  });

  describe('a length too long by any number of bytes, also less than a whole header line', () => {
    const overshoots = [...Array.from({ length: 25 }, (_, i) => i + 1), 500];
    const tooLong = (id: number, over: number, body = msg(id)): string => `Content-Length: ${Buffer.byteLength(body) + over}\r\n\r\n${body}`;
    for (const over of overshoots) {
      it(`${over} bytes over: the message is read whole and the next one after it, however the stream is cut`, () => {
        const all = Buffer.from(tooLong(1, over) + frame(msg(2)) + frame(msg(3)), 'utf8');
        const cuts: Buffer[][] = [
          [all],
          [Buffer.from(tooLong(1, over)), Buffer.from(frame(msg(2)) + frame(msg(3)))],
          [Buffer.from(tooLong(1, over)), Buffer.from(frame(msg(2))), Buffer.from(frame(msg(3)))],
          [...all].map((b) => Buffer.from([b])),
        ];
        for (let cut = 1; cut < all.length; cut++) cuts.push([all.subarray(0, cut), all.subarray(cut)]);
        for (const chunks of cuts) {
          const r = read(chunks);
          expect(r.ids).toEqual([1, 2, 3]);
          expect(r.problems).toHaveLength(1);
          expect(r.problems[0]).toMatchObject({ kind: 'body', reason: expect.stringMatching(/runs past the next message’s header/) });
        }
      });

      it(`${over} bytes over a body that is not JSON either: answered as not JSON, the next message read`, () => {
        for (const chunks of [[tooLong(1, over, '{"id": 1,') + frame(msg(2))], [tooLong(1, over, '{"id": 1,'), frame(msg(2))]]) {
          const r = read(chunks);
          expect(r.ids).toEqual([2]);
          expect(r.problems).toHaveLength(1);
          expect(r.problems[0]).toMatchObject({ kind: 'json', bytes: Buffer.byteLength('{"id": 1,') });
        }
      });
    }

    it('the bytes after a body that merely look like the start of a header are not a header once the rest shows it', () => {
      // "Conte" at the end of a too-long body: read as the start of the next header, then skipped when it is not one.
      const body = msg(1);
      const r = read([`Content-Length: ${Buffer.byteLength(body) + 5}\r\n\r\n${body}Conte`, `xt: 1\r\n\r\n${frame(msg(2))}`]);
      expect(r.ids).toEqual([1, 2]);
      expect(r.problems.map((p) => p.kind)).toEqual(['body', 'header']);
    });
  });

  it('a stream framed correctly is read without a problem, however it is cut', () => {
    const all = Buffer.from(frame(msg(1)) + frame('{"jsonrpc":"2.0","id":2,"method":"m","params":{"t":"Content-Length: 12"}}') + frame(msg(3)), 'utf8');
    for (let cut = 1; cut < all.length; cut++) expect(read([all.subarray(0, cut), all.subarray(cut)])).toEqual({ ids: [1, 2, 3], problems: [] });
    expect(read([...all].map((b) => Buffer.from([b])))).toEqual({ ids: [1, 2, 3], problems: [] });
  });

  it('a body that is not JSON is reported as such; the next message is read', () => {
    const r = read([frame('{"id": 1,'), frame(msg(2))]);
    expect(r.ids).toEqual([2]);
    expect(r.problems[0]).toMatchObject({ kind: 'json' });
  });

  it('a length short by the extra bytes of UTF-8 (characters counted) is read whole', () => {
    const body = msg(1);
    const r = read([`Content-Length: ${body.length}\r\n\r\n${body}`, frame(msg(2))]);
    expect(r.ids).toEqual([1, 2]);
    expect(r.problems[0]?.reason).toMatch(/read it whole/);
  });

  it('a long body in many chunks is read once complete', () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'm', params: { text: 'x'.repeat(300_000) } });
    const all = Buffer.from(frame(big));
    const chunks: Buffer[] = [];
    for (let i = 0; i < all.length; i += 65536) chunks.push(all.subarray(i, i + 65536));
    expect(read(chunks)).toEqual({ ids: [5], problems: [] });
  });
});

describe('FramedStreamReader in the server: a request whose length is a few bytes too long is answered', () => {
  /** The server proper reading raw bytes as main.ts has it read stdin; what it writes back, message by message. */
  type Answer = Message & { id?: unknown };
  function serve(): { send(bytes: string): void; until(fits: (m: Answer) => boolean): Promise<Answer>; close(): void } {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    let server: RunningServer | undefined;
    const reader = new FramedStreamReader(toServer, (p) => {
      if (p.kind === 'json') server?.unreadable(`a message that is not JSON: ${p.reason}`);
    });
    server = startServer(
      { reader, writer: new StreamMessageWriter(toClient), connect: (r, w, o) => createConnection(ProposedFeatures.all, r, w, o) },
      { version: '0.0.0-framing-test', config: { scope: (u) => u, find: () => ({ fragment: undefined }), reload: () => undefined }, loadShellParser: async () => 'none', exit: () => undefined },
    );
    const received: Answer[] = [];
    const waiters: Array<() => void> = [];
    new StreamMessageReader(toClient).listen((m) => {
      received.push(m);
      for (const w of waiters.splice(0)) w();
    });
    const until = (fits: (m: Answer) => boolean): Promise<Answer> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such answer; received ${JSON.stringify(received)}`)), 5000);
        const look = (): void => {
          const m = received.find(fits);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(look);
        };
        look();
      });
    return { send: (bytes) => toServer.write(Buffer.from(bytes, 'utf8')), until, close: () => toServer.end() };
  }

  for (const over of [1, 5, 19, 20, 500]) {
    it(`${over} bytes too long: request 1 gets its answer, and request 2 after it in the same write too`, async () => {
      const s = serve();
      const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      const shutdown = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      s.send(`Content-Length: ${Buffer.byteLength(init) + over}\r\n\r\n${init}${frame(shutdown)}`);
      expect(await s.until((m) => m.id === 1)).toHaveProperty('result.capabilities');
      expect(await s.until((m) => m.id === 2)).toHaveProperty('result', null);
      s.close();
    });
  }
});

describe('mapPosition', () => {
  const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
  const at = (line: number, character: number, range: ReturnType<typeof r>, text: string) => {
    const p = { line, character };
    mapPosition(p, range, text);
    return p;
  };
  it('before the change: unmoved', () => expect(at(0, 3, r(0, 5, 0, 5), 'abc')).toEqual({ line: 0, character: 3 }));
  it('at the insertion point: unmoved', () => expect(at(0, 5, r(0, 5, 0, 5), 'abc')).toEqual({ line: 0, character: 5 }));
  it('after on the same line: shifted by the inserted length', () => expect(at(0, 7, r(0, 5, 0, 5), 'abc')).toEqual({ line: 0, character: 10 }));
  it('lines inserted above: moved down', () => expect(at(3, 2, r(1, 0, 1, 0), 'a\nb\n')).toEqual({ line: 5, character: 2 }));
  it('lines deleted above: moved up', () => expect(at(5, 2, r(1, 0, 3, 0), '')).toEqual({ line: 3, character: 2 }));
  it('after a multi-line replacement on its last line: column from the new text', () => expect(at(2, 8, r(1, 4, 2, 6), 'X\r\nYZ')).toEqual({ line: 2, character: 4 }));
  it('inside deleted text: to the start of the change', () => expect(at(1, 3, r(0, 5, 2, 1), 'q')).toEqual({ line: 0, character: 5 }));
  it('UTF-16: an emoji counts two', () => expect(at(0, 6, r(0, 0, 0, 0), '😀')).toEqual({ line: 0, character: 8 }));
});
