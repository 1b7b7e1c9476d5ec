/**
 * Inline suppressions, in three syntaxes:
 * - berth's: `# berth-ignore RULE[, RULE…][: reason]` (the next instruction, or the one the comment sits in),
 *   `# berth-ignore-stage …` (the stage of the next instruction), `# berth-ignore-file …`; `all` names every rule;
 * - hadolint's: `# hadolint ignore=DL3008,SC2086`, `# hadolint stage ignore=…`, `# hadolint global ignore=…`;
 * - BuildKit's `# check=skip=A,B;error=true` as a parser directive (whole file) or as a comment directly above an
 *   instruction (that instruction only). The directive's `experimental=A,B|all` turns BuildKit's experimental checks
 *   on for the file (the engine runs their rules); in a comment above an instruction it is not read.
 */
import { checkDirectiveOptions, goParseBool, isExperimentalCheck, type Dockerfile, type Instruction, type SemanticModel, type TextRange } from '../../grammar/index.js';
import { BUILTIN_BY_ID } from '../syntax.js';
import type { RuleNames } from './config.js';

export type SuppressionKind = 'berth' | 'hadolint' | 'buildkit';

export interface SuppressedName {
  name: string;
  range: TextRange;
  /** Rule ids the name resolves to (empty when unknown). */
  ids: string[];
  /** Names of a form berth does not know yet but should not complain about (hadolint's DLxxxx/SCxxxx). */
  tolerated: boolean;
  /**
   * What to say when the name resolves only to checks nothing can suppress: errors Docker rejects the file for
   * (`missing-space-after-keyword`). Such a comment cannot work, whatever it is placed above.
   */
  cannotSuppress?: string;
}

export interface Suppression {
  kind: SuppressionKind;
  scope: 'instruction' | 'stage' | 'file';
  comment: TextRange;
  /** Where findings are suppressed: findings starting in [start, end). */
  target: TextRange;
  all: boolean;
  names: SuppressedName[];
  reason?: string;
  /** Rule ids this suppression actually suppressed. */
  used: Set<string>;
  /** hadolint's pragma: words after the list of names (`ignore=DL3008 pinned elsewhere`), which are no names. */
  trailing?: TextRange & { text: string };
}

export interface CheckDirective {
  /** Rule ids BuildKit's `skip=` turns off for the whole file. */
  skip: Set<string>;
  skipAll: boolean;
  /** Rule ids of experimental checks `experimental=` turns on for the whole file. */
  experimental: Set<string>;
  experimentalAll: boolean;
  /** `error=true`: BuildKit's checks fail the build, so their findings are errors. */
  error: boolean;
  /** The names of `skip=` with their ranges (the directive's own). */
  names: SuppressedName[];
}

const BERTH = /^#\s*berth-ignore(-stage|-file)?(?:\s+(.*?))?\s*$/;
const HADOLINT = /^#\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*?)\s*(?:#.*)?$/;
const CHECK = /^#\s*check\s*=\s*(.*?)\s*$/i;

interface Options {
  berth: boolean;
  hadolint: boolean;
  buildkit: boolean;
}

