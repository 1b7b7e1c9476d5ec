/**
 * What berth covers of the checks of the tools it replaces, as data: BuildKit's 22 build checks, dockerfile-utils'
 * validator codes and hadolint's DL rules. Which rule covers a BuildKit check or a hadolint code is read from rule
 * metadata (`aliases`), never written here; only what metadata cannot say is: why a check has no rule, caveats, and
 * which berth rule reports each dockerfile-utils code (that tool has no names berth could use as aliases).
 * scripts/gen-compat.ts renders docs/compatibility.md from it; test/rules/compat.test.ts keeps both honest.
 */
import { BUILDKIT_CHECKS, type BuildkitCheck } from '../grammar/index.js';
import { ALL_RULES } from './index.js';
import type { RuleDifferences, Severity } from './define.js';
import { BUILTIN_CHECKS } from './syntax.js';

/** BuildKit checks that no berth rule covers, and why. A check listed here must not also have a rule. */
export const BUILDKIT_UNCOVERED: Readonly<Partial<Record<BuildkitCheck, string>>> = {
  InvalidBaseImagePlatform:
    'Compares the platform of the pulled base image with the target platform: it needs the image manifest from a ' +
    'registry, and berth never goes online.',
};

/** How closely berth can reproduce a covered check, where that is not exactly. */
export const BUILDKIT_NOTES: Readonly<Partial<Record<BuildkitCheck, string>>> = {
  JSONArgsRecommended: 'BuildKit also knows a SHELL set by the base image, which berth cannot see without a registry.',
  UndefinedVar: 'BuildKit also knows the ENV of the base image (such as `PATH`), which berth cannot see without a registry.',
  CopyIgnoredFile: 'Needs the build context\'s `.dockerignore` (the CLI reads it; `--context DIR`); without it the rule stays silent.',
  InvalidDefinitionDescription:
    'Experimental in BuildKit: it runs only when `# check=experimental=…` turns it on. So does berth\'s rule (a preview ' +
    'rule), and also when the configuration\'s `experimental:` names it or preview rules are on.',
};

/**
 * hadolint codes no berth rule carries, and why: its parse-error pseudo code and the rules hadolint itself retired.
 * Any other `DL####` is not a hadolint code either (hadolint 2.15 has 71 DL rules, all aliases of berth rules).
 */
export const HADOLINT_WITHOUT_RULE: Readonly<Record<string, string>> = {
  DL1000:
    'hadolint\'s code for "the file does not parse": it stops at the first problem and checks nothing else. berth ' +
    'reads the whole file and reports each problem under its own check (unknown-instruction, missing-argument, ' +
    'unterminated-heredoc, …; `berth rules` lists them), then runs every rule on the rest.',
  DL3005: 'Retired by hadolint in 2023: it flagged `apt-get upgrade`, and upgrading packages while building an image is accepted practice now.',
  DL3017: 'Retired by hadolint in 2021: it flagged `apk upgrade`, and upgrading packages while building an image is accepted practice now.',
  DL3031: 'Retired by hadolint in 2021: it flagged `yum update`, and upgrading packages while building an image is accepted practice now.',
  DL3039: 'Retired by hadolint in 2021: it flagged `dnf update`, and upgrading packages while building an image is accepted practice now.',
};

/** One dockerfile-utils validator code and the berth rules or built-in checks that report the same problem. */
export interface UtilsCode {
  code: number;
  /** The `ValidationCode` name. */
  name: string;
  /** Rule ids (ALL_RULES) or built-in check ids (BUILTIN_CHECKS); empty when berth deliberately reports nothing. */
  covered: readonly string[];
  /** Required when `covered` is empty: why. Otherwise a difference worth knowing. */
  note?: string;
}

