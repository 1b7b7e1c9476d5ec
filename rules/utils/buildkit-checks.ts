/**
 * Helpers for the rules that reproduce BuildKit's build checks: BuildKit's "did you mean" search, the
 * `.dockerignore` matcher it uses for CopyIgnoredFile, EXPOSE port parsing, signal names, and the comment block
 * BuildKit attaches to an instruction. Each follows BuildKit's (and moby/patternmatcher's) behaviour, quirks
 * included, because the rules promise to report what `docker build --check` reports.
 */
import { editDistanceWithin, type Dockerfile, type ExposeInstruction, type Instruction, type Stage, type TextRange, type VariableReference } from '../../grammar/index.js';
import type { Report, RuleContext } from '../define.js';
import { expandedValue } from './instructions.js';

// --- suggestions -------------------------------------------------------------------------------------------

/**
 * BuildKit's suggestion for a mistyped name: the first candidate at the smallest distance, if that distance is
 * below 3. An exact match means the name is not a typo: no suggestion.
 */
export function buildkitSuggestion(name: string, candidates: Iterable<string>, caseSensitive = true, budget?: SuggestionBudget): string | undefined {
  const want = caseSensitive ? name : name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (budget && !budget.spend(candidate.length + want.length)) return undefined;
    const c = caseSensitive ? candidate : candidate.toLowerCase();
    if (c === want) return undefined;
    const d = editDistanceWithin(want, c, bestDistance - 1, { transpositions: false });
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

/**
 * The work the "did you mean" searches of one rule may do on one file (names compared, by their length): a
 * multiple of the file's size, so a file with thousands of names in scope and thousands of unknown ones costs no
 * more than its size allows. Past it berth stops suggesting (no real file comes near: the corpus needs well
 * under a thousandth of it).
 */
export class SuggestionBudget {
  private remaining: number;
  constructor(textLength: number) {
    this.remaining = 100_000 + 2 * textLength;
  }
  /** Takes `work` from what is left; false (and nothing left) when there is not enough. */
  spend(work: number): boolean {
    if (work > this.remaining) {
      this.remaining = 0;
      return false;
    }
    this.remaining -= work;
    return true;
  }
}

/**
 * A name `$name` refers to whole: letters (any script, as Go's unicode.IsLetter), digits and `_`, not starting with
 * a digit; astral characters are left out (the expander reads the text one UTF-16 unit at a time).
 */
function isVariableName(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name) && !/[\ud800-\udfff]/.test(name);
}

/**
 * The report of a mistyped variable (UndefinedVar, UndefinedArgInFrom), without its message id: where, the name and
 * BuildKit's suggestion, and the unsafe fix that writes the suggestion — only when the suggestion can be written as
 * a reference: a declared name such as `MOD\E` (an ARG may be named so) would be read back as `$MOD` followed by
 * text, and the fix would never end.
 */
export function typoReport(ctx: RuleContext, r: VariableReference, suggestion: string): Omit<Report, 'message'> {
  return {
    at: r.nameRange,
    data: { name: r.name, suggestion },
    ...(isVariableName(suggestion) && {
      fix: { title: `Use \`$${suggestion}\``, applicability: 'unsafe' as const, edits: [ctx.replace(r.nameRange, suggestion)] },
    }),
  };
}

// --- stages ------------------------------------------------------------------------------------------------

/** True when the stage's chain of parent stages ends in an external image (whose ENV berth cannot see). */
export function builtOnImage(stage: Stage): boolean {
  // Known once per stage: the parent's answer (a parent is always an earlier stage).
  const path: Stage[] = [];
  let answer = true;
  for (let s: Stage | undefined = stage; s; s = s.base.stage) {
    const known = onImage.get(s);
    if (known !== undefined) {
      answer = known;
      break;
    }
    path.push(s);
    if (!s.base.stage) {
      answer = !s.base.scratch;
      break;
    }
  }
  for (const s of path) onImage.set(s, answer);
  return answer;
}

const onImage = new WeakMap<Stage, boolean>();

/** The keyword re-cased, character by character, so that continuation lines inside it stay where they are. */
export function recased(raw: string, upper: boolean): string {
  return upper ? raw.toUpperCase() : raw.toLowerCase();
}

