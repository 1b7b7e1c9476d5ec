/**
 * What the parser and the builder's expansion report, described like rules so that `berth rules`, `berth
 * explain` and the docs cover them. Errors are what Docker rejects and cannot be turned off; warnings can.
 */
import type { Fixability, RuleDifferences, Severity } from './define.js';

export interface BuiltinCheck {
  id: string;
  severity: Severity;
  /** Errors are what the builder rejects: they cannot be switched off or suppressed. */
  configurable: boolean;
  aliases: string[];
  summary: string;
  /** Whether its findings carry a fix (the parser attaches it); default `never`. */
  fixable?: Fixability;
  /** What the fix does and why it is safe; required when fixable. */
  fixSafety?: string;
  /** More than the summary, for its page and `berth explain`: where it comes from, what to do. */
  details?: string;
  /** Where berth deliberately reports this differently from hadolint or BuildKit, and why. */
  differences?: RuleDifferences;
}

export const BUILTIN_CHECKS: readonly BuiltinCheck[] = [
  { id: 'no-instructions', severity: 'error', configurable: false, aliases: [], summary: 'The file has no instructions; a build needs at least FROM.' },
  { id: 'duplicate-directive', severity: 'error', configurable: false, aliases: [], summary: 'A parser directive (`syntax`, `escape`, `check`) is given twice.' },
  {
    id: 'invalid-check-directive',
    severity: 'error',
    configurable: false,
    aliases: [],
    summary: 'A `# check=` directive BuildKit cannot read (an unknown option, `error=` without a boolean): the build stops.',
  },
  { id: 'invalid-escape-directive', severity: 'error', configurable: false, aliases: [], summary: 'The escape directive names something other than `\\` or `` ` ``.' },
  { id: 'misplaced-directive', severity: 'warning', configurable: true, aliases: [], summary: 'A parser directive below the top of the file, where it is an ordinary comment.' },
  { id: 'line-too-long', severity: 'error', configurable: false, aliases: [], summary: 'A line longer than the 65,535 bytes Docker can read.' },
  {
    id: 'empty-continuation-line',
    severity: 'warning',
    configurable: true,
    aliases: ['NoEmptyContinuation'],
    summary: 'An empty line inside an instruction continued over several lines.',
    fixable: 'always',
    fixSafety: 'Safe: the fix removes the empty line, which Docker skips anyway.',
    differences: {
      buildkit:
        'BuildKit reports NoEmptyContinuation once per instruction, at the instruction\'s last line; berth reports ' +
        'each empty line, where it is, so that each can be seen and removed (the fix removes them all).',
    },
  },
  {
    id: 'utf16-encoding',
    severity: 'error',
    configurable: false,
    aliases: [],
    summary: 'A file saved as UTF-16 (it starts with UTF-16’s byte order mark): Docker reads Dockerfiles as UTF-8 and cannot build it.',
    details:
      'Windows PowerShell 5 writes UTF-16 with `>` and `Out-File`, and some editors save it on request. The builder reads the bytes as UTF-8, does not recognise the first instruction and stops. berth reads the file anyway, so its other findings are there to fix, and `--fix` writes its edits in UTF-16 like the rest of the file. Save the file as UTF-8 to build it. Reported by `berth lint` (and said by `berth parse`), which read the file’s bytes; an editor decodes the file before the language server sees it.',
  },
  {
    id: 'invalid-utf8',
    severity: 'warning',
    configurable: true,
    aliases: [],
    summary: 'Bytes that are not valid UTF-8, such as a Latin-1 `é`: berth shows them as `�`, Docker passes them on unchanged.',
    details:
      'Most often a letter saved by an editor set to Latin-1 or Windows-1252. In a comment it does no harm. In an instruction the builder passes the byte on as it is, and where the value lands in the image’s JSON configuration (a LABEL, an ENV value) it becomes `�`. Save the file as UTF-8. berth reports one finding per line, and `--fix` leaves such bytes exactly as they are. Reported by `berth lint`, which reads the file’s bytes; an editor decodes the file before the language server sees it.',
  },
  { id: 'lone-carriage-return', severity: 'warning', configurable: true, aliases: [], summary: 'A carriage return that editors show as a line break but Docker does not.' },
  { id: 'unknown-instruction', severity: 'error', configurable: false, aliases: [], summary: 'A word at the start of an instruction that is not one of the 18 instructions.' },
  {
    id: 'missing-space-after-keyword',
    severity: 'error',
    configurable: false,
    aliases: [],
    summary: 'An instruction keyword glued to its arguments, like `ENTRYPOINT["x"]`.',
    fixable: 'sometimes',
    fixSafety:
      'Safe: the fix inserts the missing space (`ENTRYPOINT ["x"]`), or puts it in place of a `=` or `:` written after the keyword (`WORKDIR=/app` → `WORKDIR /app`), which is the only way the line can be an instruction. There is no fix when the intent is unclear: ENV, ARG or LABEL glued to `=` (the name is missing) and ONBUILD not followed by an instruction.',
  },
  { id: 'placeholder-syntax', severity: 'error', configurable: false, aliases: [], summary: 'A syntax summary from the documentation (`<image>`, `[AS <name>]`) pasted as is.' },
  { id: 'missing-argument', severity: 'error', configurable: false, aliases: [], summary: 'An instruction without something it requires (FROM without image, COPY without destination).' },
  {
    id: 'unexpected-argument',
    severity: 'error',
    configurable: false,
    aliases: [],
    summary: 'Text an instruction does not take (`FROM a b`, `HEALTHCHECK NONE x`, a SHELL that is no JSON array).',
    fixable: 'sometimes',
    fixSafety: 'Safe, and only for SHELL: when its array has typographic (`“ ”`, `‘ ’`) or single quotes and straight double quotes make it a JSON array of strings, the fix puts them in.',
  },
  { id: 'invalid-stage-name', severity: 'error', configurable: false, aliases: [], summary: 'A stage name that does not start with a letter or has other characters than letters, digits, `-`, `_`, `.`.' },
  { id: 'json-non-string', severity: 'error', configurable: false, aliases: [], summary: 'A JSON (exec form) array with an element that is not a string.' },
  {
    id: 'invalid-exec-form',
    severity: 'error',
    configurable: true,
    aliases: [],
    summary: 'Text that looks like the exec form but is not valid JSON (typographic or single quotes, a trailing comma…), so it runs as a shell command.',
    fixable: 'sometimes',
    fixSafety:
      'Safe: when the quotes are the problem (typographic `“ ”`, `‘ ’`, or single quotes) and straight double quotes make a JSON array of strings, the fix replaces the quotes that open and close each element, nothing else. Quotes inside an element (`it’s`) stay. Rules about the shell form Docker falls back to stay quiet on such a line.',
  },
  { id: 'env-missing-value', severity: 'error', configurable: false, aliases: [], summary: '`ENV name` or `LABEL name` without a value.' },
  { id: 'env-missing-equals', severity: 'error', configurable: false, aliases: [], summary: 'A `name=value` ENV or LABEL with a word that has no `=`.' },
  { id: 'empty-name', severity: 'error', configurable: false, aliases: [], summary: 'ENV, LABEL or ARG with nothing before `=`.' },
  { id: 'unterminated-heredoc', severity: 'error', configurable: false, aliases: [], summary: 'A heredoc whose closing line never comes.' },
  { id: 'invalid-heredoc', severity: 'error', configurable: false, aliases: [], summary: 'A heredoc marker Docker cannot read.' },
  { id: 'healthcheck-type', severity: 'error', configurable: false, aliases: [], summary: 'HEALTHCHECK followed by something other than CMD or NONE.' },
  { id: 'invalid-variable-expansion', severity: 'error', configurable: false, aliases: [], summary: 'A `${…}` form the builder cannot expand, such as `${name:=value}` or `${#name}`.' },
  {
    id: 'expansion-limit',
    severity: 'warning',
    configurable: true,
    aliases: [],
    summary:
      'Variables whose value berth stops computing: one word would take more than 1,048,576 characters from its variables (ARGs that each double the last), `${…}` nests more than 64 levels deep, or the file’s expansions have used up the work berth spends on them (a multiple of the file’s size). berth treats the value as unknown from there.',
  },
  { id: 'internal-error', severity: 'error', configurable: false, aliases: [], summary: 'berth could not analyse the file (a bug in berth).' },
  {
    id: 'invalid-suppression',
    severity: 'warning',
    configurable: true,
    aliases: [],
    summary: 'A suppression comment that names no rule berth knows, no rule at all, or a syntax error no comment can suppress.',
    differences: {
      hadolint:
        'hadolint drops a whole `# hadolint ignore=…` comment when one name in it is not a code in capitals ' +
        '(`ignore=crazy,DL3002`, `ignore=dl3002`, words after the list): it then suppresses nothing. berth suppresses ' +
        'each name it knows and reports each one it does not, and words after the list, saying that hadolint ignores ' +
        'the whole comment.',
    },
  },
  { id: 'unused-suppression', severity: 'info', configurable: true, aliases: [], summary: 'A suppression comment that suppressed nothing (reported on request).' },
];

export const BUILTIN_BY_ID: ReadonlyMap<string, BuiltinCheck> = new Map(BUILTIN_CHECKS.map((c) => [c.id, c]));