/** Every code of dockerfile-utils 0.16.3's validator, 0 to 52 (see editor-tools.md §2). */
export const DOCKERFILE_UTILS_CODES: readonly UtilsCode[] = [
  { code: 0, name: 'CASING_INSTRUCTION', covered: ['consistent-instruction-casing'], note: 'dockerfile-utils wants upper case; BuildKit and berth want one casing throughout the file.' },
  { code: 1, name: 'CASING_DIRECTIVE', covered: [], note: 'Not reported: BuildKit reads parser directive names in any case.' },
  { code: 2, name: 'ARGUMENT_MISSING', covered: ['missing-argument'] },
  { code: 3, name: 'ARGUMENT_EXTRA', covered: ['invalid-stop-signal'], note: 'BuildKit reads `STOPSIGNAL a b` as one signal name, `a b`, which is not a signal.' },
  { code: 4, name: 'ARGUMENT_REQUIRES_ONE', covered: [], note: 'Declared by dockerfile-utils but never reported.' },
  { code: 5, name: 'ARGUMENT_REQUIRES_AT_LEAST_ONE', covered: ['missing-argument'] },
  { code: 6, name: 'ARGUMENT_REQUIRES_TWO', covered: ['env-missing-value'] },
  { code: 7, name: 'ARGUMENT_REQUIRES_AT_LEAST_TWO', covered: ['missing-argument'] },
  { code: 8, name: 'ARGUMENT_REQUIRES_ONE_OR_THREE', covered: ['unexpected-argument', 'missing-argument'] },
  { code: 9, name: 'ARGUMENT_UNNECESSARY', covered: ['unexpected-argument'] },
  { code: 10, name: 'DUPLICATE_BUILD_STAGE_NAME', covered: ['duplicate-stage-name'] },
  { code: 11, name: 'EMPTY_CONTINUATION_LINE', covered: ['empty-continuation-line'] },
  { code: 12, name: 'INVALID_BUILD_STAGE_NAME', covered: ['invalid-stage-name'] },
  { code: 13, name: 'FLAG_AT_LEAST_ONE', covered: ['invalid-flag-value'], note: 'BuildKit accepts `--retries=0`; berth follows BuildKit.' },
  { code: 14, name: 'FLAG_DUPLICATE', covered: ['duplicate-flag'] },
  { code: 15, name: 'FLAG_INVALID_DURATION', covered: ['invalid-flag-value'] },
  { code: 16, name: 'FLAG_LESS_THAN_1MS', covered: ['invalid-flag-value'] },
  { code: 17, name: 'FLAG_MISSING_DURATION', covered: ['invalid-flag-value'] },
  { code: 18, name: 'FLAG_MISSING_VALUE', covered: ['flag-missing-value'] },
  { code: 19, name: 'FLAG_UNKNOWN_UNIT', covered: ['invalid-flag-value'] },
  { code: 20, name: 'NO_SOURCE_IMAGE', covered: ['no-instructions', 'instruction-before-from'] },
  { code: 21, name: 'INVALID_ESCAPE_DIRECTIVE', covered: ['invalid-escape-directive'] },
  { code: 22, name: 'INVALID_AS', covered: ['unexpected-argument'] },
  { code: 23, name: 'INVALID_DESTINATION', covered: ['copy-dest-not-directory'], note: 'berth accepts a destination of exactly `.`, as BuildKit does.' },
  {
    code: 24,
    name: 'INVALID_PORT',
    covered: ['invalid-expose-port', 'expose-port-out-of-range'],
    note: 'Host mappings, which dockerfile-utils lets pass, are `expose-invalid-format`.',
  },
  { code: 25, name: 'INVALID_PROTO', covered: ['invalid-expose-port'], note: 'Its casing is `expose-proto-casing`.' },
  { code: 26, name: 'INVALID_REFERENCE_FORMAT', covered: ['invalid-image-reference', 'invalid-default-arg-in-from'] },
  { code: 27, name: 'INVALID_SIGNAL', covered: ['invalid-stop-signal'] },
  { code: 28, name: 'INVALID_SYNTAX', covered: ['invalid-flag-value'] },
  { code: 29, name: 'ONBUILD_CHAINING_DISALLOWED', covered: ['invalid-onbuild-trigger'] },
  { code: 30, name: 'ONBUILD_TRIGGER_DISALLOWED', covered: ['invalid-onbuild-trigger'] },
  { code: 31, name: 'SHELL_JSON_FORM', covered: ['unexpected-argument'] },
  { code: 32, name: 'SHELL_REQUIRES_ONE', covered: ['missing-argument'] },
  { code: 33, name: 'SYNTAX_MISSING_EQUALS', covered: ['env-missing-equals'] },
  { code: 34, name: 'SYNTAX_MISSING_NAMES', covered: ['empty-name'] },
  { code: 35, name: 'SYNTAX_MISSING_SINGLE_QUOTE', covered: ['invalid-variable-expansion'] },
  { code: 36, name: 'SYNTAX_MISSING_DOUBLE_QUOTE', covered: ['invalid-variable-expansion'] },
  { code: 37, name: 'MULTIPLE_INSTRUCTIONS', covered: ['multiple-cmd', 'multiple-entrypoint', 'multiple-healthcheck'] },
  { code: 38, name: 'UNKNOWN_INSTRUCTION', covered: ['unknown-instruction'] },
  { code: 39, name: 'UNKNOWN_ADD_FLAG', covered: ['unknown-flag'] },
  { code: 40, name: 'UNKNOWN_COPY_FLAG', covered: ['unknown-flag'] },
  { code: 41, name: 'UNKNOWN_FROM_FLAG', covered: ['unknown-flag'] },
  { code: 42, name: 'UNKNOWN_HEALTHCHECK_FLAG', covered: ['unknown-flag'] },
  { code: 43, name: 'UNKNOWN_TYPE', covered: ['healthcheck-type'] },
  { code: 44, name: 'UNSUPPORTED_MODIFIER', covered: ['invalid-variable-expansion'] },
  { code: 45, name: 'DEPRECATED_MAINTAINER', covered: ['maintainer-deprecated'] },
  { code: 46, name: 'HEALTHCHECK_CMD_ARGUMENT_MISSING', covered: ['missing-argument'] },
  { code: 47, name: 'FLAG_INVALID_FROM_VALUE', covered: ['invalid-flag-value', 'copy-from-variable'] },
  { code: 48, name: 'FLAG_EXPECTED_BOOLEAN_VALUE', covered: ['invalid-flag-value'], note: 'Also named FLAG_INVALID_LINK_VALUE (deprecated).' },
  { code: 49, name: 'JSON_IN_SINGLE_QUOTES', covered: ['invalid-exec-form'] },
  { code: 50, name: 'WORKDIR_IS_NOT_ABSOLUTE', covered: ['workdir-relative-path'] },
  { code: 51, name: 'BASE_NAME_EMPTY', covered: ['undefined-arg-in-from', 'invalid-default-arg-in-from'] },
  { code: 52, name: 'DUPLICATED_ESCAPE_DIRECTIVE', covered: ['duplicate-directive'] },
];

