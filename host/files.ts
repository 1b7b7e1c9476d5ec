/**
 * Reading a file's bytes (or standard input's) and writing a fixed file back, for everything of berth that runs on
 * a machine with files: the command line's Dockerfiles and the configuration files of both the command line and
 * the language server. Every failure is a FileError whose message says why in words, never a stack trace: a
 * missing or vanished file, a folder, a named pipe or device, a file that is too large, permission denied.
 * Reading never blocks on a named pipe without a writer, and never reads more than MAX_FILE_BYTES.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, writeFileSync, type Stats } from 'node:fs';

/** Far more than any real Dockerfile; a larger file is not read (a mistake, or a device that never ends). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file operation that failed; the message says why in words (without the file's name). */
export class FileError extends Error {}

const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  ELOOP: 'too many symbolic links (a link that points to itself?)',
  ENAMETOOLONG: 'its name is too long',
  EIO: 'input/output error',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EFBIG: 'the file is too large',
};

/** Why a file operation failed, in words. */
export function describeError(e: unknown): string {
  if (e instanceof FileError) return e.message;
  const err = e as NodeJS.ErrnoException;
  const known = err?.code ? WHY[err.code] : undefined;
  if (known) return known;
  if (err?.code === 'ERR_FS_FILE_TOO_LARGE' || err?.code === 'ERR_STRING_TOO_LONG') return tooLarge(undefined);
  return err instanceof Error ? err.message : String(e);
}

function tooLarge(size: number | undefined): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `it is too large${size === undefined ? '' : ` (${mb(size)})`}: berth reads files up to ${mb(MAX_FILE_BYTES)}`;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Waits a little, synchronously (for a non-blocking standard input that has no data yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads to the end of `fd`, at most MAX_FILE_BYTES. */
function readAll(fd: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause(10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_FILE_BYTES) throw new FileError(tooLarge(undefined));
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/** Why a path cannot be opened: a dangling symbolic link is named as such. */
function whyNotOpened(path: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return `it is a symbolic link to ${readlinkSync(path)}, which does not exist`;
    } catch {
      // Not there at all.
    }
  }
  return describeError(e);
}

/**
 * A regular file's bytes. Opened without blocking (a named pipe without a writer would otherwise wait forever),
 * then refused unless it is a regular file.
 */
export function readFileBytes(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new FileError(whyNotOpened(path, e));
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileError('it is a folder');
    if (!st.isFile()) throw new FileError(`it is ${kindOf(st)}, not a file (berth reads files, and standard input with -)`);
    if (st.size > MAX_FILE_BYTES) throw new FileError(tooLarge(st.size));
    return readAll(fd);
  } catch (e) {
    throw e instanceof FileError ? e : new FileError(describeError(e));
  } finally {
    closeSync(fd);
  }
}

/** Standard input's bytes, at most MAX_FILE_BYTES. */
export function readStdinBytes(): Uint8Array {
  try {
    return readAll(0);
  } catch (e) {
    throw e instanceof FileError ? e : new FileError(describeError(e));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Writes a fixed file in place, as Ruff and Prettier do: through a symbolic link into its target (the link stays a
 * link), into the one file all its hard links name, keeping its permissions and owner. Refused when the file is
 * read-only (no write permission for anyone, which even root respects here) or no longer holds `expected`, the
 * bytes berth read (someone saved it meanwhile): then nothing is written.
 */
export function replaceFileBytes(path: string, bytes: Uint8Array, expected: Uint8Array): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new FileError(whyNotOpened(path, e));
  }
  if ((st.mode & 0o222) === 0) throw new FileError('it is read-only');
  if (!sameBytes(readFileBytes(path), expected)) throw new FileError('it changed on disk while berth was fixing it (run berth again)');
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new FileError(describeError(e));
  }
}
