/** Parser directives: `# name=value` lines at the very top of a Dockerfile. */

export type DirectiveName = 'syntax' | 'escape' | 'check';

export const DIRECTIVE_NAMES: readonly DirectiveName[] = ['syntax', 'escape', 'check'];

export function isDirectiveName(lower: string): lower is DirectiveName {
  return lower === 'syntax' || lower === 'escape' || lower === 'check';
}

/**
 * The options of `# check=` (joined by `;`): `skip=A,B` or `skip=all` turns checks off, `error=true` makes their
 * warnings fail the build, `experimental=A,B` or `experimental=all` turns on checks BuildKit runs only when asked
 * (BUILDKIT_EXPERIMENTAL_CHECKS). Check names are written as BuildKit spells them.
 */
export const CHECK_OPTIONS = ['skip', 'error', 'experimental'] as const;
export type CheckOption = (typeof CHECK_OPTIONS)[number];

/** One option of `# check=` as BuildKit splits them: its key (trimmed), its value and where they start. */
export interface CheckDirectiveOption {
  /** The text before `=`, trimmed; undefined when the option has no `=` (BuildKit refuses it). */
  key: string | undefined;
  value: string;
  /** Offsets in the directive's value of the option and of its value. */
  start: number;
  valueStart: number;
}

/**
 * The options of a `# check=` value as BuildKit's ParseLintOptions reads them: the value trimmed, split at `;` into
 * at most three (Go's SplitN: a fourth stays inside the third one's value), each cut at its first `=`.
 */
export function checkDirectiveOptions(value: string): CheckDirectiveOption[] {
  const lead = value.length - value.trimStart().length;
  const text = value.trim();
  if (text === '') return [];
  const out: CheckDirectiveOption[] = [];
  let start = 0;
  for (let n = 0; n < 3; n++) {
    const semi = n < 2 ? text.indexOf(';', start) : -1;
    const part = text.slice(start, semi < 0 ? text.length : semi);
    const eq = part.indexOf('=');
    out.push({ key: eq < 0 ? undefined : part.slice(0, eq).trim(), value: eq < 0 ? part : part.slice(eq + 1), start: lead + start, valueStart: lead + start + (eq < 0 ? 0 : eq + 1) });
    if (semi < 0) break;
    start = semi + 1;
  }
  return out;
}

/** Go's strconv.ParseBool, as BuildKit reads `error=`: true, false, or undefined for anything else. */
export function goParseBool(text: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(text)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(text)) return false;
  return undefined;
}