/** The rules (then built-in checks) that carry an alias, by id. */
export function coveringIds(alias: string): string[] {
  const rules = ALL_RULES.filter((r) => r.meta.aliases.includes(alias)).map((r) => r.meta.id);
  const builtins = BUILTIN_CHECKS.filter((c) => c.aliases.includes(alias)).map((c) => c.id);
  return [...rules, ...builtins];
}

/** Whether an id names a rule or a built-in check. */
export function isKnownId(id: string): boolean {
  return ALL_RULES.some((r) => r.meta.id === id) || BUILTIN_CHECKS.some((c) => c.id === id);
}

export interface BuildkitCoverage {
  check: BuildkitCheck;
  ids: string[];
  uncovered?: string;
  note?: string;
}

/** Every BuildKit check with the berth ids that cover it (from aliases), in BuildKit's order. */
export function buildkitCoverage(): BuildkitCoverage[] {
  return BUILDKIT_CHECKS.map((check) => {
    const row: BuildkitCoverage = { check, ids: coveringIds(check) };
    const uncovered = BUILDKIT_UNCOVERED[check];
    const note = BUILDKIT_NOTES[check];
    if (uncovered !== undefined) row.uncovered = uncovered;
    if (note !== undefined) row.note = note;
    return row;
  });
}

