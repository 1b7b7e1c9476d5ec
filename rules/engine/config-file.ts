/**
 * Reads `.berth.yaml` and `.hadolint.yaml` text into a config fragment. Pure: the caller finds and reads the file.
 * Every problem is an error with the line and column of the offending key or value — nothing is silently ignored.
 * A `.hadolint.yaml` is read as hadolint reads it, so every file hadolint accepts works: a key hadolint ignores
 * (unknown, or one berth does differently) is a warning, not an error; a text where hadolint wants a list is one item.
 */
import type * as Yaml from 'yaml';
import type { LineCounter, Node, Pair, YAMLMap } from 'yaml';

let yamlModule: typeof Yaml | undefined;

/**
 * Hands in the YAML library. The command line loads it only when a configuration file exists, which keeps
 * `berth lint` on a project without one from paying for it.
 */
export function useYaml(m: typeof Yaml): void {
  yamlModule = m;
}

export function yamlLoaded(): boolean {
  return yamlModule !== undefined;
}

function Y(): typeof Yaml {
  if (!yamlModule) throw new Error('berth: the YAML reader is not loaded (useYaml) before reading a configuration file');
  return yamlModule;
}
import { SEVERITIES, type OptionType, type Rule, type RuleSettings, type Severity } from '../define.js';
import { HADOLINT_WITHOUT_RULE } from '../compat.js';
import { BUILTIN_BY_ID } from '../syntax.js';
import { LABEL_TYPES } from '../utils/labels.js';
import { BUILDKIT_EXPERIMENTAL_CHECKS, isExperimentalCheck, suggest } from '../../grammar/index.js';
import { defaultConfig, mergeConfig, type LintConfig, type RuleNames, type RuleSetting, type SeveritySetting } from './config.js';

export type ConfigKind = 'berth' | 'hadolint';
export type FailLevel = Severity | 'none';

export interface ConfigError {
  line: number;
  column: number;
  /** The key path, e.g. `rules.DL3008`. */
  key: string;
  message: string;
}

/** What a config file sets; absent fields leave the defaults alone. */
export interface ConfigFragment {
  rules: Map<string, RuleSetting>;
  settings: Partial<RuleSettings>;
  preview?: boolean;
  /** `experimental: all` or a list of BuildKit's experimental checks: as `# check=experimental=…` in every file. */
  experimental?: { all: boolean; ids: string[] };
  inline?: { berth?: boolean; hadolint?: boolean; buildkit?: boolean };
  reportUnusedSuppressions?: boolean;
  /** Command-line defaults a config file may set. */
  cli: {
    failLevel?: FailLevel;
    maxWarnings?: number;
    format?: string;
    noFail?: boolean;
    color?: boolean;
    verbose?: boolean;
  };
  files: { include: string[]; exclude: string[] };
  /** ShellCheck: `false` turns it off; `path` names the binary; `timeout` in milliseconds per file. */
  shellcheck?: { enabled?: boolean; path?: string; timeout?: number };
  /** `format:` written as a map: `berth format`'s settings (format/format.ts's FormatOptions). */
  formatter?: FormatterSettings;
}

/** `berth format`'s settings in a configuration file (the `format:` map). */
export interface FormatterSettings {
  indentStyle?: 'space' | 'tab';
  indentWidth?: number;
  keywordCase?: 'upper' | 'keep';
  reflowRun?: boolean;
  lineWidth?: number;
}

/** The `format:` map: each key checked, every problem an error at its place. */
function formatterSettings(r: Reader, m: YAMLMap, key: string): FormatterSettings {
  const out: FormatterSettings = {};
  const whole = (node: unknown, k: string, min: number, max: number): number | undefined => {
    const n = Y().isScalar(node) ? node.value : undefined;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
    r.error(node as Node, `${key}.${k}`, `expected a whole number from ${min} to ${max}`);
    return undefined;
  };
  const oneOf = <T extends string>(node: unknown, k: string, values: readonly T[]): T | undefined => {
    const s = r.str(node, `${key}.${k}`);
    if (s === undefined) return undefined;
    if ((values as readonly string[]).includes(s)) return s as T;
    r.error(node as Node, `${key}.${k}`, `expected ${values.map((v) => `\`${v}\``).join(' or ')}, not \`${s}\``);
    return undefined;
  };
  for (const p of m.items) {
    const k = r.keyOf(p);
    if (k === 'indentStyle') {
      const v = oneOf(p.value, k, ['space', 'tab'] as const);
      if (v) out.indentStyle = v;
    } else if (k === 'indentWidth') {
      const v = whole(p.value, k, 0, 16);
      if (v !== undefined) out.indentWidth = v;
    } else if (k === 'keywordCase') {
      const v = oneOf(p.value, k, ['upper', 'keep'] as const);
      if (v) out.keywordCase = v;
    } else if (k === 'reflowRun') {
      const v = r.bool(p.value, `${key}.${k}`);
      if (v !== undefined) out.reflowRun = v;
    } else if (k === 'lineWidth') {
      const v = whole(p.value, k, 20, 1000);
      if (v !== undefined) out.lineWidth = v;
    } else r.error(p.key as Node, `${key}.${k}`, `unknown key \`${k}\` (use ${FORMATTER_KEYS.join(', ')})`);
  }
  return out;
}

