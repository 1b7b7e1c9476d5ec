/**
 * One rule's documentation, rendered from its metadata: Markdown for docs/rules/<id>.md, SARIF help and the
 * editor's offline page, plain text for `berth explain`. Hover renders the same object.
 */
import { buildkitCheckUrl, isBuildkitCheck } from '../grammar/index.js';
import { hadolintSeverityDifference } from './compat.js';
import { SEVERITIES, SEVERITY_MEANING, type Rule, type RuleDifferences } from './define.js';
import { docsUrlFor, ruleNames } from './engine/lint.js';
import { RULES_BY_ID } from './index.js';
import { BUILTIN_BY_ID, BUILTIN_CHECKS, type BuiltinCheck } from './syntax.js';

function aliasLine(aliases: readonly string[]): string {
  const hadolint = aliases.filter((a) => /^DL\d{4}$/.test(a));
  const buildkit = aliases.filter(isBuildkitCheck);
  const parts: string[] = [];
  if (hadolint.length) parts.push(`hadolint ${hadolint.map((a) => `\`${a}\``).join(', ')}`);
  if (buildkit.length) parts.push(`BuildKit ${buildkit.map((a) => `[\`${a}\`](${buildkitCheckUrl(a)})`).join(', ')}`);
  return parts.join('; ');
}

/** `(hadolint: error)` where hadolint's default severity for the same problem differs from berth's. */
function hadolintSeverity(rule: Rule): string {
  const theirs = hadolintSeverityDifference(rule.meta);
  return theirs.length ? ` (hadolint: ${theirs.join(', ')})` : '';
}

/** The differences of a rule as paragraphs: what differs from hadolint, from BuildKit, then the other notes. */
export function differenceParagraphs(d: RuleDifferences | undefined): string[] {
  if (!d) return [];
  const out: string[] = [];
  if (d.hadolint) out.push(`Differs from hadolint: ${d.hadolint}`);
  if (d.buildkit) out.push(`Differs from BuildKit: ${d.buildkit}`);
  if (d.notes) out.push(d.notes);
  return out;
}

const FIX_LINE = { never: 'no', sometimes: 'sometimes', always: 'yes' } as const;

function fixLine(rule: Rule): string {
  return FIX_LINE[rule.meta.fixable];
}

export function ruleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const d = m.docs;
  const out: string[] = [];
  out.push(`# ${m.id}`, '', `${d.summary}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Severity | ${m.severity}${m.enabled === false ? ' (off by default)' : ''}${hadolintSeverity(rule)} |`, `| Category | ${m.category} |`, `| Fixable | ${fixLine(rule)} |`);
  if (m.aliases.length) out.push(`| Also known as | ${aliasLine(m.aliases)} |`);
  if (m.onbuild) out.push('| ONBUILD | also checks the instruction an ONBUILD registers |');
  out.push(`| Since | ${m.since}${m.status === 'preview' ? ' (preview: on with `preview: true`)' : ''} |`, '');
  out.push('## Why', '', d.why, '');
  out.push('## Examples', '');
  for (const b of d.bad) {
    out.push('Flagged:', '', '```dockerfile', b.code.trimEnd(), '```', '');
    if (b.note) out.push(b.note, '');
    if (b.fixed !== undefined) out.push('After the fix:', '', '```dockerfile', b.fixed.trimEnd(), '```', '');
  }
  for (const g of d.good) out.push('Not flagged:', '', '```dockerfile', g.trimEnd(), '```', '');
  if (d.fixSafety) out.push('## Fix', '', d.fixSafety, '');
  if (m.options && Object.keys(m.options).length > 0) {
    out.push('## Options', '');
    for (const [k, o] of Object.entries(m.options)) out.push(`- \`${k}\` (${o.type}, default \`${JSON.stringify(o.default)}\`): ${o.description}`);
    out.push('', '```yaml', '# .berth.yaml', 'rules:', `  ${m.id}:`, '    options:', `      ${Object.keys(m.options)[0]}: ${JSON.stringify(Object.values(m.options)[0]?.default)}`, '```', '');
  }
  if (d.whenNotToUse) out.push('## When not to use it', '', d.whenNotToUse, '');
  const differences = differenceParagraphs(d.differences);
  if (differences.length > 0) out.push('## Compared with other tools', '', ...differences.flatMap((p) => [p, '']));
  out.push('## Turning it off', '', `For one instruction: \`# berth-ignore ${m.id}: <reason>\` above it. For the project: \`rules: { ${m.id}: off }\` in .berth.yaml.`, '');
  out.push('## References', '', ...d.references.map((r) => `- <${r}>`), '');
  return out.join('\n');
}

