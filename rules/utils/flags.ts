/**
 * Instruction flags as BuildKit checks them: which flags an instruction's parser looks at, where a flag's value
 * sits in the source, which Dockerfile frontend the `# syntax` directive asks for, and one checker per value
 * format (grammar/facts/flags.ts). Checkers return a reason (a phrase for a message) or undefined when BuildKit
 * accepts the value; they never report themselves.
 */
import {
  flagFacts,
  FLAGS_IGNORED,
  HealthcheckInstruction,
  mountKey,
  MOUNT_KEY_NAMES,
  MOUNT_TYPE_NAMES,
  parseImageRef,
  suggest,
  type Dockerfile,
  type Flag,
  type FlagFacts,
  type Instruction,
  type InstructionName,
  type MountType,
  type TextRange,
} from '../../grammar/index.js';
import type { RuleContext } from '../define.js';
import { expandedValue } from './instructions.js';
import { frontendOf, type Frontend } from './new-syntax.js';

// --- which flags are checked ---------------------------------------------------------------------------------

export interface CheckedFlag {
  flag: Flag;
  /** Undefined when the instruction does not take this flag. */
  facts: FlagFacts | undefined;
}

/**
 * The flags BuildKit's instruction parser checks, each with its facts. Empty for ARG and STOPSIGNAL (BuildKit
 * ignores their flags), `HEALTHCHECK NONE`, and unknown instructions (they fail for another reason).
 */
export function checkedFlags(instr: Instruction): CheckedFlag[] {
  if (instr.kind === 'UnknownInstruction' || FLAGS_IGNORED.has(instr.name as InstructionName)) return [];
  const flags = instr.flags;
  if (flags.length === 0) return [];
  if (instr instanceof HealthcheckInstruction && instr.type !== 'CMD') return [];
  return flags.map((flag) => ({ flag, facts: flagFacts(instr.name, flag.name) }));
}

// --- where a value is --------------------------------------------------------------------------------------

export interface ValueText {
  /** The value as BuildKit holds it (quotes and escapes of the flag word processed). */
  text: string;
  /** The value in the source (the empty range after `=` for an empty value). */
  whole: TextRange;
  /** Source range of `text[start, end)`: exact when the source spells the value plainly, else the whole value. */
  range(start: number, end: number): TextRange;
}

/** The value of a `--flag=value`; undefined for a bare flag. */
export function valueText(file: Dockerfile, flag: Flag): ValueText | undefined {
  const text = flag.value;
  const whole = flag.valueRange;
  if (text === undefined || !whole) return undefined;
  const token = flag.valueToken;
  const logical = token ? file.logical(token.start, token.end) : undefined;
  const plain = logical !== undefined && logical.text === text;
  return {
    text,
    whole,
    range: (start, end) => (plain && logical ? logical.toSourceRange(start, end) : whole),
  };
}

/** The range to point at for a value: the value itself, or the whole flag when the value is empty. */
export function valueOrFlag(flag: Flag, v: ValueText): TextRange {
  return v.whole.end > v.whole.start ? v.whole : flag.range;
}

// --- the frontend the file asks for ------------------------------------------------------------------------

// One reader of the `# syntax` directive serves every rule: rules/utils/new-syntax.ts.
export { frontendOf, type Frontend };