// --- paths as Go's path/filepath handles them on Linux -----------------------------------------------------

/** Go's `filepath.Clean` with `/` separators. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  let dotdot = 0;
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > dotdot) out.pop();
      else if (!rooted) {
        out.push('..');
        dotdot++;
      }
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's `filepath.Dir` with `/` separators. */
export function goDir(path: string): string {
  const i = path.lastIndexOf('/');
  return goClean(path.slice(0, i + 1));
}

/**
 * Whether Go's `filepath.Match` accepts the pattern's syntax (a `[` class that closes and is not empty, no
 * escape character at the end). Ignore patterns it rejects make BuildKit fail before any check runs.
 */
export function validGlob(p: string): boolean {
  const n = p.length;
  let i = 0;
  const esc = (): boolean => {
    if (i >= n || p[i] === '-' || p[i] === ']') return false;
    if (p[i] === '\\') {
      i++;
      if (i >= n) return false;
    }
    i++;
    return i < n;
  };
  while (i < n) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= n) return false;
      i += 2;
      continue;
    }
    if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (i < n && p[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        if (!esc()) return false;
        if (p[i] === '-') {
          i++;
          if (!esc()) return false;
        }
        ranges++;
      }
      continue;
    }
    i++;
  }
  return true;
}

// --- .dockerignore ------------------------------------------------------------------------------------------

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface IgnorePattern {
  /** The pattern after cleaning, without its `!`. */
  text: string;
  exclusion: boolean;
  type: MatchType;
  regexp?: RegExp;
  /** The pattern could not be compiled: matching it is an error. */
  broken: boolean;
}

const REGEXP_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

function compilePattern(text: string, exclusion: boolean): IgnorePattern {
  let re = '^';
  let type: MatchType = 'exact';
  const chars = Array.from(text);
  let k = 0;
  for (let i = 0; k < chars.length; i++) {
    const ch = chars[k++] as string;
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        if (chars[k] === '/') k++;
        if (k >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            re += '.*';
            type = 'regexp';
          }
        } else {
          re += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        re += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      type = 'regexp';
    } else if (REGEXP_SPECIAL.has(ch)) {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      if (k < chars.length) {
        re += `\\${chars[k++] as string}`;
        type = 'regexp';
      } else re += '\\\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      type = 'regexp';
    } else re += ch;
  }
  const pattern: IgnorePattern = { text, exclusion, type, broken: false };
  if (type === 'regexp') {
    try {
      pattern.regexp = new RegExp(`${re}$`);
    } catch {
      pattern.broken = true;
    }
  }
  return pattern;
}

function matchPattern(p: IgnorePattern, path: string): boolean | 'error' {
  if (p.broken) return 'error';
  switch (p.type) {
    case 'exact':
      return path === p.text;
    case 'prefix':
      return path.startsWith(p.text.slice(0, -2));
    case 'suffix': {
      const suffix = p.text.slice(2);
      if (path.endsWith(suffix)) return true;
      return suffix.startsWith('/') && path === suffix.slice(1);
    }
    default:
      return (p.regexp as RegExp).test(path);
  }
}

/** The patterns of a `.dockerignore` as BuildKit reads them (moby/patternmatcher), and its matching. */
export class DockerIgnore {
  private constructor(private readonly patterns: IgnorePattern[]) {}

