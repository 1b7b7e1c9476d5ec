/** `berth rules`: every rule with its aliases, severity and fixability; `berth explain NAME…`: what each name is. */
import { BUILDKIT_CHECKS, buildkitCheckUrl, suggest } from '../../grammar/index.js';
import { BUILDKIT_UNCOVERED, HADOLINT_WITHOUT_RULE } from '../../rules/compat.js';
import { ruleDocumentation } from '../../rules/docs.js';
import { docsUrlFor, ruleNames } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';
import { findShellcheck } from '../../host/shellcheck-find.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export function rulesCommand(io: CliIO, format: string | undefined): ExitCode {
  if (format === 'json') {
    const list = [
      ...ALL_RULES.map((r) => ({ id: r.meta.id, aliases: r.meta.aliases, severity: r.meta.severity, enabled: r.meta.enabled !== false, category: r.meta.category, fixable: r.meta.fixable, status: r.meta.status, summary: r.meta.docs.summary })),
      ...BUILTIN_CHECKS.map((c) => ({ id: c.id, aliases: c.aliases, severity: c.severity, category: 'syntax', fixable: c.fixable ?? 'never', status: 'stable', summary: c.summary })),
    ];
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const rows: string[][] = [['RULE', 'ALIASES', 'SEVERITY', 'FIX', 'SUMMARY']];
  for (const r of ALL_RULES) rows.push([r.meta.id + (r.meta.status === 'preview' ? ' (preview)' : ''), r.meta.aliases.join(',') || '-', r.meta.enabled === false ? `${r.meta.severity} (off)` : r.meta.severity, r.meta.fixable === 'never' ? '-' : r.meta.fixable === 'always' ? 'yes' : 'some', r.meta.docs.summary]);
  rows.push(['', '', '', '', '']);
  for (const c of BUILTIN_CHECKS) rows.push([c.id, c.aliases.join(',') || '-', c.severity, c.fixable === 'always' ? 'yes' : c.fixable === 'sometimes' ? 'some' : '-', `${c.summary}${c.configurable ? '' : ' (always on)'}`]);
  const widths = [0, 1, 2, 3].map((k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  for (const r of rows) io.stdout(`${r.map((cell, k) => (k < 4 ? cell.padEnd((widths[k] ?? 0) + 2) : cell)).join('').trimEnd()}\n`);
  return ExitCode.Ok;
}

/** `SC2086`: ShellCheck's, found on RUN scripts when shellcheck is installed. */
function shellcheckTerminalText(code: string): string {
  const found = findShellcheck(undefined);
  return [
    `${code} — a ShellCheck check, not one of berth's own rules`,
    '',
    'ShellCheck (https://www.shellcheck.net) finds bugs in shell scripts. When a `shellcheck` binary is installed',
    'berth runs it on the RUN scripts of each Dockerfile (shell form, heredocs a shell reads, ONBUILD RUN) and',
    `reports what it finds under its codes, such as ${code}, with ShellCheck's fixes as unsafe fixes.`,
    found ? `ShellCheck is installed here: ${found}.` : 'ShellCheck is not installed here (not on PATH), so berth reports no SC findings.',
    '',
    `Turning it off: \`rules: { ${code}: off }\` in .berth.yaml, \`--ignore ${code}\`, or \`# berth-ignore ${code}\` above the RUN.`,
    `What it checks, with examples: ${docsUrlFor(code)}`,
    '',
  ].join('\n');
}

/** A name berth knows but has no rule for: a BuildKit check it cannot run, or a hadolint code without a rule. */
function withoutRuleText(name: string): string | undefined {
  const check = BUILDKIT_CHECKS.find((c) => c.toLowerCase() === name.toLowerCase());
  const why = check ? BUILDKIT_UNCOVERED[check] : undefined;
  if (check && why) return `${check} — one of BuildKit's build checks; berth has no rule for it\n\n${why}\nSee ${buildkitCheckUrl(check)}\n`;
  const code = name.toUpperCase();
  const reason = HADOLINT_WITHOUT_RULE[code];
  if (reason) return `${code} — a hadolint code; berth has no rule for it\n\n${reason}\n`;
  return undefined;
}

/**
 * `berth explain NAME…`: each name's documentation — as text, or with `--format markdown` the page editors show;
 * exit 2 when a name is unknown (with a suggestion).
 */
export function explainCommand(io: CliIO, names: readonly string[], format = 'text'): ExitCode {
  if (names.length === 0 || names.some((n) => n.trim() === '')) {
    io.stderr('berth: explain needs a rule name or alias, for example `berth explain DL3008`\n');
    return ExitCode.Usage;
  }
  if (format !== 'text' && format !== 'markdown') {
    io.stderr(`berth: explain --format takes text or markdown, not "${format}"\n`);
    return ExitCode.Usage;
  }
  const texts: string[] = [];
  let exit: ExitCode = ExitCode.Ok;
  for (const raw of names) {
    const name = raw.trim();
    const docs = ruleDocumentation(name);
    if (docs.length > 0) {
      // ShellCheck's codes: the terminal also says whether shellcheck is installed here.
      for (const d of docs) texts.push(format === 'markdown' ? d.markdown : /^SC\d+$/.test(d.id) ? shellcheckTerminalText(d.id) : d.text);
      continue;
    }
    const known = withoutRuleText(name);
    if (known) {
      texts.push(known);
      continue;
    }
    const candidates = [...ruleNames().displayNames(), ...Object.keys(BUILDKIT_UNCOVERED), ...Object.keys(HADOLINT_WITHOUT_RULE)];
    const guess = suggest(name, candidates);
    const what = /^DL\d{4}$/i.test(name) ? `"${name}" is not a hadolint code` : `unknown rule "${name}"`;
    io.stderr(`berth: ${what}${guess ? ` (did you mean ${guess}?)` : ''}; \`berth rules\` lists them\n`);
    exit = ExitCode.Usage;
  }
  if (texts.length > 0) io.stdout(texts.join(format === 'markdown' ? '\n' : '\n────────\n\n'));
  return exit;
}