/** `1.20` → [1, 20]; `1.14-labs` → [1, 14]. */
function versionOf(since: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(since);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** True when the pinned frontend is older than `since` (`1.20`, `1.14-labs`). */
export function olderThan(frontend: Frontend, since: string): boolean {
  if (!frontend.version) return false;
  const [a, b] = frontend.version;
  const [x, y] = versionOf(since);
  return a < x || (a === x && b < y);
}

/**
 * The frontend version a flag needs in this channel, when the file pins an older one; undefined when the flag
 * is available (or berth cannot tell).
 */
export function missingVersion(frontend: Frontend | undefined, facts: FlagFacts): string | undefined {
  if (!frontend) return undefined;
  const since = frontend.labs ? (facts.labsSince ?? facts.since) : facts.since;
  if (since === undefined) return undefined;
  if (!frontend.labs && facts.labsOnly) return undefined; // reported as labs-only
  return olderThan(frontend, since) ? since : undefined;
}

/** The stable frontend would fail on a labs-only flag: no labs `# syntax` directive. */
export function needsLabs(file: Dockerfile, facts: FlagFacts): boolean {
  return facts.labsOnly === true && frontendOf(file)?.labs !== true;
}

// --- value checkers ----------------------------------------------------------------------------------------

/** A `--flag` boolean: `true` or `false` in any case. */
export function boolProblem(v: string): string | undefined {
  const l = v.toLowerCase();
  return l === 'true' || l === 'false' || l === '' ? undefined : 'it takes `true` or `false` (or nothing, which means true)';
}

/** Go's strconv.ParseBool, used for mount options. */
export function isGoBool(v: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v);
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, then BuildKit's rule: 0 is the default, anything else at least 1ms. */
export function durationProblem(v: string): string | undefined {
  if (v === '') return undefined;
  let s = v;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return undefined;
  if (s === '') return 'write a number with a unit, like `30s` or `1m30s`';
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const int = m[1] ?? '';
    const frac = m[2];
    if (int === '' && (frac === undefined || frac === '')) return 'write a number with a unit, like `30s` or `1m30s`';
    s = s.slice(m[0].length);
    const u = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (u === '') return 'it needs a unit, like `30s` or `5m` (only `0` may be written without one)';
    const scale = UNITS[u];
    if (scale === undefined) return `\`${u}\` is not a unit: use \`ns\`, \`us\`, \`ms\`, \`s\`, \`m\` or \`h\``;
    s = s.slice(u.length);
    total += Number(`${int || '0'}.${frac ?? ''}0`) * scale;
  }
  if (total > 9223372036854775807) return 'it is longer than Go can count (about 292 years)';
  if (neg && total > 0) return 'it cannot be negative';
  if (total !== 0 && total < 1e6) return 'it must be at least `1ms` (or `0` for the default)';
  return undefined;
}

/** HEALTHCHECK --retries: Go's ParseInt(v, 10, 32), not negative. */
export function retriesProblem(v: string): string | undefined {
  if (v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) return 'it takes a whole number, like `3`';
  const n = Number(v);
  if (n > 2147483647 || n < -2147483648) return 'the number is too large';
  if (n < 0) return 'it cannot be negative';
  return undefined;
}

const SYMBOLIC_MODE = /^[ugoa]*(?:[-+=][rwxXstugo]*)+(?:,[ugoa]*(?:[-+=][rwxXstugo]*)+)*$/;

/**
 * `--chmod`: octal up to 7777, or a symbolic mode like `u+x,go=rX` (which frontends before 1.14 reject: that is
 * copy-flag-needs-newer-syntax's to report).
 */
export function chmodProblem(v: string): string | undefined {
  if (v === '') return undefined;
  if (/^\d/.test(v)) {
    if (!/^[0-7]+$/.test(v)) return 'an octal mode has only the digits 0 to 7, like `755` or `0644`';
    return Number.parseInt(v, 8) > 0o7777 ? 'an octal mode is at most `7777`' : undefined;
  }
  return SYMBOLIC_MODE.test(v) ? undefined : 'write an octal mode like `755`, or a symbolic one like `u+x` or `u=rwX,go=rX`';
}

/** `--chown`: `user[:group]`; a second `:` makes a group name that cannot exist. */
export function chownProblem(v: string): string | undefined {
  const colons = v.split(':').length - 1;
  return colons > 1 ? 'write `user`, `user:group`, `uid` or `uid:gid` — there is one `:` too many' : undefined;
}

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9',
  'solaris', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const OS_PART = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const PLATFORM_PART = /^[A-Za-z0-9_.-]+$/;

function normalizeArch(a: string): string {
  const l = a.toLowerCase();
  if (l === 'i386') return '386';
  if (l === 'x86_64' || l === 'x86-64') return 'amd64';
  if (l === 'aarch64') return 'arm64';
  if (l === 'armhf' || l === 'armel') return 'arm';
  return l;
}