export function builtinMarkdown(c: BuiltinCheck): string {
  const out = [`# ${c.id}`, '', c.summary, '', '| | |', '|---|---|', `| Severity | ${c.severity} |`, '| Category | syntax |'];
  if (c.fixable && c.fixable !== 'never') out.push(`| Fixable | ${FIX_LINE[c.fixable]} |`);
  if (c.aliases.length) out.push(`| Also known as | ${aliasLine(c.aliases)} |`);
  out.push('');
  out.push(
    c.configurable
      ? `Reported by berth's parser. It can be turned off (\`rules: { ${c.id}: off }\`) or suppressed like a rule.`
      : 'Reported by berth\'s parser: Docker rejects this, so it cannot be turned off or suppressed. The message on each finding says what to write instead.',
    '',
  );
  if (c.details) out.push(c.details, '');
  if (c.fixSafety) out.push('## Fix', '', c.fixSafety, '');
  const differences = differenceParagraphs(c.differences);
  if (differences.length > 0) out.push('## Compared with other tools', '', ...differences.flatMap((p) => [p, '']));
  return out.join('\n');
}

/** What a ShellCheck code is to berth (ShellCheck's own explanation is on its wiki). */
export function shellcheckMarkdown(code: string): string {
  return [
    `# ${code}`,
    '',
    `A finding of ShellCheck (check ${code}), which berth runs on the shell script of each RUN when \`shellcheck\` is installed.`,
    'What it means and how to fix it is explained on ShellCheck\'s wiki (link below).',
    '',
    '## Turning it off',
    '',
    `For one instruction: \`# berth-ignore ${code}: <reason>\` above it. For the project: \`rules: { ${code}: off }\` in .berth.yaml.`,
    '',
  ].join('\n');
}

export function shellcheckText(code: string): string {
  return `${code} — a finding of ShellCheck, which berth runs on RUN scripts when shellcheck is installed\n\nWhat it means: ${docsUrlFor(code)}\n`;
}

/** The documentation of a rule, built-in check or ShellCheck code: the page, the terminal text, the web address. */
export interface RuleDocumentation {
  id: string;
  /** The whole page, ending with a link to the web version. */
  markdown: string;
  text: string;
  url: string;
}

/**
 * The documentation of every rule a name (id, hadolint code, BuildKit name, ShellCheck code; any case) stands
 * for: one entry for most names, several for an alias two rules share, none for an unknown name.
 */
export function ruleDocumentation(name: string): RuleDocumentation[] {
  const out: RuleDocumentation[] = [];
  for (const id of ruleNames().resolve(name)) {
    const rule = RULES_BY_ID.get(id);
    const builtin = BUILTIN_BY_ID.get(id);
    const url = docsUrlFor(id);
    const [markdown, text] = rule ? [ruleMarkdown(rule), ruleText(rule)] : builtin ? [builtinMarkdown(builtin), builtinText(builtin)] : /^SC\d+$/.test(id) ? [shellcheckMarkdown(id), shellcheckText(id)] : [undefined, undefined];
    if (markdown === undefined || text === undefined) continue;
    out.push({ id, markdown: `${markdown.trimEnd()}\n\n---\n\n${webLink(id, url)}\n`, text, url });
  }
  return out;
}

function webLink(id: string, url: string): string {
  if (/^SC\d+$/.test(id)) return `[${id} on ShellCheck's wiki](${url})`;
  if (url.startsWith('https://docs.docker.com/')) return `[This check in Docker's documentation](${url})`;
  return `[This page on the web](${url})`;
}


