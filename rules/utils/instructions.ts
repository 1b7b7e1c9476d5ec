/**
 * Helpers for rules about COPY/ADD paths, WORKDIR, USER, EXPOSE and ENV: what a word expands to, whether a path is
 * absolute, which files are archives, which sources are remote, and what USER names.
 */
import { expandWord, type Arg, type Instruction, type Stage, type TextRange, type UserInstruction } from '../../grammar/index.js';
import type { RuleContext } from '../define.js';
import { lastInLineage, lineageHas, ownBefore } from './stages.js';

/**
 * What the builder makes of a word (quotes removed, variables substituted with the values berth can see at the
 * instruction). Undefined when it depends on a value berth cannot know, or when expansion fails. `json` words
 * (decoded exec-form strings) are expanded too: BuildKit expands COPY/ADD exec-form paths.
 */
export function expandedValue(ctx: RuleContext, word: string, at: Instruction): string | undefined {
  if (!/[$"'\\`]/.test(word)) return word;
  const offset = at.range.start;
  const triggered = at.onbuild !== undefined;
  const r = expandWord(word, 0, word.length, {
    escape: ctx.file.escape.charCodeAt(0),
    env: (name) => {
      // A trigger expands in a downstream build, with values berth cannot see.
      if (triggered) return undefined;
      const b = ctx.model.resolve(name, offset);
      return b ? b.value : undefined;
    },
    budget: ctx.model.expansionBudget,
  });
  // Where berth stopped following a value, the finding says so at the instruction (its words' offsets are not
  // all the file's).
  for (const e of r.errors) if (e.limit) ctx.model.noteExpansionLimit(at.keyword, e.message);
  return r.errors.length > 0 ? undefined : r.value;
}

/**
 * The known start of a path word: the whole expanded value when berth can compute it, else the text before the
 * first variable (quotes removed) when there is any; undefined when the path starts with an unknown value.
 */
export function pathPrefix(ctx: RuleContext, arg: Arg, at: Instruction): string | undefined {
  const full = expandedValue(ctx, arg.value, at);
  if (full !== undefined) return full;
  const dollar = arg.value.indexOf('$');
  const before = stripQuotes(dollar < 0 ? arg.value : arg.value.slice(0, dollar)).replace(/^["']/, '');
  return before === '' ? undefined : before;
}

/** One layer of matching double or single quotes removed. */
export function stripQuotes(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/** `/x`, a Windows drive path (`C:\x`, `C:/x`, `C:`), or on a Windows stage `\x`. */
export function isAbsolutePath(path: string, windows = false): boolean {
  if (path.startsWith('/')) return true;
  // A drive letter: a Windows path, meant from the drive's root even when the default escape character has eaten
  // its backslashes (`c:\app` reads as `c:app`; that is the escape directive's business, not a relative path's).
  if (/^[A-Za-z]:/.test(path)) return true;
  return windows && path.startsWith('\\');
}

/** True when a WORKDIR of the stage or of the stages it is built FROM comes before `before`. */
export function workdirBefore(stage: Stage, before: number): boolean {
  return ownBefore(stage, 'Workdir', before) || lineageHas(stage.base.stage, hasWorkdir);
}

const hasWorkdir = (s: Stage): boolean => s.instructions.some((i) => i.kind === 'Workdir');

/** The last path component, split on `/` and `\`. */
export function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

/**
 * A tar archive that ADD unpacks on its own: plain tar, or tar compressed with gzip, bzip2, xz or zstd (the
 * formats BuildKit detects). Judged by name, as a reader of the Dockerfile would.
 */
export function isUnpackableTar(name: string): boolean {
  return /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst)$|\.tar\.(gz|bz2|xz|zst)$/i.test(name);
}

/**
 * Names that may be a (compressed) archive: every tar-family and compression extension. Lenient on purpose: an
 * ADD of such a file may well be meant to unpack it.
 */
export function mayBeArchive(name: string): boolean {
  return /\.(tar|gz|tgz|taz|bz2|tbz|tbz2|tb2|xz|txz|lz|tlz|lzma|zst|tzst|Z|tZ|tpz)$/i.test(name);
}

/** A source ADD fetches itself: an HTTP(S) URL or a Git repository. */
export function isRemoteSource(src: string): boolean {
  return /^(https?|git|ssh):\/\//i.test(src) || /^[\w.-]+@[\w.-]+:/.test(src);
}

/** A heredoc source of COPY/ADD: `<<EOF`, `<<-EOF`, `<<"EOF"`. */
export function isHeredocSource(src: string): boolean {
  return src.startsWith('<<');
}

/**
 * An argument that is a heredoc marker or part of one (`x.txt` of `<< x.txt`, where the parser reads the marker
 * across the blank): no path, and no fix may edit it.
 */
export function isHeredocArg(instr: Instruction, arg: Arg): boolean {
  return isHeredocSource(arg.value) || instr.heredocs.some((h) => h.marker.start < arg.range.end && arg.range.start < h.marker.end);
}

/** The user part of `user[:group]`. */
export function userPart(value: string): string {
  const colon = value.indexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

/**
 * The user the final image runs as: the last USER of the last stage or of the stages it is built from, with its
 * value expanded where berth knows the variables (undefined when there is no USER or the value is not known).
 */
export function finalUser(ctx: RuleContext): { arg: { value: string; range: TextRange }; value: string } | undefined {
  const user = lastInLineage<UserInstruction>(ctx.model.stages[ctx.model.stages.length - 1], 'User');
  const arg = user?.value;
  if (!user || !arg) return undefined;
  const value = expandedValue(ctx, arg.value, user);
  return value === undefined ? undefined : { arg, value };
}

/** `root`, `0`, `root:…`, `0:…`. */
export function isRootUser(value: string): boolean {
  const u = userPart(value.trim());
  return u === 'root' || /^0+$/.test(u);
}