/** A platform as containerd's parser (which BuildKit uses) reads it: `os[/arch[/variant]]`, or an OS or arch alone. */
export function platformProblem(v: string): string | undefined {
  if (v === '') return 'it is empty';
  if (v.includes('*')) return 'wildcards are not allowed; name one platform, like `linux/amd64`';
  const parts = v.split('/');
  if (parts.length > 3) return 'write `os/arch` or `os/arch/variant`, like `linux/arm/v7`';
  const os = OS_PART.exec(parts[0] as string);
  if (!os) return `\`${parts[0]}\` is not an operating system; write \`os/arch\`, like \`linux/amd64\``;
  for (const p of parts.slice(1)) {
    if (!PLATFORM_PART.test(p)) return p === '' ? 'a part between `/` is empty' : `\`${p}\` has characters a platform cannot contain`;
  }
  if (parts.length === 1) {
    const name = (os[1] as string).toLowerCase();
    if (KNOWN_OS.has(name) || name === 'macos' || KNOWN_ARCH.has(normalizeArch(parts[0] as string))) return undefined;
    return `\`${parts[0]}\` is neither an operating system nor an architecture Docker knows; write \`os/arch\`, like \`linux/amd64\``;
  }
  return undefined;
}

/**
 * An `--exclude` pattern: what Go's filepath.Match rejects (on Linux: `\` escapes), or `!` alone. Leading and
 * trailing spaces are ignored, and an empty pattern is skipped, as BuildKit's pattern matcher does.
 */
export function patternProblem(v: string): string | undefined {
  let p = v.trim();
  if (p === '') return undefined;
  if (p.replace(/\/+$/, '') === '!') return '`!` alone excludes nothing; write `!` followed by a pattern';
  if (p.startsWith('!')) p = p.slice(1);
  const unclosed = 'it has a `[` without its `]`; write `[[]` for a literal `[`';
  const badClass = 'a `[...]` character class is empty or malformed';
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return 'it ends with a lone `\\`';
      i += 2;
    } else if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (i >= p.length) return unclosed;
        if (p[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        // One class character (lo), maybe `-` and another (hi).
        for (let side = 0; side < 2; side++) {
          if (i >= p.length) return unclosed;
          if (p[i] === '-' || p[i] === ']') return badClass;
          if (p[i] === '\\') {
            i++;
            if (i >= p.length) return unclosed;
          }
          i += isHighSurrogate(p.charCodeAt(i)) ? 2 : 1;
          if (i >= p.length) return unclosed;
          if (side === 0 && p[i] === '-') i++;
          else break;
        }
        ranges++;
      }
    } else i++;
  }
  return undefined;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

const DIGESTS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** The shape of an ADD --checksum: a digest (`sha256:<hex>`, for downloads) or hex (a Git commit). */
export function checksumShape(v: string): 'digest' | 'hex' | string {
  if (/^[0-9a-fA-F]+$/.test(v)) return 'hex';
  const colon = v.indexOf(':');
  if (colon <= 0 || colon === v.length - 1) return 'write `sha256:` and the 64 hex digits of the file, or the commit hash of a Git source';
  const alg = v.slice(0, colon);
  const len = DIGESTS[alg];
  if (len === undefined) return `\`${alg}\` is not a supported digest algorithm: use \`sha256\``;
  const hex = v.slice(colon + 1);
  if (!new RegExp(`^[a-f0-9]{${len}}$`).test(hex)) return `a ${alg} digest is \`${alg}:\` followed by ${len} lower-case hex digits`;
  return 'digest';
}

/**
 * What kind of source ADD fetches for `--checksum`: a Git repository, an HTTP(S) download, a local path, or
 * `github.com/…`, which passes BuildKit's checksum test as Git but is then copied as a local path.
 */
