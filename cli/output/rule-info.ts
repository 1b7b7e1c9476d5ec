/**
 * What a report says about the rule behind a finding: one of berth's rules, a parser check, or a ShellCheck code
 * (`SC2086`, reported when shellcheck runs). Shared by the formats that describe rules (sarif, sonarqube).
 */
import type { Category, Severity } from '../../rules/define.js';
import { docsUrlFor } from '../../rules/engine/lint.js';
import { ruleMarkdown, builtinMarkdown } from '../../rules/docs.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { BUILTIN_BY_ID } from '../../rules/syntax.js';

export interface RuleInfo {
  id: string;
  /** One sentence. */
  summary: string;
  /** A paragraph, when berth has one. */
  why?: string;
  /** Markdown documentation, when berth has it. */
  markdown?: string;
  category: Category | 'syntax' | 'shell';
  severity: Severity;
  aliases: readonly string[];
  helpUri: string;
}

const SHELLCHECK = /^SC\d{4}$/;

export function ruleInfo(id: string): RuleInfo {
  const rule = RULES_BY_ID.get(id);
  if (rule) {
    const m = rule.meta;
    return { id, summary: m.docs.summary, why: m.docs.why, markdown: ruleMarkdown(rule), category: m.category, severity: m.severity, aliases: m.aliases, helpUri: docsUrlFor(id) };
  }
  const builtin = BUILTIN_BY_ID.get(id);
  if (builtin) {
    return { id, summary: builtin.summary, markdown: builtinMarkdown(builtin), category: 'syntax', severity: builtin.severity, aliases: builtin.aliases, helpUri: docsUrlFor(id) };
  }
  if (SHELLCHECK.test(id)) {
    return { id, summary: `ShellCheck's check ${id}, on a RUN script.`, category: 'shell', severity: 'warning', aliases: [], helpUri: docsUrlFor(id) };
  }
  return { id, summary: id, category: 'correctness', severity: 'warning', aliases: [], helpUri: docsUrlFor(id) };
}
