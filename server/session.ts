/**
 * Open documents and their analysis: each version is analysed once (AnalyzedDocument memoizes parse and lint);
 * the lint configuration comes from the nearest .berth.yaml/.hadolint.yaml of the document's folder (re-read when
 * such a file changes), else the defaults.
 */
import { dirname, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import * as yamlNamespace from 'yaml';
import { ConfigFileError, ConfigLoader } from '../cli/config.js';
import { useYaml } from '../rules/engine/config-file.js';

// The server reads configuration files all the time: the YAML reader is loaded with it.
const yaml = yamlNamespace as unknown as { LineCounter?: unknown; default?: unknown };
useYaml((typeof yaml.LineCounter === 'function' ? yaml : yaml.default) as Parameters<typeof useYaml>[0]);
import { configFromFragment } from '../rules/engine/config-file.js';
import type { LintConfig, SeveritySetting } from '../rules/engine/config.js';
import { ruleNames, type Diagnostic } from '../rules/engine/lint.js';
import { AnalyzedDocument } from './features/document.js';
import { needsBashParser } from '../grammar/index.js';

/** The editor's `berth.*` settings (workspace/configuration), applied over the configuration files. */
export interface EditorSettings {
  /** A .berth.yaml or .hadolint.yaml used for every document instead of searching for one. */
  configPath?: string;
  /** Rule severities by id, hadolint code or BuildKit name: `error`, `warning`, `info`, `style` or `off`. */
  rules?: Record<string, string>;
  /** ShellCheck on RUN scripts: on when a binary is found (this path, else PATH), unless `enabled` is false. */
  shellcheck?: { enabled?: boolean; path?: string };
  /** Formatting: spaces before continuation lines (else the editor's tab size), keyword case, RUN reflow. */
  format?: { continuationIndent?: number | null; keywordCase?: 'upper' | 'keep'; reflowRun?: boolean };
}

const LEVELS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'style', 'off']);

/**
 * The editor's answer to workspace/configuration, kept to the shape EditorSettings promises: a value of the wrong
 * type is left out (as if unset) and named in `problems`, so nothing downstream meets a number for a path.
 */
export function sanitizeSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: EditorSettings = {};
  if (raw === null || raw === undefined) return { settings, problems };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) return { settings, problems: ['the `berth` settings are not an object; they are ignored'] };
  const wrong = (name: string, what: string): void => void problems.push(`berth.${name} must be ${what}; it is ignored`);
  if (raw.configPath !== undefined && raw.configPath !== null && raw.configPath !== '') {
    if (typeof raw.configPath === 'string') settings.configPath = raw.configPath;
    else wrong('configPath', 'a path');
  }
  if (raw.rules !== undefined && raw.rules !== null) {
    if (isObject(raw.rules)) settings.rules = Object.fromEntries(Object.entries(raw.rules).map(([k, v]) => [k, String(v)]));
    else wrong('rules', 'an object of rule names and levels');
  }
  if (raw.shellcheck !== undefined && raw.shellcheck !== null) {
    if (!isObject(raw.shellcheck)) wrong('shellcheck', 'an object');
    else {
      const sc: NonNullable<EditorSettings['shellcheck']> = {};
      if (typeof raw.shellcheck.enabled === 'boolean') sc.enabled = raw.shellcheck.enabled;
      else if (raw.shellcheck.enabled !== undefined && raw.shellcheck.enabled !== null) wrong('shellcheck.enabled', 'true or false');
      if (typeof raw.shellcheck.path === 'string') sc.path = raw.shellcheck.path;
      else if (raw.shellcheck.path !== undefined && raw.shellcheck.path !== null) wrong('shellcheck.path', 'a path');
      settings.shellcheck = sc;
    }
  }
  if (raw.format !== undefined && raw.format !== null) {
    if (!isObject(raw.format)) wrong('format', 'an object');
    else {
      const f: NonNullable<EditorSettings['format']> = {};
      const indent = raw.format.continuationIndent;
      if (typeof indent === 'number' && Number.isInteger(indent) && indent >= 0 && indent <= 16) f.continuationIndent = indent;
      else if (indent !== undefined && indent !== null) wrong('format.continuationIndent', 'a whole number from 0 to 16');
      if (raw.format.keywordCase === 'upper' || raw.format.keywordCase === 'keep') f.keywordCase = raw.format.keywordCase;
      else if (raw.format.keywordCase !== undefined && raw.format.keywordCase !== null) wrong('format.keywordCase', '"upper" or "keep"');
      if (typeof raw.format.reflowRun === 'boolean') f.reflowRun = raw.format.reflowRun;
      else if (raw.format.reflowRun !== undefined && raw.format.reflowRun !== null) wrong('format.reflowRun', 'true or false');
      settings.format = f;
    }
  }
  return { settings, problems };
}

/** A document whose analysis fails, as a bug would make it: for testing how the server copes (see Session). */
class FailingDocument extends AnalyzedDocument {
  override get parse(): never {
    throw new Error('analysis failed on purpose (BERTH_TEST_FAIL_ANALYSIS)');
  }
}