const FORMATTER_KEYS = ['indentStyle', 'indentWidth', 'keywordCase', 'reflowRun', 'lineWidth'];

/** berth's report formats (`berth lint -f`); each has its module in cli/output/. */
export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'checkstyle', 'codeclimate', 'gitlab', 'github', 'gnu', 'codacy', 'sonarqube', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** hadolint's format names (all ten of hadolint 2.15) → berth's. `tty` is hadolint's default, for people. */
export const HADOLINT_FORMATS: Readonly<Record<string, Format>> = {
  tty: 'stylish',
  json: 'json',
  checkstyle: 'checkstyle',
  codeclimate: 'codeclimate',
  gitlab_codeclimate: 'gitlab',
  gnu: 'gnu',
  codacy: 'codacy',
  sonarqube: 'sonarqube',
  sarif: 'sarif',
  junit: 'junit',
};

/** A format named the berth way or the hadolint way (`tty`, `gitlab_codeclimate`); undefined when unknown. */
export function formatNamed(name: string): Format | undefined {
  const n = name.trim().toLowerCase();
  return (FORMATS as readonly string[]).includes(n) ? (n as Format) : HADOLINT_FORMATS[n];
}

/** Every accepted format name, for messages. */
export function formatNames(): string {
  return [...FORMATS, ...Object.keys(HADOLINT_FORMATS).filter((k) => !(FORMATS as readonly string[]).includes(k))].join(', ');
}

/** hadolint's configuration keys (hadolint 2.15). */
export const HADOLINT_KEYS = ['ignored', 'override', 'trustedRegistries', 'label-schema', 'strict-labels', 'failure-threshold', 'no-fail', 'no-color', 'verbose', 'format', 'formats', 'disable-ignore-pragma'];
const BERTH_KEYS = ['rules', 'ignore', 'preview', 'experimental', 'trustedRegistries', 'labelSchema', 'strictLabels', 'failLevel', 'maxWarnings', 'format', 'files', 'inlineSuppressions', 'reportUnusedSuppressions', 'shellcheck'];

/**
 * Why a parser check cannot be turned off or re-levelled (undefined when it can, or the id is a rule). The parser's
 * errors are text the builder cannot read as an instruction at all; rules — even those whose finding also fails
 * the build — can be configured like any rule.
 */
export function fixedCheck(id: string): string | undefined {
  const b = BUILTIN_BY_ID.get(id);
  if (!b || b.configurable) return undefined;
  return `\`${id}\` is one of the parser's checks: the builder rejects this text before it builds anything, so it cannot be turned off or changed`;
}

class Reader {
  readonly errors: ConfigError[] = [];
  /** What is read but has no effect, or a different one than the writer may expect. */
  readonly warnings: ConfigError[] = [];
  readonly fragment: ConfigFragment = { rules: new Map(), settings: {}, cli: {}, files: { include: [], exclude: [] } };
  constructor(
    private readonly lines: LineCounter,
    readonly names: RuleNames,
    private readonly rules: ReadonlyMap<string, Rule>,
  ) {}

  error(node: Node | Pair | null | undefined, key: string, message: string): void {
    this.errors.push(this.at(node, key, message));
  }

  warn(node: Node | Pair | null | undefined, key: string, message: string): void {
    this.warnings.push(this.at(node, key, message));
  }

