/**
 * The rule tester: lints text with the real engine and applies fixes the way `berth lint --fix` does.
 */
import { parse } from '../../grammar/index.js';
import { defaultConfig, type LintConfig } from '../../rules/engine/config.js';
import { fixAll } from '../../rules/engine/fix.js';
import { lint, type Diagnostic } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';

/** A config with every rule on (preview ones and those off by default too). */
export function allRulesConfig(): LintConfig {
  const c = defaultConfig();
  c.preview = true;
  for (const r of ALL_RULES) if (r.meta.enabled === false) c.rules.set(r.meta.id, { severity: r.meta.severity });
  return c;
}

/** The config a rule's documented examples run with: every rule on, plus the rule's example settings. */
export function exampleConfig(rule: string): LintConfig {
  const c = allRulesConfig();
  const settings = ALL_RULES.find((r) => r.meta.id === rule)?.meta.docs.exampleSettings;
  if (settings) c.settings = { ...c.settings, ...settings };
  return c;
}

export function lintText(text: string, config: LintConfig = allRulesConfig()): Diagnostic[] {
  return lint(parse(text), config).diagnostics;
}

export function findingsOf(text: string, rule: string, config?: LintConfig): Diagnostic[] {
  return lintText(text, config).filter((d) => d.rule === rule);
}

/** Applies every fix (safe and unsafe) of one rule until none is left. */
export function fixWith(text: string, rule: string, unsafe = true): string {
  const only = ALL_RULES.filter((r) => r.meta.id === rule);
  const config = exampleConfig(rule);
  return fixAll(text, (t) => lint(parse(t), config, only).diagnostics.filter((d) => d.rule === rule), unsafe).text;
}