/** Every hadolint code named by a rule alias, sorted, with its rules. */
export function hadolintCoverage(): Array<{ code: string; ids: string[] }> {
  const codes = new Set<string>();
  for (const r of ALL_RULES) for (const a of r.meta.aliases) if (/^DL\d{4}$/.test(a)) codes.add(a);
  return [...codes].sort().map((code) => ({ code, ids: coveringIds(code) }));
}

/**
 * hadolint's default severity of each DL code (`ignore`: off unless configured), where berth's rule may rate the
 * same problem differently: berth follows one principle for every rule (SEVERITY_MEANING in define.ts). The rule
 * docs say where the two differ.
 */
export const HADOLINT_SEVERITY: Readonly<Record<string, Severity | 'ignore'>> = {
  DL1001: 'ignore', DL3000: 'error', DL3001: 'info', DL3002: 'warning', DL3003: 'warning', DL3004: 'error',
  DL3006: 'warning', DL3007: 'warning', DL3008: 'warning', DL3009: 'info', DL3010: 'info', DL3011: 'error',
  DL3012: 'error', DL3013: 'warning', DL3014: 'warning', DL3015: 'info', DL3016: 'warning', DL3018: 'warning',
  DL3019: 'info', DL3020: 'error', DL3021: 'error', DL3022: 'warning', DL3023: 'error', DL3024: 'error',
  DL3025: 'warning', DL3026: 'error', DL3027: 'warning', DL3028: 'warning', DL3029: 'warning', DL3030: 'warning',
  DL3032: 'warning', DL3033: 'warning', DL3034: 'warning', DL3035: 'warning', DL3036: 'warning', DL3037: 'warning',
  DL3038: 'warning', DL3040: 'warning', DL3041: 'warning', DL3042: 'warning', DL3043: 'error', DL3044: 'error',
  DL3045: 'warning', DL3046: 'warning', DL3047: 'info', DL3048: 'style', DL3049: 'info', DL3050: 'info',
  DL3051: 'warning', DL3052: 'warning', DL3053: 'warning', DL3054: 'warning', DL3055: 'warning', DL3056: 'warning',
  DL3057: 'ignore', DL3058: 'warning', DL3059: 'info', DL3060: 'info', DL3061: 'error', DL3062: 'warning',
  DL3063: 'warning', DL3064: 'warning', DL3065: 'warning', DL3066: 'info', DL3067: 'warning', DL4000: 'error',
  DL4001: 'warning', DL4003: 'warning', DL4004: 'error', DL4005: 'warning', DL4006: 'warning',
};

/**
 * Differences that belong to no single rule: how berth reads the file as a whole, and its suppression comments. Each
 * says what the tool does, what berth does, and why.
 */
