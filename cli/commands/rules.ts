/** `berth rules`: every rule with its aliases, severity and fixability; `berth explain RULE`: one rule's docs. */
import { ruleDocumentation } from '../../rules/docs.js';
import { ruleNames } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';
import { suggest } from '../../grammar/index.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export function rulesCommand(io: CliIO, format: string | undefined): ExitCode {
  if (format === 'json') {
    const list = [
      ...ALL_RULES.map((r) => ({ id: r.meta.id, aliases: r.meta.aliases, severity: r.meta.severity, enabled: r.meta.enabled !== false, category: r.meta.category, fixable: r.meta.fixable, status: r.meta.status, summary: r.meta.docs.summary })),
      ...BUILTIN_CHECKS.map((c) => ({ id: c.id, aliases: c.aliases, severity: c.severity, category: 'syntax', fixable: c.id === 'empty-continuation-line' ? 'always' : 'never', status: 'stable', summary: c.summary })),
    ];
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const rows: string[][] = [['RULE', 'ALIASES', 'SEVERITY', 'FIX', 'SUMMARY']];
  for (const r of ALL_RULES) rows.push([r.meta.id + (r.meta.status === 'preview' ? ' (preview)' : ''), r.meta.aliases.join(',') || '-', r.meta.enabled === false ? `${r.meta.severity} (off)` : r.meta.severity, r.meta.fixable === 'never' ? '-' : r.meta.fixable === 'always' ? 'yes' : 'some', r.meta.docs.summary]);
  rows.push(['', '', '', '', '']);
  for (const c of BUILTIN_CHECKS) rows.push([c.id, c.aliases.join(',') || '-', c.severity, c.id === 'empty-continuation-line' ? 'yes' : '-', `${c.summary}${c.configurable ? '' : ' (always on)'}`]);
  const widths = [0, 1, 2, 3].map((k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  for (const r of rows) io.stdout(`${r.map((cell, k) => (k < 4 ? cell.padEnd((widths[k] ?? 0) + 2) : cell)).join('').trimEnd()}\n`);
  return ExitCode.Ok;
}

/** `berth explain RULE`: the rule's documentation as text, or with `--format markdown` the page editors show. */
export function explainCommand(io: CliIO, name: string | undefined, format = 'text'): ExitCode {
  if (!name) {
    io.stderr('berth: explain needs a rule name or alias, for example `berth explain DL3008`\n');
    return ExitCode.Usage;
  }
  if (format !== 'text' && format !== 'markdown') {
    io.stderr(`berth: explain --format takes text or markdown, not "${format}"\n`);
    return ExitCode.Usage;
  }
  const docs = ruleDocumentation(name);
  if (docs.length === 0) {
    const guess = suggest(name, ruleNames().names());
    io.stderr(`berth: unknown rule "${name}"${guess ? ` (did you mean ${guess}?)` : ''}; \`berth rules\` lists them\n`);
    return ExitCode.Usage;
  }
  io.stdout(format === 'markdown' ? docs.map((d) => d.markdown).join('\n') : docs.map((d) => d.text).join('\n────────\n\n'));
  return ExitCode.Ok;
}