export class Session {
  private settings: EditorSettings = {};
  /** Settings problems to tell the user about (unknown rule names, bad levels). */
  readonly settingsErrors: string[] = [];
  private readonly docs = new Map<string, TextDocument>();
  private readonly analyzed = new Map<string, AnalyzedDocument>();
  /** ShellCheck's findings for a document version, once they arrived. */
  private readonly external = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private loader: ConfigLoader;
  /** The bash parser was tried and did not load: analyses without it are then final. */
  shellFailed = false;
  /** Lint configurations by folder (and for a configPath), until configuration or settings change. */
  private readonly configs = new Map<string, LintConfig>();
  /** Configuration problems to tell the user about, by config file. */
  readonly configErrors = new Map<string, string>();

  constructor(
    private readonly cwd: string,
    /** Testing only: a document whose text contains this string fails to analyse, as a bug in berth would. */
    private readonly options: { failAnalysisOf?: string | undefined } = {},
  ) {
    this.loader = new ConfigLoader(cwd);
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    this.analyzed.delete(uri);
  }

  change(uri: string, version: number, changes: Parameters<typeof TextDocument.update>[1]): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    this.analyzed.delete(uri);
  }

  close(uri: string): void {
    this.docs.delete(uri);
    this.external.delete(uri);
    this.analyzed.delete(uri);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  version(uri: string): number | undefined {
    return this.docs.get(uri)?.version;
  }

  /** The analysis of the document's current version (undefined for a document that is not open). */
  get(uri: string): AnalyzedDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const cached = this.analyzed.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const ext = this.external.get(uri);
    const text = doc.getText();
    const fails = this.options.failAnalysisOf !== undefined && text.includes(this.options.failAnalysisOf);
    const a = new (fails ? FailingDocument : AnalyzedDocument)(uri, doc.version, text, this.configFor(uri), ext && ext.version === doc.version ? ext.diagnostics : []);
    // An analysis made while the bash parser it needs is still loading is not kept: it lacks the shell rules.
    let keep: boolean;
    try {
      keep = this.shellFailed || !needsBashParser(a.parse);
    } catch {
      keep = true; // parsing fails (a bug): kept, so the failure is not repeated for every request on this version
    }
    if (keep) this.analyzed.set(uri, a);
    return a;
  }

  /** Every document is analysed again on next use (the bash parser has loaded). */
  forgetAnalyses(): void {
    this.analyzed.clear();
  }

  get editorSettings(): Readonly<EditorSettings> {
    return this.settings;
  }

  /** ShellCheck's findings for a version: the document is analysed again with them. */
  setExternal(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (this.docs.get(uri)?.version !== version) return;
    this.external.set(uri, { version, diagnostics });
    this.analyzed.delete(uri);
  }

  /** New editor settings: every document is analysed again on next use. */
  setSettings(settings: EditorSettings): void {
    this.settings = settings ?? {};
    this.settingsErrors.length = 0;
    for (const [name, level] of Object.entries(this.settings.rules ?? {})) {
      if (ruleNames().resolve(name).length === 0) this.settingsErrors.push(`berth.rules: unknown rule \`${name}\``);
      if (!LEVELS.has(String(level))) this.settingsErrors.push(`berth.rules.${name}: \`${String(level)}\` is not error, warning, info, style or off`);
    }
    this.reloadConfig();
  }

  /** Configuration files changed: forget what was loaded; every document is analysed again on next use. */
  reloadConfig(): void {
    this.loader = new ConfigLoader(this.cwd);
    this.configErrors.clear();
    this.configs.clear();
    this.analyzed.clear();
  }

  /**
   * The lint configuration of a document, one object per folder while nothing changes, so that what the engine
   * works out per configuration (which rules run, at which severity) is not redone on every keystroke.
   */
  private configFor(uri: string): LintConfig {
    let key = this.settings.configPath ? '\u0000' : uri;
    try {
      const parsed = URI.parse(uri);
      if (!this.settings.configPath && parsed.scheme === 'file') key = dirname(parsed.fsPath);
    } catch {
      // an unparsable URI: keyed by itself
    }
    let config = this.configs.get(key);
    if (!config) this.configs.set(key, (config = this.buildConfig(uri)));
    return config;
  }

  private buildConfig(uri: string): LintConfig {
    const config = this.fileConfigFor(uri);
    for (const [name, level] of Object.entries(this.settings.rules ?? {})) {
      if (!LEVELS.has(String(level))) continue;
      for (const id of ruleNames().resolve(name)) config.rules.set(id, { ...config.rules.get(id), severity: level as SeveritySetting });
    }
    return config;
  }

  private fileConfigFor(uri: string): LintConfig {
    let parsed: URI | undefined;
    try {
      parsed = URI.parse(uri);
    } catch {
      parsed = undefined;
    }
    try {
      if (this.settings.configPath) return configFromFragment(this.loader.load(resolve(this.cwd, this.settings.configPath)).fragment);
      if (!parsed || parsed.scheme !== 'file') return configFromFragment(undefined);
      return configFromFragment(this.loader.forDirectory(dirname(parsed.fsPath))?.fragment);
    } catch (e) {
      if (e instanceof ConfigFileError) {
        this.configErrors.set(e.file, e.message);
        return configFromFragment(undefined);
      }
      if (this.settings.configPath) {
        this.configErrors.set(this.settings.configPath, `berth.configPath: cannot read ${this.settings.configPath}: ${e instanceof Error ? e.message : String(e)}`);
        return configFromFragment(undefined);
      }
      throw e;
    }
  }
}