/** Plain text for the terminal (`berth explain`). */
export function ruleText(rule: Rule): string {
  const m = rule.meta;
  const d = m.docs;
  const indent = (s: string) =>
    s
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  const out: string[] = [];
  out.push(`${m.id} — ${d.summary}`);
  const facts = [`severity ${m.severity}${m.enabled === false ? ' (off by default)' : ''}${hadolintSeverity(rule)}`, `category ${m.category}`, `fixable: ${fixLine(rule)}`];
  if (m.aliases.length) facts.push(`also ${m.aliases.join(', ')}`);
  out.push(facts.join(' · '), '');
  out.push(wrap(d.why), '');
  for (const b of d.bad) {
    out.push('Flagged:', indent(b.code));
    if (b.note) out.push(wrap(b.note));
    if (b.fixed !== undefined) out.push('Fixed:', indent(b.fixed));
    out.push('');
  }
  out.push('Fine:', indent(d.good[0] ?? ''), '');
  if (d.fixSafety) out.push(`Fix: ${wrap(d.fixSafety)}`, '');
  if (m.options) for (const [k, o] of Object.entries(m.options)) out.push(`Option ${k} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`);
  if (d.whenNotToUse) out.push(`When not to use: ${wrap(d.whenNotToUse)}`, '');
  for (const p of differenceParagraphs(d.differences)) out.push(wrap(p), '');
  out.push(...d.references.map((r) => `See ${r}`));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

export function builtinText(c: BuiltinCheck): string {
  const fixable = c.fixable && c.fixable !== 'never' ? ` · fixable: ${FIX_LINE[c.fixable]}` : '';
  const fix = (c.fixSafety ? `\n\nFix: ${wrap(c.fixSafety)}` : '') + differenceParagraphs(c.differences).map((p) => `\n\n${wrap(p)}`).join('');
  const details = c.details ? `\n\n${wrap(c.details)}` : '';
  return `${c.id} — ${c.summary}\nseverity ${c.severity} · category syntax${fixable}${c.aliases.length ? ` · also ${c.aliases.join(', ')}` : ''}\n\n${c.configurable ? 'Reported by the parser; can be turned off or suppressed.' : 'Docker rejects this: it cannot be turned off or suppressed.'}${details}${fix}\n`;
}

function wrap(s: string, width = 100): string {
  const words = s.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length + w.length + 1 > width && line) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** The index page, docs/rules/README.md. */
export function indexMarkdown(rules: readonly Rule[]): string {
  const out = ['# Rules', '', 'Generated from each rule\'s metadata by `npm run gen:docs`; a test fails when these pages are stale.', ''];
  out.push('## Severities', '', 'Every rule\'s default severity follows one principle:', '');
  out.push('| Severity | Means |', '|---|---|');
  for (const s of SEVERITIES) out.push(`| ${s} | ${SEVERITY_MEANING[s]} |`);
  out.push(
    '',
    '`berth lint` fails (exit 1) on warnings and errors by default (`--fail-level`). hadolint rates some of the same ' +
      'problems differently (it fails on `info` by default too); a rule\'s page says so where it does. BuildKit shows ' +
      'every build check as a warning (or fails the build on them with `# check=error=true`), whatever berth rates it. ' +
      'Each severity can be changed per rule in `.berth.yaml` ([configuration](../configuration.md)).',
    '',
    '## All rules',
    '',
  );
  out.push('| Rule | Severity | Category | Fix | Also known as |', '|---|---|---|---|---|');
  for (const r of rules) out.push(`| [${r.meta.id}](${r.meta.id}.md) — ${r.meta.docs.summary} | ${r.meta.severity}${r.meta.enabled === false ? ' (off)' : ''} | ${r.meta.category} | ${fixLine(r)} | ${r.meta.aliases.join(', ')} |`);
  out.push('', '## Checks of the parser', '', 'What Docker itself rejects (errors) or warns about, reported with the same names:', '');
  out.push('| Check | Severity | Can be turned off |', '|---|---|---|');
  for (const c of BUILTIN_CHECKS) out.push(`| [${c.id}](${c.id}.md) — ${c.summary} | ${c.severity} | ${c.configurable ? 'yes' : 'no'} |`);
  out.push('');
  return out.join('\n');
}