  private at(node: Node | Pair | null | undefined, key: string, message: string): ConfigError {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range ?? (node as Pair | undefined)?.key;
    const offset = Array.isArray(range) ? range[0] : ((range as { range?: [number] } | undefined)?.range?.[0] ?? 0);
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col, key, message };
  }

  /** `key:` with nothing after it (or `~`, `null`): the key is not set. */
  isNull(node: unknown): boolean {
    return node === null || node === undefined || (Y().isScalar(node) && node.value === null);
  }

  /**
   * A list of texts, also written as one text: `trustedRegistries: docker.io` or `ignored: DL3008, DL3009` (split at
   * commas and spaces, which no rule name or registry holds). Each item comes with the node to point errors at.
   */
  textList(node: unknown, key: string): Array<{ value: string; node: unknown; key: string }> {
    if (this.isNull(node)) return [];
    if (Y().isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      return String(node.value)
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((value, i, all) => ({ value, node, key: all.length > 1 ? `${key}[${i}]` : key }));
    }
    if (Y().isSeq(node)) {
      const out: Array<{ value: string; node: unknown; key: string }> = [];
      node.items.forEach((item, i) => {
        const s = this.str(item, `${key}[${i}]`);
        if (s !== undefined) out.push({ value: s, node: item, key: `${key}[${i}]` });
      });
      return out;
    }
    this.error(node as Node, key, 'expected a list, for example `[a, b]`, or one text');
    return [];
  }

  /** A label schema: label name → type (text, url, semver, hash, rfc3339, spdx, email; empty means text). */
  labelSchema(node: unknown, key: string): Record<string, string> | undefined {
    const m = this.map(node, key);
    if (!m) return undefined;
    const out: Record<string, string> = {};
    for (const p of m.items) {
      const label = this.keyOf(p);
      const k = `${key}.${label}`;
      const t = this.isNull(p.value) ? '' : this.str(p.value, k);
      if (t === undefined) continue;
      const type = t.trim().toLowerCase() || 'text';
      if (!(LABEL_TYPES as readonly string[]).includes(type)) {
        this.error(p.value as Node, k, `unknown label type \`${t}\`: use ${LABEL_TYPES.join(', ')}`);
        continue;
      }
      out[label] = type;
    }
    return out;
  }

  keyOf(pair: Pair): string {
    return Y().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
  }

  bool(node: unknown, key: string): boolean | undefined {
    if (Y().isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.error(node as Node, key, 'expected true or false');
    return undefined;
  }

  str(node: unknown, key: string): string | undefined {
    if (Y().isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    this.error(node as Node, key, 'expected a text value');
    return undefined;
  }

  strings(node: unknown, key: string): string[] {
    if (Y().isSeq(node)) {
      const out: string[] = [];
      node.items.forEach((item, i) => {
        const s = this.str(item, `${key}[${i}]`);
        if (s !== undefined) out.push(s);
      });
      return out;
    }
    this.error(node as Node, key, 'expected a list, for example `[a, b]`');
    return [];
  }

  map(node: unknown, key: string): YAMLMap | undefined {
    if (Y().isMap(node)) return node;
    this.error(node as Node, key, 'expected a mapping of keys to values');
    return undefined;
  }

  severity(node: unknown, key: string, allowOff: boolean): SeveritySetting | undefined {
    const s = this.str(node, key);
    if (s === undefined) return undefined;
    const v = s.toLowerCase();
    if ((SEVERITIES as readonly string[]).includes(v)) return v as Severity;
    if (allowOff && (v === 'off' || v === 'ignore' || v === 'none')) return 'off';
    if (v === 'hint') return 'style';
    this.error(node as Node, key, `unknown severity \`${s}\`: use ${SEVERITIES.join(', ')}${allowOff ? ' or off' : ''}`);
    return undefined;
  }

  /** Rule ids for a name written in the config; reports unknown names with a suggestion. */
  ruleIds(node: unknown, name: string, key: string, report: 'error' | 'warn' = 'error'): string[] {
    const ids = this.names.resolve(name);
    if (ids.length > 0) return ids;
    const say = (message: string) => (report === 'error' ? this.error(node as Node, key, message) : this.warn(node as Node, key, `${message}; skipped`));
    if (/^DL\d{4}$/i.test(name)) {
      const why = HADOLINT_WITHOUT_RULE[name.toUpperCase()];
      say(why ? `berth has no rule \`${name}\`: ${why}` : `\`${name}\` is not a hadolint code (hadolint's are aliases of berth's rules; \`berth rules\` lists them)`);
      return [];
    }
    const guess = suggest(name, this.names.displayNames());
    say(`unknown rule \`${name}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}; \`berth rules\` lists every rule with its aliases`);
    return [];
  }

  /** Rule ids to turn off or re-level; a parser check, which cannot be, is reported. */
  configurableIds(node: unknown, name: string, key: string, report: 'error' | 'warn' = 'error'): string[] {
    return this.ruleIds(node, name, key, report).filter((id) => {
      const why = fixedCheck(id);
      if (why) {
        if (report === 'error') this.error(node as Node, key, why);
        else this.warn(node as Node, key, `${why}; skipped`);
      }
      return !why;
    });
  }

  rule(id: string): Rule | undefined {
    return this.rules.get(id);
  }

  setRule(id: string, setting: RuleSetting): void {
    const prev = this.fragment.rules.get(id) ?? {};
    this.fragment.rules.set(id, { ...prev, ...setting, options: { ...(prev.options ?? {}), ...(setting.options ?? {}) } });
  }

  ruleOptions(id: string, node: unknown, key: string): Record<string, unknown> | undefined {
    const map = this.map(node, key);
    if (!map) return undefined;
    const declared = this.rules.get(id)?.meta.options ?? {};
    const out: Record<string, unknown> = {};
    for (const pair of map.items) {
      const k = this.keyOf(pair);
      const spec = declared[k];
      if (!spec) {
        const known = Object.keys(declared);
        this.error(pair.key as Node, `${key}.${k}`, `rule \`${id}\` has no option \`${k}\`${known.length > 0 ? ` (it has ${known.join(', ')})` : ' (it takes no options)'}`);
        continue;
      }
      const v = this.optionValue(pair.value, spec.type, `${key}.${k}`);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  optionValue(node: unknown, type: OptionType, key: string): unknown {
    switch (type) {
      case 'boolean':
        return this.bool(node, key);
      case 'string':
        return this.str(node, key);
      case 'string[]':
        return this.strings(node, key);
      case 'number':
        if (Y().isScalar(node) && typeof node.value === 'number') return node.value;
        this.error(node as Node, key, 'expected a number');
        return undefined;
    }
  }
}

/**
 * The schema of a configuration file whose name does not say (`berth lint --config ci/lint.yaml`): hadolint's when
 * it uses a key only hadolint has and none only berth has, else berth's.
 */
export function kindOfText(text: string): ConfigKind {
  let keys: string[];
  try {
    const root = Y().parseDocument(text).contents;
    keys = Y().isMap(root) ? root.items.map((p) => (Y().isScalar(p.key) ? String(p.key.value) : String(p.key))) : [];
  } catch {
    return 'berth';
  }
  const hadolintOnly = keys.filter((k) => HADOLINT_KEYS.includes(k) && !BERTH_KEYS.includes(k));
  const berthOnly = keys.filter((k) => BERTH_KEYS.includes(k) && !HADOLINT_KEYS.includes(k));
  return hadolintOnly.length > 0 && berthOnly.length === 0 ? 'hadolint' : 'berth';
}

/** Parses config text. `kind` decides the schema: berth's own keys, or hadolint's. */
export function parseConfigText(
  text: string,
  kind: ConfigKind,
  names: RuleNames,
  rules: ReadonlyMap<string, Rule>,
): { fragment: ConfigFragment; errors: ConfigError[]; warnings: ConfigError[] } {
  const lines = new (Y().LineCounter)();
  const doc = Y().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(lines, names, rules);
  const result = () => ({ fragment: r.fragment, errors: r.errors, warnings: r.warnings });
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    r.errors.push({ line: pos.line, column: pos.col, key: '', message: `invalid YAML: ${e.message.split('\n')[0]}` });
  }
  if (r.errors.length > 0) return result();
  const root = doc.contents;
  if (root === null || (Y().isScalar(root) && (root.value === null || root.value === ''))) return result();
  const map = r.map(root, '(top level)');
  if (!map) return result();
  if (kind === 'berth') readBerth(r, map);
  else readHadolint(r, map);
  return result();
}

/** The severity levels a fail level may name, and `none`. */
function failLevel(r: Reader, v: unknown, key: string): FailLevel | undefined {
  const s = r.str(v, key)?.toLowerCase();
  if (s === 'none' || (s && (SEVERITIES as readonly string[]).includes(s))) return s as FailLevel;
  if (s !== undefined) r.error(v as Node, key, `unknown level \`${s}\`: use ${SEVERITIES.join(', ')} or none`);
  return undefined;
}

function readBerth(r: Reader, map: YAMLMap): void {
  const f = r.fragment;
  for (const pair of map.items) {
    const key = r.keyOf(pair);
    const v = pair.value;
    // `key:` with no value leaves the setting alone.
    if (r.isNull(v) && BERTH_KEYS.includes(key)) continue;
    switch (key) {
      case 'rules': {
        const rules = r.map(v, 'rules');
        for (const p of rules?.items ?? []) {
          const name = r.keyOf(p);
          const k = `rules.${name}`;
          const ids = r.ruleIds(p.key, name, k);
          if (ids.length === 0) continue;
          if (Y().isMap(p.value)) {
            const setting: RuleSetting = {};
            for (const q of p.value.items) {
              const qk = r.keyOf(q);
              if (qk === 'severity') {
                const s = r.severity(q.value, `${k}.severity`, true);
                if (s) setting.severity = s;
              } else if (qk === 'options') {
                for (const id of ids) {
                  const o = r.ruleOptions(id, q.value, `${k}.options`);
                  if (o) r.setRule(id, { options: o });
                }
              } else r.error(q.key as Node, `${k}.${qk}`, `unknown key \`${qk}\` (a rule takes \`severity\` and \`options\`)`);
            }
            for (const id of ids) {
              const why = setting.severity === undefined ? undefined : fixedCheck(id);
              if (why) r.error(p.key as Node, k, why);
              else r.setRule(id, setting);
            }
          } else {
            const s = r.severity(p.value, k, true);
            if (!s) continue;
            for (const id of ids) {
              const why = fixedCheck(id);
              if (why) r.error(p.key as Node, k, why);
              else r.setRule(id, { severity: s });
            }
          }
        }
        break;
      }
      case 'ignore':
        for (const item of r.textList(v, 'ignore')) for (const id of r.configurableIds(item.node, item.value, item.key)) r.setRule(id, { severity: 'off' });
        break;
      case 'preview': {
        const b = r.bool(v, key);
        if (b !== undefined) f.preview = b;
        break;
      }
      case 'experimental': {
        const experimental = { all: false, ids: [] as string[] };
        for (const item of r.textList(v, key)) {
          if (item.value.toLowerCase() === 'all') {
            experimental.all = true;
            continue;
          }
          const ids = r.ruleIds(item.node, item.value, item.key);
          const rules = ids.flatMap((id) => {
            const rule = r.rule(id);
            return rule && rule.meta.aliases.some(isExperimentalCheck) ? [id] : [];
          });
          if (ids.length > 0 && rules.length === 0) {
            r.error(item.node as Node, item.key, `\`${item.value}\` is not one of BuildKit's experimental checks (${BUILDKIT_EXPERIMENTAL_CHECKS.join(', ')}); to turn a rule on, give it a severity under \`rules\``);
          }
          for (const id of rules) if (!experimental.ids.includes(id)) experimental.ids.push(id);
        }
        f.experimental = experimental;
        break;
      }
      case 'trustedRegistries':
        f.settings.trustedRegistries = r.textList(v, key).map((i) => i.value);
        break;
      case 'labelSchema': {
        const schema = r.labelSchema(v, key);
        if (schema) f.settings.labelSchema = schema;
        break;
      }
      case 'strictLabels': {
        const b = r.bool(v, key);
        if (b !== undefined) f.settings.strictLabels = b;
        break;
      }
      case 'failLevel': {
        const level = failLevel(r, v, key);
        if (level) f.cli.failLevel = level;
        break;
      }
      case 'maxWarnings':
        if (Y().isScalar(v) && typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0) f.cli.maxWarnings = v.value;
        else r.error(v as Node, key, 'expected a whole number of 0 or more');
        break;
      case 'format': {
        // A map is the formatter's section; a text, the report format of `berth lint`.
        if (Y().isMap(v)) {
          f.formatter = formatterSettings(r, v, key);
          break;
        }
        const s = r.str(v, key);
        const format = s === undefined ? undefined : formatNamed(s);
        if (format) f.cli.format = format;
        else if (s !== undefined) r.error(v as Node, key, `unknown format \`${s}\`: use ${formatNames()}`);
        break;
      }
      case 'files': {
        const m = r.map(v, key);
        for (const p of m?.items ?? []) {
          const k = r.keyOf(p);
          if (k === 'include') f.files.include = r.textList(p.value, 'files.include').map((i) => i.value);
          else if (k === 'exclude') f.files.exclude = r.textList(p.value, 'files.exclude').map((i) => i.value);
          else r.error(p.key as Node, `files.${k}`, `unknown key \`${k}\` (use include and exclude)`);
        }
        break;
      }
      case 'inlineSuppressions': {
        if (Y().isScalar(v) && typeof v.value === 'boolean') {
          f.inline = { berth: v.value, hadolint: v.value, buildkit: v.value };
          break;
        }
        const m = r.map(v, key);
        const inline: NonNullable<ConfigFragment['inline']> = {};
        for (const p of m?.items ?? []) {
          const k = r.keyOf(p);
          if (k !== 'berth' && k !== 'hadolint' && k !== 'buildkit') {
            r.error(p.key as Node, `${key}.${k}`, `unknown key \`${k}\` (use berth, hadolint and buildkit)`);
            continue;
          }
          const b = r.bool(p.value, `${key}.${k}`);
          if (b !== undefined) inline[k] = b;
        }
        f.inline = inline;
        break;
      }
      case 'reportUnusedSuppressions': {
        const b = r.bool(v, key);
        if (b !== undefined) f.reportUnusedSuppressions = b;
        break;
      }
      case 'shellcheck': {
        if (Y().isScalar(v) && typeof v.value === 'boolean') {
          f.shellcheck = { enabled: v.value };
          break;
        }
        const m = r.map(v, key);
        if (!m) break;
        const sc: { enabled?: boolean; path?: string; timeout?: number } = {};
        for (const p of m.items) {
          const k = r.keyOf(p);
          if (k === 'enabled') {
            const b = r.bool(p.value, `${key}.${k}`);
            if (b !== undefined) sc.enabled = b;
          } else if (k === 'path') {
            const s = r.str(p.value, `${key}.${k}`);
            if (s !== undefined) sc.path = s;
          } else if (k === 'timeout') {
            const n = Y().isScalar(p.value) ? p.value.value : undefined;
            if (typeof n === 'number' && Number.isInteger(n) && n > 0) sc.timeout = n;
            else r.error(p.value as Node, `${key}.${k}`, 'a timeout is a whole number of milliseconds, such as 10000');
          } else r.error(p.key as Node, `${key}.${k}`, `unknown key \`${k}\` (use enabled, path and timeout)`);
        }
        f.shellcheck = sc;
        break;
      }
      default: {
        const hadolintKey = HADOLINT_KEYS.includes(key) ? ` (\`${key}\` is hadolint's: berth reads it in a .hadolint.yaml)` : '';
        const guess = hadolintKey ? undefined : suggest(key, BERTH_KEYS);
        r.error(pair.key as Node, key, `unknown key \`${key}\`${hadolintKey}${guess ? ` (did you mean \`${guess}\`?)` : ''}; berth reads ${BERTH_KEYS.join(', ')}`);
      }
    }
  }
}

/**
 * hadolint's keys, read as hadolint 2.15 reads them, with the same meaning in berth. hadolint skips keys it does not
 * know and keys set to nothing; berth does too, but says so (a warning). A text where hadolint wants a list counts as
 * a one-item list (hadolint's README allows it for trustedRegistries, although hadolint itself then fails).
 */
function readHadolint(r: Reader, map: YAMLMap): void {
  const f = r.fragment;
  /**
   * Rule ids for hadolint's list of codes. hadolint takes any text there, so a name berth cannot use is a warning;
   * codes hadolint has (or had) but berth has no rule for do nothing, as in hadolint.
   */
  const codes = (v: unknown, key: string): string[] =>
    r.textList(v, key).flatMap((item) => {
      const name = item.value;
      if (HADOLINT_WITHOUT_RULE[name.toUpperCase()] !== undefined) return [];
      return r.configurableIds(item.node, name, item.key, 'warn');
    });
  const formats: { format: Array<{ value: string; node: unknown }>; formats: Array<{ value: string; node: unknown }> } = { format: [], formats: [] };
  for (const pair of map.items) {
    const key = r.keyOf(pair);
    const v = pair.value;
    if (r.isNull(v)) continue;
    switch (key) {
      case 'ignored':
        for (const id of codes(v, key)) r.setRule(id, { severity: 'off' });
        break;
      case 'override': {
        const m = r.map(v, key);
        // hadolint applies style, info, warning, error in that order: error wins.
        const order = ['style', 'info', 'warning', 'error'];
        const items = [...(m?.items ?? [])].sort((a, b) => order.indexOf(r.keyOf(a)) - order.indexOf(r.keyOf(b)));
        for (const p of items) {
          const level = r.keyOf(p);
          if (!order.includes(level)) {
            r.warn(p.key as Node, `override.${level}`, `hadolint and berth skip \`${level}\` here: override takes error, warning, info and style${level === 'ignore' || level === 'off' ? ' (list codes to turn off under `ignored`)' : ''}`);
            continue;
          }
          for (const id of codes(p.value, `override.${level}`)) r.setRule(id, { severity: level as Severity });
        }
        break;
      }
      case 'trustedRegistries':
        f.settings.trustedRegistries = r.textList(v, key).map((i) => i.value);
        break;
      case 'label-schema': {
        const schema = r.labelSchema(v, key);
        if (schema) f.settings.labelSchema = schema;
        break;
      }
      case 'strict-labels': {
        const b = r.bool(v, key);
        if (b !== undefined) f.settings.strictLabels = b;
        break;
      }
      case 'failure-threshold': {
        const s = r.str(v, key)?.toLowerCase();
        // hadolint's `none` and `ignore` fail on every finding (ignored ones are gone already): berth's `style`.
        if (s === 'none' || s === 'ignore') f.cli.failLevel = 'style';
        else if (s && (SEVERITIES as readonly string[]).includes(s)) f.cli.failLevel = s as FailLevel;
        else if (s !== undefined) r.error(v as Node, key, `unknown threshold \`${s}\`: use error, warning, info, style, ignore or none`);
        break;
      }
      case 'no-fail': {
        const b = r.bool(v, key);
        if (b !== undefined) f.cli.noFail = b;
        break;
      }
      case 'no-color': {
        const b = r.bool(v, key);
        if (b) f.cli.color = false;
        break;
      }
      case 'verbose': {
        const b = r.bool(v, key);
        if (b !== undefined) f.cli.verbose = b;
        break;
      }
      case 'format':
      case 'formats':
        for (const item of r.textList(v, key)) {
          if (formatNamed(item.value)) formats[key].push(item);
          else r.error(item.node as Node, item.key, `unknown format \`${item.value}\`: hadolint's are ${Object.keys(HADOLINT_FORMATS).join(', ')}`);
        }
        break;
      case 'disable-ignore-pragma': {
        const b = r.bool(v, key);
        if (b !== undefined) f.inline = { ...(f.inline ?? {}), hadolint: !b };
        break;
      }
      default: {
        const guess = suggest(key, HADOLINT_KEYS);
        r.warn(pair.key as Node, key, `hadolint has no setting \`${key}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}; hadolint skips it and so does berth`);
      }
    }
  }
  // hadolint writes every format listed (formats, then format); berth writes one report.
  const chosen = [...formats.formats, ...formats.format].map((x) => ({ ...x, format: formatNamed(x.value) as Format }));
  const first = chosen[0];
  if (first) {
    f.cli.format = first.format;
    const others = chosen.filter((x) => x.format !== first.format);
    if (others.length > 0) {
      r.warn(others[0]?.node as Node, 'formats', `berth writes one report: \`${first.value}\`; for ${others.map((x) => `\`${x.value}\``).join(', ')} run berth lint again with -f`);
    }
  }
}

export type { SeveritySetting };

/** The lint configuration a config file gives (defaults where it says nothing). */
export function configFromFragment(fragment: ConfigFragment | undefined): LintConfig {
  const config = defaultConfig();
  if (!fragment) return config;
  const over: Partial<LintConfig> & { rules: Map<string, RuleSetting> } = { rules: fragment.rules, settings: { ...config.settings, ...fragment.settings } };
  if (fragment.preview !== undefined) over.preview = fragment.preview;
  if (fragment.experimental !== undefined) over.experimental = fragment.experimental;
  if (fragment.inline) over.inline = { ...config.inline, ...fragment.inline };
  if (fragment.reportUnusedSuppressions !== undefined) over.reportUnusedSuppressions = fragment.reportUnusedSuppressions;
  return mergeConfig(config, over);
}