export const GENERAL_DIFFERENCES: Readonly<Record<'hadolint' | 'buildkit', ReadonlyArray<{ topic: string; text: string }>>> = {
  hadolint: [
    {
      topic: 'A file that does not parse',
      text:
        'hadolint stops at the first syntax error and reports only that (DL1000). berth reports each problem under ' +
        'its own check and runs every rule on the rest of the file.',
    },
    {
      topic: 'Instructions before the first FROM',
      text:
        'hadolint runs its rules on every instruction, wherever it is. Docker stops the build at any instruction ' +
        'but ARG before the first FROM ("no build stage in current context"), so berth reports it once, as ' +
        '`instruction-before-from`, and no other rule looks at it (what it would say about a RUN there comes once ' +
        'the line is moved into a stage); the parser\'s errors, syntax Docker rejects on any line (`COPY []`), are ' +
        'reported there as everywhere. ARGs there are global build arguments and are checked like any ARG.',
    },
    {
      topic: '`# hadolint ignore=…` comments',
      text:
        'hadolint reads a pragma only when every name in it is a code of capital letters and digits (`DL3008`, ' +
        '`SC2086`): one unknown or lower-case name (`# hadolint ignore=crazy,DL3002`, `ignore=dl3002`) or words ' +
        'after the list without a `#` make it ignore the whole comment. berth suppresses every name it knows — rule ' +
        'ids and BuildKit names too, in any case — and reports each name it does not know, and words after the list, ' +
        'as invalid-suppression, saying that hadolint ignores the whole comment. An inline pragma applies to the next instruction, also when ' +
        'blank lines or other comments sit between, and stacked pragmas add up; hadolint needs it on the line right ' +
        'above, and only the lowest of stacked pragmas counts. A `stage` pragma covers the whole stage of the next ' +
        'instruction, its FROM line included; hadolint\'s covers the lines from the pragma down to the next FROM ' +
        'line, that one included, but not the stage\'s own FROM line.',
    },
  ],
  buildkit: [
    {
      topic: 'Where a finding is',
      text:
        'BuildKit gives a check\'s warning the lines of the whole instruction, and tools show its first line. berth ' +
        'points at the narrowest text that is wrong (the flag, the name, the tag), so in an instruction written over ' +
        'several lines a finding can be on a later line than BuildKit\'s.',
    },
    {
      topic: 'Errors that stop the build',
      text:
        'BuildKit stops at the first error of a file. berth reports every error it finds, and keeps checking the ' +
        'rest of the file.',
    },
    {
      topic: 'Check settings given as a build argument',
      text:
        'BuildKit also takes the `# check=` settings from the build argument `BUILDKIT_DOCKERFILE_CHECK` ' +
        '(`docker build --build-arg BUILDKIT_DOCKERFILE_CHECK=skip=all`), which then replace the file\'s directive. ' +
        'berth sees no build arguments: put the same settings in `.berth.yaml` (`ignore:`, `rules:`, `experimental:`) ' +
        'or on the command line (`--ignore`, `--rule NAME=error`).',
    },
  ],
};

export interface HadolintDifference {
  id: string;
  codes: string[];
  /** hadolint's default severity, where it differs from the rule's. */
  severity?: { hadolint: string; berth: string };
  text?: string;
}

/** What a rule's page says about hadolint's default severity: the severities hadolint gives its codes, if different. */
export function hadolintSeverityDifference(meta: { aliases: readonly string[]; severity: Severity; enabled?: boolean }): string[] {
  const theirs = new Set(meta.aliases.map((a) => HADOLINT_SEVERITY[a]).filter((s): s is Severity | 'ignore' => s !== undefined && s !== meta.severity));
  if (meta.enabled === false) theirs.delete('ignore');
  return [...theirs];
}

/** Every rule carrying a hadolint code that reports differently from hadolint (severity or behaviour), by id. */
export function hadolintDifferences(): HadolintDifference[] {
  const out: HadolintDifference[] = [];
  for (const r of ALL_RULES) {
    const codes = r.meta.aliases.filter((a) => /^DL\d{4}$/.test(a));
    if (codes.length === 0) continue;
    const row: HadolintDifference = { id: r.meta.id, codes };
    const theirs = hadolintSeverityDifference(r.meta);
    if (theirs.length > 0) row.severity = { hadolint: theirs.join(', '), berth: r.meta.enabled === false ? `${r.meta.severity} (off by default)` : r.meta.severity };
    const text = r.meta.docs.differences?.hadolint;
    if (text) row.text = text;
    if (row.severity || row.text) out.push(row);
  }
  return out;
}

export interface BuildkitDifference {
  id: string;
  /** The BuildKit check names the rule carries (none for what BuildKit's build itself rejects). */
  checks: string[];
  text: string;
}

/** Every rule and parser check that deliberately reports differently from BuildKit, by id. */
export function buildkitDifferences(): BuildkitDifference[] {
  const rows: Array<{ id: string; aliases: readonly string[]; differences?: RuleDifferences }> = [
    ...ALL_RULES.map((r) => ({ id: r.meta.id, aliases: r.meta.aliases, differences: r.meta.docs.differences })),
    ...BUILTIN_CHECKS.map((c) => ({ id: c.id, aliases: c.aliases, differences: c.differences })),
  ];
  return rows
    .filter((r) => r.differences?.buildkit)
    .map((r) => ({ id: r.id, checks: r.aliases.filter((a) => (BUILDKIT_CHECKS as readonly string[]).includes(a)), text: r.differences?.buildkit as string }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
