/**
 * Reads `.berth.yaml` and `.hadolint.yaml` text into a config fragment. Pure: the caller finds and reads the file.
 * Every problem is an error with the line and column of the offending key or value — nothing is silently ignored.
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
import { BUILTIN_BY_ID } from '../syntax.js';
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
}

export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'checkstyle', 'codeclimate', 'gitlab', 'github'] as const;
const HADOLINT_FORMATS: Record<string, string> = {
  tty: 'stylish',
  json: 'json',
  checkstyle: 'checkstyle',
  codeclimate: 'codeclimate',
  gitlab_codeclimate: 'gitlab',
  sarif: 'sarif',
  gnu: 'compact',
};

class Reader {
  readonly errors: ConfigError[] = [];
  readonly fragment: ConfigFragment = { rules: new Map(), settings: {}, cli: {}, files: { include: [], exclude: [] } };
  constructor(
    private readonly lines: LineCounter,
    readonly names: RuleNames,
    private readonly rules: ReadonlyMap<string, Rule>,
  ) {}

  error(node: Node | Pair | null | undefined, key: string, message: string): void {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range ?? (node as Pair | undefined)?.key;
    const offset = Array.isArray(range) ? range[0] : ((range as { range?: [number] } | undefined)?.range?.[0] ?? 0);
    const pos = this.lines.linePos(offset);
    this.errors.push({ line: pos.line, column: pos.col, key, message });
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
  ruleIds(node: unknown, name: string, key: string): string[] {
    const ids = this.names.resolve(name);
    if (ids.length > 0) return ids;
    const hadolint = /^(DL|SC)\d{4}$/i.test(name);
    this.error(
      node as Node,
      key,
      hadolint ? `berth has no rule for hadolint's \`${name}\` yet` : `unknown rule \`${name}\`; \`berth rules\` lists every rule with its aliases`,
    );
    return [];
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

/** Parses config text. `kind` decides the schema: berth's own keys, or hadolint's. */
export function parseConfigText(
  text: string,
  kind: ConfigKind,
  names: RuleNames,
  rules: ReadonlyMap<string, Rule>,
): { fragment: ConfigFragment; errors: ConfigError[] } {
  const lines = new (Y().LineCounter)();
  const doc = Y().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(lines, names, rules);
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    r.errors.push({ line: pos.line, column: pos.col, key: '', message: `invalid YAML: ${e.message.split('\n')[0]}` });
  }
  if (r.errors.length > 0) return { fragment: r.fragment, errors: r.errors };
  const root = doc.contents;
  if (root === null || (Y().isScalar(root) && (root.value === null || root.value === ''))) {
    return { fragment: r.fragment, errors: [] };
  }
  const map = r.map(root, '(top level)');
  if (!map) return { fragment: r.fragment, errors: r.errors };
  if (kind === 'berth') readBerth(r, map);
  else readHadolint(r, map);
  return { fragment: r.fragment, errors: r.errors };
}

function readBerth(r: Reader, map: YAMLMap): void {
  const f = r.fragment;
  for (const pair of map.items) {
    const key = r.keyOf(pair);
    const v = pair.value;
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
              if (setting.severity === 'off' || setting.severity === undefined || !BUILTIN_BY_ID.has(id) || BUILTIN_BY_ID.get(id)?.configurable) {
                r.setRule(id, setting);
              } else r.error(p.key as Node, k, `\`${id}\` is something Docker rejects; its severity cannot be changed`);
            }
          } else {
            const s = r.severity(p.value, k, true);
            if (!s) continue;
            for (const id of ids) {
              const builtin = BUILTIN_BY_ID.get(id);
              if (builtin && !builtin.configurable) {
                r.error(p.key as Node, k, `\`${id}\` is something Docker rejects: it cannot be turned off or changed`);
                continue;
              }
              r.setRule(id, { severity: s });
            }
          }
        }
        break;
      }
      case 'ignore':
        for (const [i, name] of r.strings(v, 'ignore').entries()) {
          const node = Y().isSeq(v) ? v.items[i] : v;
          for (const id of r.ruleIds(node, name, `ignore[${i}]`)) r.setRule(id, { severity: 'off' });
        }
        break;
      case 'preview': {
        const b = r.bool(v, key);
        if (b !== undefined) f.preview = b;
        break;
      }
      case 'trustedRegistries':
        f.settings.trustedRegistries = r.strings(v, key);
        break;
      case 'labelSchema': {
        const m = r.map(v, key);
        if (m) f.settings.labelSchema = Object.fromEntries(m.items.map((p) => [r.keyOf(p), r.str(p.value, `${key}.${r.keyOf(p)}`) ?? 'text']));
        break;
      }
      case 'strictLabels': {
        const b = r.bool(v, key);
        if (b !== undefined) f.settings.strictLabels = b;
        break;
      }
      case 'failLevel': {
        const s = r.str(v, key)?.toLowerCase();
        if (s === 'none' || (s && (SEVERITIES as readonly string[]).includes(s))) f.cli.failLevel = s as FailLevel;
        else if (s !== undefined) r.error(v as Node, key, `unknown level \`${s}\`: use ${SEVERITIES.join(', ')} or none`);
        break;
      }
      case 'maxWarnings':
        if (Y().isScalar(v) && typeof v.value === 'number' && Number.isInteger(v.value)) f.cli.maxWarnings = v.value;
        else r.error(v as Node, key, 'expected a whole number');
        break;
      case 'format': {
        const s = r.str(v, key);
        if (s && (FORMATS as readonly string[]).includes(s)) f.cli.format = s;
        else if (s !== undefined) r.error(v as Node, key, `unknown format \`${s}\`: use ${FORMATS.join(', ')}`);
        break;
      }
      case 'files': {
        const m = r.map(v, key);
        for (const p of m?.items ?? []) {
          const k = r.keyOf(p);
          if (k === 'include') f.files.include = r.strings(p.value, 'files.include');
          else if (k === 'exclude') f.files.exclude = r.strings(p.value, 'files.exclude');
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
      default:
        r.error(pair.key as Node, key, `unknown key \`${key}\`; berth reads rules, ignore, preview, trustedRegistries, labelSchema, strictLabels, failLevel, maxWarnings, format, files, inlineSuppressions, reportUnusedSuppressions and shellcheck`);
    }
  }
}

