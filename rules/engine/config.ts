/**
 * Lint configuration as the engine uses it, and the one place rule names are resolved: a rule may be named by
 * its id (`multiple-cmd`), a hadolint code (`DL4003`) or a BuildKit check name (`MultipleInstructionsDisallowed`),
 * case-insensitively. An alias may name several rules (MultipleInstructionsDisallowed covers CMD, ENTRYPOINT and
 * HEALTHCHECK).
 */
import type { Rule, RuleSettings, Severity } from '../define.js';

export type SeveritySetting = Severity | 'off';

export interface RuleSetting {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface LintConfig {
  /** Per rule id (aliases already resolved). */
  rules: Map<string, RuleSetting>;
  settings: RuleSettings;
  /** Run preview rules too. */
  preview: boolean;
  /**
   * BuildKit's experimental checks turned on, as its `# check=experimental=…` directive does: `all`, or the ids of
   * their rules. They run (preview or not) unless configured off.
   */
  experimental: { all: boolean; ids: readonly string[] };
  /** Which inline suppression syntaxes are honoured. */
  inline: { berth: boolean; hadolint: boolean; buildkit: boolean };
  /** Report suppressions that suppressed nothing. */
  reportUnusedSuppressions: boolean;
}

export function defaultConfig(): LintConfig {
  return {
    rules: new Map(),
    settings: { trustedRegistries: [], labelSchema: {}, strictLabels: false },
    preview: false,
    experimental: { all: false, ids: [] },
    inline: { berth: true, hadolint: true, buildkit: true },
    reportUnusedSuppressions: false,
  };
}

/** Resolves rule names (ids and aliases) to rule ids. */
export class RuleNames {
  private readonly byName = new Map<string, string[]>();
  readonly ids: ReadonlySet<string>;

  constructor(rules: readonly Rule[], extraIds: readonly string[] = [], extraAliases: ReadonlyArray<readonly [string, string]> = []) {
    for (const r of rules) {
      this.add(r.meta.id, r.meta.id);
      for (const a of r.meta.aliases) this.add(a, r.meta.id);
    }
    for (const id of extraIds) this.add(id, id);
    for (const [alias, id] of extraAliases) this.add(alias, id);
    this.ids = new Set([...rules.map((r) => r.meta.id), ...extraIds]);
  }

  private readonly display = new Set<string>();

  private add(name: string, id: string): void {
    this.display.add(name);
    const key = name.toLowerCase();
    const list = this.byName.get(key) ?? [];
    if (!list.includes(id)) list.push(id);
    this.byName.set(key, list);
  }

  /** Rule ids for a name; empty when unknown. ShellCheck codes (`SC2086`) name themselves. */
  resolve(name: string): string[] {
    const key = name.trim().toLowerCase();
    const ids = this.byName.get(key);
    if (ids) return ids;
    return /^sc\d{4}$/.test(key) ? [key.toUpperCase()] : [];
  }

  /** Every known name (ids and aliases), lower-cased. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every known name as its rule writes it (`DL3008`, `StageNameCasing`), for "did you mean". */
  displayNames(): string[] {
    return [...this.display];
  }
}

/** Combines configs: later settings override earlier ones, per rule and per key. */
export function mergeConfig(base: LintConfig, over: Partial<LintConfig> & { rules?: Map<string, RuleSetting> }): LintConfig {
  const rules = new Map(base.rules);
  for (const [id, s] of over.rules ?? []) {
    const prev = rules.get(id) ?? {};
    rules.set(id, { ...prev, ...s, options: { ...(prev.options ?? {}), ...(s.options ?? {}) } });
  }
  return {
    rules,
    settings: { ...base.settings, ...(over.settings ?? {}) },
    preview: over.preview ?? base.preview,
    experimental: over.experimental ?? base.experimental,
    inline: { ...base.inline, ...(over.inline ?? {}) },
    reportUnusedSuppressions: over.reportUnusedSuppressions ?? base.reportUnusedSuppressions,
  };
}