/** All top-level instructions and ONBUILD triggers are plain targets; comments find theirs by offset. */
function instructionAfterOrAround(instructions: readonly Instruction[], offset: number): Instruction | undefined {
  // The first whose end is past the offset (instructions do not overlap, so their ends only grow).
  let lo = 0;
  let hi = instructions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((instructions[mid] as Instruction).range.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return instructions[lo];
}

function parseNames(text: string, base: number, names: RuleNames, splitter: RegExp): { names: SuppressedName[]; all: boolean } {
  const out: SuppressedName[] = [];
  let all = false;
  const re = new RegExp(splitter.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[0];
    if (name.toLowerCase() === 'all' || name === '*') {
      all = true;
      continue;
    }
    out.push(named(name, { start: base + m.index, end: base + m.index + name.length }, names.resolve(name), /^(DL|SC)\d{4}$/i.test(name)));
  }
  return { names: out, all };
}

function named(name: string, range: TextRange, ids: string[], tolerated: boolean): SuppressedName {
  const n: SuppressedName = { name, range, ids, tolerated };
  const why = cannotSuppress(name, ids);
  if (why) n.cannotSuppress = why;
  return n;
}

/**
 * Why no comment can suppress what `ids` name, when they are all syntax errors Docker rejects the file for; those
 * are not lint opinions but a build that stops, so only fixing the line makes them go away.
 */
function cannotSuppress(name: string, ids: readonly string[]): string | undefined {
  if (ids.length === 0 || !ids.every((id) => BUILTIN_BY_ID.get(id)?.configurable === false)) return undefined;
  return `\`${name}\` cannot be suppressed: Docker rejects the file with this error, so the line has to be fixed (\`berth explain ${ids[0]}\`).`;
}

export function findSuppressions(
  file: Dockerfile,
  model: SemanticModel,
  names: RuleNames,
  options: Options,
): { suppressions: Suppression[]; check: CheckDirective } {
  const suppressions: Suppression[] = [];
  const check: CheckDirective = { skip: new Set(), skipAll: false, experimental: new Set(), experimentalAll: false, error: false, names: [] };
  const instructions = file.instructions;
  const whole = { start: 0, end: file.text.length };

  const stageRange = (offset: number): TextRange => {
    const instr = instructionAfterOrAround(instructions, offset);
    const stage = instr ? model.stageAt(instr.range.start) : undefined;
    return stage ? stage.range : instr ? instr.range : { start: offset, end: offset };
  };
  const instructionRange = (offset: number): TextRange => instructionAfterOrAround(instructions, offset)?.range ?? { start: offset, end: offset };

  // The `# check=` parser directive applies to the whole file.
  if (options.buildkit) {
    for (const d of file.directives) {
      if (d.name !== 'check' || !d.valueToken) continue;
      check.names.push(...applyCheck(d.value, d.valueToken.start, names, check));
    }
  }

  for (const c of file.comments()) {
    const text = c.text();
    if (options.berth) {
      const m = BERTH.exec(text);
      if (m) {
        const body = m[2] ?? '';
        const bodyStart = c.start + text.indexOf(body, text.indexOf('berth-ignore') + 12);
        const colon = body.indexOf(':');
        const list = colon < 0 ? body : body.slice(0, colon);
        const reason = colon < 0 ? undefined : body.slice(colon + 1).trim() || undefined;
        const parsed = parseNames(list, bodyStart, names, /[^\s,]+/);
        const scope = m[1] === '-file' ? 'file' : m[1] === '-stage' ? 'stage' : 'instruction';
        const s: Suppression = {
          kind: 'berth',
          scope,
          comment: c,
          target: scope === 'file' ? whole : scope === 'stage' ? stageRange(c.end) : instructionRange(c.end),
          all: parsed.all,
          names: parsed.names.map((n) => ({ ...n, tolerated: false })),
          used: new Set(),
        };
        if (reason !== undefined) s.reason = reason;
        suppressions.push(s);
        continue;
      }
    }
    if (options.hadolint) {
      const m = HADOLINT.exec(text);
      if (m) {
        const list = m[2] ?? '';
        let ls = text.indexOf('=', text.indexOf('ignore')) + 1;
        while (text.charAt(ls) === ' ' || text.charAt(ls) === '\t') ls++;
        const listStart = c.start + ls;
        // The list ends where a word follows another after blanks alone (no comma): what comes next is text.
        const end = /^[^\s,]+(?:\s*,\s*[^\s,]+)*\s*,?/.exec(list)?.[0].length ?? 0;
        const rest = list.slice(end).trim();
        const parsed = parseNames(list.slice(0, end), listStart, names, /[^\s,]+/);
        const scope = m[1] === 'global' ? 'file' : m[1] === 'stage' ? 'stage' : 'instruction';
        const s: Suppression = {
          kind: 'hadolint',
          scope,
          comment: c,
          target: scope === 'file' ? whole : scope === 'stage' ? stageRange(c.end) : instructionRange(c.end),
          all: parsed.all,
          names: parsed.names,
          used: new Set(),
        };
        if (rest !== '') {
          const at = listStart + list.indexOf(rest, end);
          s.trailing = { start: at, end: at + rest.length, text: rest };
        }
        suppressions.push(s);
        continue;
      }
    }
    if (options.buildkit && c.parent?.kind === 'File') {
      const m = CHECK.exec(text);
      if (m) {
        // A `# check=` comment in the comment block directly above an instruction applies to that instruction.
        const target = instructionRange(c.end);
        const local: CheckDirective = { skip: new Set(), skipAll: false, experimental: new Set(), experimentalAll: false, error: false, names: [] };
        const parsedNames = applyCheck(m[1] ?? '', c.start + text.indexOf(m[1] ?? ''), names, local);
        if (parsedNames.length > 0 || local.skipAll) {
          suppressions.push({
            kind: 'buildkit',
            scope: 'instruction',
            comment: c,
            target,
            all: local.skipAll,
            names: parsedNames,
            used: new Set(),
          });
        }
      }
    }
  }
  return { suppressions, check };
}

/** Reads `skip=A,B;error=true;experimental=C`; returns the names of `skip=` with their ranges. */
function applyCheck(value: string, base: number, names: RuleNames, into: CheckDirective): SuppressedName[] {
  const out: SuppressedName[] = [];
  // Split as BuildKit splits them; a key in the wrong case still applies (the parser reports it as an error).
  for (const o of checkDirectiveOptions(value)) {
    const key = o.key?.toLowerCase();
    const val = o.value;
    if (key === 'skip') {
      const valStart = base + o.valueStart;
      const re = /[^\s,]+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(val)) !== null) {
        const name = m[0];
        if (name.toLowerCase() === 'all') {
          into.skipAll = true;
          continue;
        }
        const ids = names.resolve(name);
        for (const id of ids) into.skip.add(id);
        out.push(named(name, { start: valStart + m.index, end: valStart + m.index + name.length }, ids, true));
      }
    } else if (key === 'error') {
      into.error = goParseBool(val.trim()) === true;
    } else if (key === 'experimental') {
      // Names as BuildKit spells them; names of checks that are not experimental change nothing.
      for (const name of val.split(',').map((n) => n.trim())) {
        if (name === 'all') into.experimentalAll = true;
        else if (isExperimentalCheck(name)) for (const id of names.resolve(name)) into.experimental.add(id);
      }
    }
  }
  return out;
}
