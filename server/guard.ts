/** How every handler fails: an exception becomes an LSP error and a line in the log, never the end of the server. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export type Log = (level: 'error' | 'warn' | 'info', message: string) => void;

/** An exception as one string for the log: its stack when it has one. */
export const describeError = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** An exception's message alone, for the client. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs a handler; an exception (thrown, or a promise it returned that rejects) is logged and answered as an LSP
 * error instead of taking the server down.
 */
export function guard<P extends unknown[], R, E = void>(log: Log, name: string, fn: (...args: P) => R): (...args: P) => R | ResponseError<E> {
  const failed = (e: unknown): ResponseError<E> => {
    if (e instanceof ResponseError) return e as ResponseError<E>;
    log('error', `berth: ${name} failed: ${describeError(e)}`);
    return new ResponseError<E>(ErrorCodes.InternalError, `berth: ${name} failed: ${messageOf(e)}`);
  };
  return (...args: P) => {
    try {
      const r = fn(...args);
      return r instanceof Promise ? (r.catch(failed) as R) : r;
    } catch (e) {
      return failed(e);
    }
  };
}

/** A request or notification whose answer we do not need: a client that refuses it must not crash the server. */
export function ignore(p: unknown): void {
  if (p instanceof Promise) p.catch(() => undefined);
}

/**
 * Runs `fn` on the next turn of the event loop and returns how to call it off. Node's setImmediate where there is
 * one (a zero timeout waits a whole millisecond there), a zero timeout elsewhere (a browser's Web Worker).
 */
export function soon(fn: () => void): () => void {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown; clearImmediate?: (h: unknown) => void }).setImmediate;
  if (immediate) {
    const h = immediate(fn);
    return () => (globalThis as { clearImmediate?: (h: unknown) => void }).clearImmediate?.(h);
  }
  const t = setTimeout(fn, 0);
  return () => clearTimeout(t);
}