export function sourceKind(src: string): 'git' | 'http' | 'local' | 'github-path' {
  if (src.startsWith('github.com/')) return 'github-path';
  if (/^(git|ssh):\/\//.test(src) || /^[\w.-]+@[\w.-]+:/.test(src)) return 'git';
  if (/^https?:\/\//.test(src)) {
    const path = src.replace(/^https?:\/\/[^/]*/, '').replace(/[?#].*$/, '');
    return path.endsWith('.git') ? 'git' : 'http';
  }
  return 'local';
}

/** An image reference's error, for `--from` values that name no stage. */
export function imageRefProblem(v: string): string | undefined {
  return parseImageRef(v).error;
}

/** Bytes with an optional binary unit, as docker/go-units' RAMInBytes reads them (`64m`, `1g`, `512KiB`). */
export function sizeProblem(v: string): string | undefined {
  const reason = 'write a size like `64m` or `1g`';
  let sep = -1;
  for (let i = v.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(v[i] as string)) {
      sep = i;
      break;
    }
  }
  if (sep < 0) return reason;
  const num = v[sep] === ' ' ? v.slice(0, sep) : v.slice(0, sep + 1);
  const sfx = v.slice(sep + 1).toLowerCase();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return reason;
  if (Number(num) < 0) return 'a size cannot be negative';
  if (sfx === '' || sfx === 'b') return undefined;
  if (!/^[kmgtp](b|ib)?$/.test(sfx)) return `\`${sfx}\` is not a size unit: use \`k\`, \`m\`, \`g\`, \`t\` or \`p\``;
  return undefined;
}

/** Mount `mode`: Go's ParseUint(v, 8, 32). */
export function octalProblem(v: string): string | undefined {
  if (!/^[0-7]+$/.test(v)) return 'write the mode in octal, like `0755`';
  return Number.parseInt(v, 8) > 0xffffffff ? 'the mode is too large' : undefined;
}

/** Mount `uid`/`gid`: Go's ParseUint(v, 10, 32). */
export function uintProblem(v: string): string | undefined {
  if (!/^\d+$/.test(v)) return 'write a numeric id, like `1000` (names are not looked up here)';
  return Number(v) > 0xffffffff ? 'the id is too large' : undefined;
}

// --- comma-separated values (RUN --mount, RUN --device) ----------------------------------------------------------

export interface CsvField {
  /** The field with CSV quotes removed. */
  text: string;
  /** Offsets in the value. */
  start: number;
  end: number;
  /** Written in CSV quotes: offsets inside it do not map one to one. */
  quoted: boolean;
}

/** Splits like Go's encoding/csv on one line (BuildKit's csvvalue): fields, or where a stray quote breaks it. */
export function parseCsv(v: string): { fields: CsvField[] } | { error: string; at: number } {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    if (v[i] !== '"') {
      const comma = v.indexOf(',', i);
      const end = comma < 0 ? v.length : comma;
      const text = v.slice(i, end);
      const q = text.indexOf('"');
      if (q >= 0) return { error: 'a `"` may only start a quoted option', at: i + q };
      fields.push({ text, start: i, end, quoted: false });
      if (comma < 0) return { fields };
      i = comma + 1;
      continue;
    }
    const start = i;
    let text = '';
    i++;
    for (;;) {
      const q = v.indexOf('"', i);
      if (q < 0) return { error: 'a quoted option is never closed', at: start };
      text += v.slice(i, q);
      i = q + 1;
      if (v[i] === '"') {
        text += '"';
        i++;
        continue;
      }
      break;
    }
    fields.push({ text, start, end: i, quoted: true });
    if (i >= v.length) return { fields };
    if (v[i] !== ',') return { error: 'a quoted option must end at a `,`', at: i };
    i++;
  }
}

// --- RUN --mount -------------------------------------------------------------------------------------------

export type MountProblem =
  | { kind: 'mount'; at: TextRange; reason: string }
  | { kind: 'unknownKey'; at: TextRange; key: string; hint: string }
  | { kind: 'key'; at: TextRange; key: string; reason: string }
  | { kind: 'value'; at: TextRange; key: string; raw: string; value: string; reason: string };

interface Seen {
  range: TextRange;
  /** The expanded value; undefined when unknown. */
  value: string | undefined;
}

/**
 * What BuildKit rejects in one `--mount` value: unknown options, options the type does not take (or that come
 * before `type=`), bad values, and the secret/ssh rules. Values with variables are judged when their value is
 * known. `from=` with a variable is left to copy-from-variable.
 */
export function mountProblems(ctx: RuleContext, instr: Instruction, flag: Flag): MountProblem[] {
  const v = valueText(ctx.file, flag);
  if (!v) return [];
  const out: MountProblem[] = [];
  if (v.text === '') return [{ kind: 'mount', at: flag.range, reason: 'is empty; a mount needs at least `target=` (and usually `type=`)' }];
  const csv = parseCsv(v.text);
  if ('error' in csv) return [{ kind: 'mount', at: v.range(csv.at, csv.at + 1), reason: `cannot be read: ${csv.error}` }];
  const fields = csv.fields;
  const frontend = frontendOf(ctx.file);
  const at = (f: CsvField, s: number, e: number): TextRange => (f.quoted ? v.range(f.start, f.end) : v.range(f.start + s, f.start + e));

  // The type each field is read under (BuildKit reads left to right); undefined once a type is unknown.
  let type = 'bind' as MountType | undefined;
  const seen = new Map<string, Seen>();
  const typeSetLater = (from: number): MountType | undefined => {
    for (const f of fields.slice(from)) {
      const eq = f.text.indexOf('=');
      if (eq > 0 && f.text.slice(0, eq).toLowerCase() === 'type') {
        const t = expandedValue(ctx, f.text.slice(eq + 1), instr)?.toLowerCase();
        return (MOUNT_TYPE_NAMES as readonly string[]).includes(t ?? '') ? (t as MountType) : undefined;
      }
    }
    return undefined;
  };
  // `required` and `size` are checked against the type read so far.
  const checkTypeFirst = (f: CsvField, key: string, index: number, keyEnd: number): void => {
    const facts = mountKey(key);
    if (!facts || type === undefined || facts.types.includes(type)) return;
    const later = typeSetLater(index + 1);
    const range = at(f, 0, keyEnd);
    if (later && facts.types.includes(later)) {
      const reason = `comes before \`type=${later}\`: BuildKit reads mount options in order and takes this one for a ${type} mount; put \`type=\` first`;
      out.push({ kind: 'key', at: range, key, reason });
    } else {
      out.push({ kind: 'key', at: range, key, reason: `only applies to ${list(facts.types)} mounts, not to a ${later ?? type} mount` });
    }
  };

  fields.forEach((f, index) => {
    const eq = f.text.indexOf('=');
    const key = (eq < 0 ? f.text : f.text.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === '') {
        const comma = f.start > 0 ? f.start - 1 : f.end;
        out.push({ kind: 'mount', at: v.range(comma, comma + 1), reason: 'has an empty option (a stray comma)' });
        return;
      }
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') return;
      if (key === 'required') {
        checkTypeFirst(f, key, index, f.text.length);
        return;
      }
      if (mountKey(key)) out.push({ kind: 'key', at: at(f, 0, f.text.length), key, reason: `needs a value: write \`${key}=<value>\`` });
      else out.push({ kind: 'unknownKey', at: at(f, 0, f.text.length), key: f.text, hint: hintFor(key) });
      return;
    }
    const facts = mountKey(key);
    if (!facts) {
      out.push({ kind: 'unknownKey', at: at(f, 0, eq), key: f.text.slice(0, eq), hint: hintFor(key) });
      return;
    }
    const raw = f.text.slice(eq + 1);
    const valueAt = at(f, eq + 1, f.text.length);
    if (facts.name === 'from') {
      seen.set('from', { range: at(f, 0, f.text.length), value: raw });
      return;
    }
    const value = facts.expands ? expandedValue(ctx, raw, instr) : raw;
    const bad = (reason: string): void => {
      out.push({ kind: 'value', at: valueAt.end > valueAt.start ? valueAt : at(f, 0, f.text.length), key, raw, value: value ?? raw, reason });
    };
    seen.set(facts.name, { range: at(f, 0, f.text.length), value });
    switch (facts.name) {
      case 'type': {
        const t = value?.toLowerCase();
        if (t === undefined) type = undefined;
        else if ((MOUNT_TYPE_NAMES as readonly string[]).includes(t)) type = t as MountType;
        else {
          const guess = suggest(t, MOUNT_TYPE_NAMES);
          bad(`the types are \`bind\`, \`cache\`, \`tmpfs\`, \`secret\` and \`ssh\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
          type = undefined;
        }
        return;
      }
      case 'required':
        checkTypeFirst(f, key, index, eq);
        if (value !== undefined && !isGoBool(value)) bad('use `true` or `false` (or just `required`)');
        return;
      case 'size':
        checkTypeFirst(f, key, index, eq);
        if (value !== undefined) {
          const r = sizeProblem(value);
          if (r) bad(r);
        }
        return;
      case 'readonly':
      case 'readwrite':
        if (value !== undefined && !isGoBool(value)) bad(`use \`true\` or \`false\` (or just \`${key}\`)`);
        return;
      case 'sharing':
        if (value !== undefined && !['shared', 'private', 'locked'].includes(value.toLowerCase())) {
          const guess = suggest(value, ['shared', 'private', 'locked']);
          bad(`use \`shared\`, \`private\` or \`locked\`${guess ? ` (did you mean \`${guess}\`?)` : ''}`);
        }
        return;
      case 'mode':
        if (value !== undefined) {
          const r = octalProblem(value);
          if (r) bad(r);
        }
        return;
      case 'uid':
      case 'gid':
        if (value !== undefined) {
          const r = uintProblem(value);
          if (r) bad(r);
        }
        return;
      case 'env':
        if (frontend && !frontend.labs && facts.since && olderThan(frontend, facts.since)) {
          const reason = `needs Dockerfile syntax ${facts.since} or newer, and the \`# syntax\` directive asks for ${frontend.tag ?? ''}`;
          out.push({ kind: 'key', at: at(f, 0, eq), key, reason });
        }
        return;
      default:
        return;
    }
  });

  // What BuildKit checks once every option is read, against the final type.
  if (type === undefined) return out;
  const has = (name: string): Seen | undefined => {
    const s = seen.get(name);
    return s && s.value !== '' ? s : undefined;
  };
  for (const name of ['mode', 'uid', 'gid', 'sharing'] as const) {
    const s = has(name);
    const facts = mountKey(name);
    if (s && facts && facts.rejectedFor.includes(type)) {
      out.push({ kind: 'key', at: s.range, key: name, reason: `only applies to ${list(facts.types)} mounts, not to a ${type} mount` });
    }
  }
  if (type === 'secret') {
    const from = has('from');
    if (from) out.push({ kind: 'key', at: from.range, key: 'from', reason: 'does not apply to a secret mount: a secret comes from `docker build --secret`' });
    const source = has('source');
    const id = has('id');
    if (source && id) out.push({ kind: 'key', at: source.range, key: 'source', reason: 'and `id` both name the secret; keep one' });
    if (!source && !id && !has('target')) {
      out.push({ kind: 'mount', at: flag.nameRange, reason: 'of type secret needs `id=` (or `source=` or `target=`) to say which secret' });
    }
  }
  if (type === 'ssh') {
    const source = has('source');
    if (source) out.push({ kind: 'key', at: source.range, key: 'source', reason: 'does not apply to an ssh mount; use `id=` to pick the key' });
  }
  const target = seen.get('target');
  if (target?.value !== undefined && target.value.startsWith('/') && cleanPath(target.value) === '/') {
    out.push({ kind: 'key', at: target.range, key: 'target', reason: 'cannot be `/`: a mount cannot replace the whole filesystem' });
  }
  return out;
}

function hintFor(key: string): string {
  const guess = suggest(key, MOUNT_KEY_NAMES);
  return guess ? `; did you mean \`${guess}\`?` : '';
}

function list(types: readonly string[]): string {
  return types.length === 1 ? (types[0] as string) : `${types.slice(0, -1).join(', ')} and ${types[types.length - 1]}`;
}

/** path.Clean for an absolute POSIX path. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

// --- RUN --device ------------------------------------------------------------------------------------------

export interface DeviceProblem {
  /** Offsets in the value of the offending field. */
  start: number;
  end: number;
  text: string;
  reason: string;
}

/** A `--device` value: a device name, then `required[=bool]`. The problem names the offending field. */
export function deviceProblem(v: string): DeviceProblem | undefined {
  if (v === '') return { start: 0, end: 0, text: v, reason: 'it needs a device name, like `vendor.com/gpu=all`' };
  const csv = parseCsv(v);
  if ('error' in csv) return { start: csv.at, end: csv.at + 1, text: v, reason: csv.error };
  let named = false;
  for (const f of csv.fields) {
    const eq = f.text.indexOf('=');
    const key = (eq < 0 ? f.text : f.text.slice(0, eq)).toLowerCase();
    const problem = (reason: string): DeviceProblem => ({ start: f.start, end: f.end, text: f.text, reason });
    if (key === 'required') {
      if (eq >= 0 && !isGoBool(f.text.slice(eq + 1))) return problem('use `required`, `required=true` or `required=false`');
      continue;
    }
    if (key === 'name' && eq >= 0) {
      if (named) return problem('the device name is given twice');
      named = true;
      continue;
    }
    if (!named) {
      named = true;
      continue;
    }
    return problem('a device takes only a name and `required`');
  }
  return undefined;
}