  /**
   * Reads the lines of a `.dockerignore`. Undefined when it holds no pattern (BuildKit then has no matcher) or a
   * pattern Go rejects (BuildKit then fails before checking anything).
   */
  static read(lines: readonly string[]): DockerIgnore | undefined {
    // First as ignorefile.ReadAll reads the file…
    const read: string[] = [];
    lines.forEach((raw, index) => {
      const line = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/[\r\n]+$/, '');
      if (line.startsWith('#')) return;
      let p = goTrim(line);
      if (p === '') return;
      const invert = p.startsWith('!');
      if (invert) p = goTrim(p.slice(1));
      if (p.length > 0) {
        p = goClean(p);
        if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
      }
      read.push(invert ? `!${p}` : p);
    });
    // …then as patternmatcher.New compiles the patterns.
    const compiled: IgnorePattern[] = [];
    for (const line of read) {
      let p = goTrim(line);
      if (p === '') continue;
      p = goClean(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) return undefined;
        exclusion = true;
        p = p.slice(1);
      }
      if (!validGlob(p)) return undefined;
      compiled.push(compilePattern(p, exclusion));
    }
    return compiled.length > 0 ? new DockerIgnore(compiled) : undefined;
  }

  /** Some pattern re-includes files (`!keep.txt`): BuildKit then does not check at all. */
  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /** A pattern that ignores everything at the top of the context: `*`, `**` or `**\/*`. */
  get ignoresRoot(): boolean {
    return this.patterns.some((p) => !p.exclusion && (p.text === '*' || p.text === '**' || p.text === '**/*'));
  }

  /**
   * patternmatcher's `MatchesOrParentMatches` for a cleaned, slash-separated path: the path or one of its parent
   * folders is ignored. An unusable pattern met on the way makes it fail (BuildKit then reports nothing).
   */
  matchesOrParentMatches(file: string): boolean | 'error' {
    const parent = goDir(file);
    const dirs = parent.split('/');
    let matched = false;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) continue;
      let m = matchPattern(p, file);
      if (m === 'error') return 'error';
      if (!m && parent !== '.') {
        for (let i = 0; i < dirs.length; i++) {
          if (matchPattern(p, dirs.slice(0, i + 1).join('/')) === true) {
            m = true;
            break;
          }
        }
      }
      if (m) matched = !p.exclusion;
    }
    return matched;
  }
}

/** Go's `strings.TrimSpace`. */
function goTrim(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
}

// --- EXPOSE --------------------------------------------------------------------------------------------------

export interface PortSpec {
  /** The address part of `ip:host:container`, or ''. */
  ip: string;
  hostPort: string;
  containerPort: string;
  /** The protocol as written after `/`, or '' when none. */
  proto: string;
  /** Offset of the protocol within the spec, when written. */
  protoStart: number;
  /** BuildKit stops at this spec with an error before its checks run (no port, unknown protocol). */
  rejectedEarly: boolean;
  /** BuildKit rejects this spec after its checks ran: later specs of the instruction are not looked at. */
  rejectedLate: boolean;
}

/** BuildKit's reading of one EXPOSE word: `[[ip:]host:]container[/proto]`. */
export function parsePortSpec(raw: string): PortSpec {
  const parts = raw.split(':');
  let ip = '';
  let hostPort = '';
  let containerPort: string;
  let containerStart = 0;
  if (parts.length === 1) containerPort = raw;
  else {
    containerPort = parts[parts.length - 1] as string;
    hostPort = parts[parts.length - 2] as string;
    ip = parts.slice(0, -2).join(':');
    containerStart = raw.length - containerPort.length;
  }
  const slash = containerPort.indexOf('/');
  const port = slash < 0 ? containerPort : containerPort.slice(0, slash);
  const proto = slash < 0 ? '' : containerPort.slice(slash + 1);
  const spec: PortSpec = {
    ip,
    hostPort,
    containerPort: port,
    proto,
    protoStart: slash < 0 ? -1 : containerStart + slash + 1,
    rejectedEarly: port === '' || !['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase()),
    rejectedLate: false,
  };
  if (!spec.rejectedEarly) spec.rejectedLate = !laterChecksPass(spec);
  return spec;
}

function laterChecksPass(spec: PortSpec): boolean {
  let ip = spec.ip;
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    if (close !== ip.length - 1) return false;
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIp(ip)) return false;
  const container = portRange(spec.containerPort);
  if (!container) return false;
  if (spec.hostPort !== '') {
    const host = portRange(spec.hostPort);
    if (!host) return false;
    if (container[1] - container[0] !== host[1] - host[0] && container[1] !== container[0]) return false;
  }
  return true;
}

function portRange(s: string): [number, number] | undefined {
  if (s === '') return undefined;
  const dash = s.indexOf('-');
  const start = portNumber(dash < 0 ? s : s.slice(0, dash));
  if (start === undefined) return undefined;
  if (dash < 0 || s.slice(0, dash) === s.slice(dash + 1)) return [start, start];
  const end = portNumber(s.slice(dash + 1));
  if (end === undefined || end < start) return undefined;
  return [start, end];
}

