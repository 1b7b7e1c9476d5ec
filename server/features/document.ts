/**
 * One analysed version of a document: parsed once, linted once on first need. Pure: the text and the lint
 * configuration come in; nothing here knows LSP, files or the process.
 */
import { parse, type ParseResult } from '../../grammar/index.js';
import type { LintConfig } from '../../rules/engine/config.js';
import { lint, type Diagnostic, type LintResult } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';

export class AnalyzedDocument {
  private _parse?: ParseResult;
  private _lint?: LintResult;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly config: LintConfig,
    /** Findings from outside the rules (ShellCheck), already mapped to offsets of this text. */
    private readonly external: readonly Diagnostic[] = [],
  ) {}

  get parse(): ParseResult {
    this._parse ??= parse(this.text);
    return this._parse;
  }

  get lines(): ParseResult['lines'] {
    return this.parse.lines;
  }

  get lint(): LintResult {
    this._lint ??= lint(this.parse, this.config, ALL_RULES, this.external);
    return this._lint;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.lint.diagnostics;
  }
}