/** hadolint's keys (its §2 reference): the same meaning in berth. */
function readHadolint(r: Reader, map: YAMLMap): void {
  const f = r.fragment;
  const codes = (v: unknown, key: string): Array<{ ids: string[] }> =>
    r.strings(v, key).map((name, i) => {
      const node = Y().isSeq(v) ? v.items[i] : v;
      const ids = r.names.resolve(name);
      // A hadolint or ShellCheck code berth has no rule for yet is not an error in a hadolint file.
      if (ids.length === 0 && !/^(DL|SC)\d{4}$/i.test(name)) r.error(node as Node, `${key}[${i}]`, `unknown rule \`${name}\``);
      return { ids };
    });
  for (const pair of map.items) {
    const key = r.keyOf(pair);
    const v = pair.value;
    switch (key) {
      case 'ignored':
        for (const c of codes(v, key)) for (const id of c.ids) r.setRule(id, { severity: 'off' });
        break;
      case 'override': {
        const m = r.map(v, key);
        // hadolint applies style, info, warning, error in that order: error wins.
        const order = ['style', 'info', 'warning', 'error'];
        const items = [...(m?.items ?? [])].sort((a, b) => order.indexOf(r.keyOf(a)) - order.indexOf(r.keyOf(b)));
        for (const p of items) {
          const level = r.keyOf(p);
          if (!order.includes(level)) {
            r.error(p.key as Node, `override.${level}`, `unknown level \`${level}\` (use error, warning, info, style)`);
            continue;
          }
          for (const c of codes(p.value, `override.${level}`)) for (const id of c.ids) r.setRule(id, { severity: level as Severity });
        }
        break;
      }
      case 'trustedRegistries':
        f.settings.trustedRegistries = r.strings(v, key);
        break;
      case 'label-schema': {
        const m = r.map(v, key);
        if (m) f.settings.labelSchema = Object.fromEntries(m.items.map((p) => [r.keyOf(p), r.str(p.value, `${key}.${r.keyOf(p)}`) ?? 'text']));
        break;
      }
      case 'strict-labels': {
        const b = r.bool(v, key);
        if (b !== undefined) f.settings.strictLabels = b;
        break;
      }
      case 'failure-threshold': {
        const s = r.str(v, key)?.toLowerCase();
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
      case 'formats': {
        const list = key === 'format' ? [r.str(v, key)] : r.strings(v, key);
        const first = list.find((x): x is string => x !== undefined);
        if (first === undefined) break;
        const mapped = HADOLINT_FORMATS[first];
        if (mapped) f.cli.format = mapped;
        else r.error(v as Node, key, `berth has no \`${first}\` format; it writes ${FORMATS.join(', ')}`);
        break;
      }
      case 'disable-ignore-pragma': {
        const b = r.bool(v, key);
        if (b !== undefined) f.inline = { ...(f.inline ?? {}), hadolint: !b };
        break;
      }
      default:
        r.error(pair.key as Node, key, `unknown hadolint key \`${key}\`; hadolint reads ignored, override, trustedRegistries, label-schema, strict-labels, failure-threshold, no-fail, no-color, verbose, format, formats and disable-ignore-pragma`);
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
  if (fragment.inline) over.inline = { ...config.inline, ...fragment.inline };
  if (fragment.reportUnusedSuppressions !== undefined) over.reportUnusedSuppressions = fragment.reportUnusedSuppressions;
  return mergeConfig(config, over);
}
