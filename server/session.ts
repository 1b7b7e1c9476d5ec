/**
 * Open documents and their analysis: each version is analysed once (AnalyzedDocument memoizes parse and lint);
 * the lint configuration is what the host finds for the document (the nearest .berth.yaml/.hadolint.yaml of its
 * folder, for the Node host; forgotten when such a file changes), with the editor's settings over it.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { needsBashParser } from '../grammar/index.js';
import { configFromFragment } from '../rules/engine/config-file.js';
import type { LintConfig, SeveritySetting } from '../rules/engine/config.js';
import { ruleNames, type Diagnostic } from '../rules/engine/lint.js';
import { AnalyzedDocument } from './features/document.js';
import type { ConfigFiles } from './host.js';
import { LEVELS, type EditorSettings } from './settings.js';

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
  /** The bash parser was tried and did not load: analyses without it are then final. */
  shellFailed = false;
  /** Lint configurations by folder (and for a configPath), until configuration or settings change. */
  private readonly configs = new Map<string, LintConfig>();
  /** Configuration problems to tell the user about, by config file. */
  readonly configErrors = new Map<string, string>();

  constructor(
    private readonly files: ConfigFiles,
    /** Testing only: a document whose text contains this string fails to analyse, as a bug in berth would. */
    private readonly options: { failAnalysisOf?: string | undefined } = {},
  ) {}

  open(uri: string, languageId: string, version: number, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    this.analyzed.delete(uri);
  }

  change(uri: string, version: number, changes: Parameters<typeof TextDocument.update>[1]): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    // Each range is first clamped to the text it applies to: TextDocument.update miscounts its lines when a range
    // starts past the last line, and every later edit would then land at the wrong offset.
    let next = doc;
    for (const change of changes) {
      if ('range' in change) {
        const start = next.positionAt(next.offsetAt(change.range.start));
        const end = next.positionAt(next.offsetAt(change.range.end));
        next = TextDocument.update(next, [{ range: { start, end }, text: change.text }], version);
      } else next = TextDocument.update(next, [change], version);
    }
    this.docs.set(uri, next);
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
    this.files.reload();
    this.configErrors.clear();
    this.configs.clear();
    this.analyzed.clear();
  }

  /**
   * The lint configuration of a document, one object per folder while nothing changes, so that what the engine
   * works out per configuration (which rules run, at which severity) is not redone on every keystroke.
   */
  private configFor(uri: string): LintConfig {
    const ignore = this.files.dockerignore?.(uri);
    // Documents share a configuration by folder, unless their .dockerignore differs (`<Dockerfile>.dockerignore`).
    const key = `${this.settings.configPath ? '\u0000' : this.files.scope(uri)}\u0000${ignore?.file ?? ''}`;
    let config = this.configs.get(key);
    if (!config) {
      config = this.buildConfig(uri);
      if (ignore) config.settings = { ...config.settings, dockerignore: ignore.lines };
      this.configs.set(key, config);
    }
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
    const found = this.files.find(uri, this.settings.configPath);
    if (found.error) this.configErrors.set(found.error.file, found.error.message);
    return configFromFragment(found.fragment);
  }
}