function portNumber(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 0 && n <= 65535 ? n : undefined;
}

function isIp(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  return s.includes(':') && /^[0-9A-Fa-f:.]+$/.test(s) && !/:::/.test(s);
}

export interface ExposedSpec {
  /** The port spec after expansion. */
  text: string;
  /** The word of the instruction it comes from. */
  range: TextRange;
  /** Written as is, without variables, quotes or continuations: offsets in `text` are offsets in the source. */
  plain: boolean;
  spec: PortSpec;
}

/**
 * The port specs of an EXPOSE that BuildKit's checks look at, in order: it expands each word (skipped here when a
 * value is unknown), splits the result on blanks, and stops at the first spec it rejects.
 */
export function exposedSpecs(ctx: RuleContext, instr: ExposeInstruction): ExposedSpec[] {
  const out: ExposedSpec[] = [];
  for (const arg of instr.args) {
    const value = expandedValue(ctx, arg.value, instr);
    if (value === undefined) continue;
    const plain = value === arg.value && ctx.slice(arg.range) === arg.value;
    for (const text of value.split(/[ \t\r\n\v\f]+/)) {
      if (text === '') continue;
      const spec = parsePortSpec(text);
      if (spec.rejectedEarly) return out;
      out.push({ text, range: arg.range, plain, spec });
      if (spec.rejectedLate) return out;
    }
  }
  return out;
}

// --- signals -------------------------------------------------------------------------------------------------

/** The Linux signal names BuildKit (moby/sys/signal) accepts, without their `SIG` prefix. */
const SIGNALS: ReadonlySet<string> = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL',
  'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1',
  'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/**
 * How a STOPSIGNAL value reads: `name` (a signal name, `SIG` optional, any case), `number` (a number from 1 to
 * 64), `out-of-range` (a number no Linux signal has; the builder only rejects 0), or `invalid`.
 */
export function classifySignal(value: string): 'name' | 'number' | 'out-of-range' | 'invalid' {
  if (/^[+-]?\d+$/.test(value)) {
    // Go's strconv.Atoi: a 64-bit integer; 0 is rejected, any other number accepted by the builder.
    const n = BigInt(value);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n) || n === 0n) return 'invalid';
    return n >= 1n && n <= 64n ? 'number' : 'out-of-range';
  }
  const upper = value.toUpperCase();
  return SIGNALS.has(upper.startsWith('SIG') ? upper.slice(3) : upper) ? 'name' : 'invalid';
}

// --- description comments ------------------------------------------------------------------------------------

export interface CommentLine {
  /** The text BuildKit keeps: the line without its first character, trimmed. */
  text: string;
  /** The comment as written, from `#` to the end of the line. */
  range: TextRange;
}

/**
 * The comment block BuildKit attaches to an instruction (its `PrevComment`): the comment lines since the previous
 * instruction, restarted by a bare `#`; blank lines do not end it; directive lines are not part of it.
 */
export function commentBlock(file: Dockerfile, instr: Instruction, previousEnd: number): CommentLine[] {
  const text = file.text;
  let lineStart = instr.range.start;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
  let pos = previousEnd;
  if (pos > 0) {
    const nl = text.indexOf('\n', pos);
    pos = nl < 0 || nl >= lineStart ? lineStart : nl + 1;
  }
  const directives = file.directives.map((d) => d.range);
  let block: CommentLine[] = [];
  while (pos < lineStart) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > lineStart ? lineStart : nl;
    let line = text.slice(pos, end).replace(/[\r\n]+$/, '');
    let offset = pos;
    if (pos === 0 && line.startsWith('\uFEFF')) {
      line = line.slice(1);
      offset++;
    }
    const isDirective = directives.some((r) => r.start < end && r.end > pos);
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (!isDirective && line.charAt(indent) === '#') {
      const kept = goTrim(line.slice(1));
      if (kept === '') block = [];
      else block.push({ text: kept, range: { start: offset + indent, end: offset + goTrimEnd(line) } });
    }
    pos = end + 1;
  }
  return block;
}

function goTrimEnd(s: string): number {
  let e = s.length;
  while (e > 0 && /[\s\u0085]/.test(s.charAt(e - 1))) e--;
  return e;
}
