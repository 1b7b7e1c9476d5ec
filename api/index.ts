/**
 * berth as a library (the package's main export): everything of the grammar — `parse`, `analyze` and the typed
 * views — plus `lint` with berth's default configuration and `format`, the language server's formatter, on plain
 * text. Importing this module loads the bash parser (WebAssembly, a few tens of milliseconds) so that the rules
 * that read RUN scripts see their commands (and `format` can reflow RUN lists); if it cannot be loaded, `shellParserError` says why and those rules
 * see no commands.
 */
import { createRequire } from 'node:module';
import { bashError, bashLoaded, loadBash, parse, type ParseResult } from '../grammar/index.js';
import { defaultConfig, type LintConfig } from '../rules/engine/config.js';
import { docsUrlFor, lint as lintParsed, type LintResult } from '../rules/engine/lint.js';
import { formatText, type FormatOptions } from '../format/index.js';

export * from '../grammar/index.js';
export { defaultConfig } from '../rules/engine/config.js';
export type { LintConfig, RuleSetting, SeveritySetting } from '../rules/engine/config.js';
export type { Diagnostic, LintResult } from '../rules/engine/lint.js';
export type { Edit, Fix, Related, Severity } from '../rules/define.js';
export type { FormatOptions } from '../format/index.js';

async function loadShell(): Promise<string | undefined> {
  if (bashLoaded()) return undefined;
  try {
    await loadBash({ language: createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm') });
  } catch (e) {
    return `tree-sitter-bash is not installed: ${e instanceof Error ? e.message : String(e)}`;
  }
  return bashError();
}

/** Why the bash parser could not be loaded (RUN scripts are then not looked into), or undefined when it works. */
export const shellParserError: string | undefined = await loadShell();

/**
 * Lints a Dockerfile (its text, or what `parse` returned). Without `config`, berth's defaults apply: every rule
 * that is on by default at its default level, no configuration file. Findings carry offsets into the text
 * (`result.lines` of `parse` turns them into lines and columns). Never throws for any input.
 */
export function lint(source: string | ParseResult, config: LintConfig = defaultConfig()): LintResult {
  try {
    return lintParsed(typeof source === 'string' ? parse(source) : source, config);
  } catch (e) {
    // The last resort: the parser, the model and each rule already keep their failures to themselves, so this is
    // a bug in berth (or a value of the wrong type from JavaScript). Say so in a finding rather than throw.
    const message = e instanceof Error ? e.message : String(e);
    return {
      diagnostics: [
        {
          rule: 'internal-error',
          aliases: [],
          severity: 'error',
          message: `berth could not lint this file (a bug in berth): ${message}`,
          start: 0,
          end: 0,
          kind: 'syntax',
          url: docsUrlFor('internal-error'),
        },
      ],
      internalErrors: [{ rule: 'internal-error', error: e instanceof Error ? (e.stack ?? message) : message }],
      suppressions: [],
    };
  }
}

/**
 * Formats a Dockerfile as `berth format` and `berth lsp` do: keywords upper-cased, instructions and comments at
 * column 0, continuation lines indented by `indentWidth` spaces (default 4) or one tab, one space between flags and
 * words, JSON arrays as `["a", "b"]`, `ENV key=value`, no trailing blanks, one blank line before each FROM (see
 * docs/cli.md). Returns the new text; what BuildKit builds from it never changes, and heredoc bodies, comments,
 * line endings and a byte order mark stay as they are. `tabSize` and `insertSpaces`, the names of earlier
 * versions, are still read.
 */
export function format(text: string, options: FormatOptions & { tabSize?: number; insertSpaces?: boolean } = {}): string {
  const { tabSize, insertSpaces, ...rest } = options;
  const resolved: FormatOptions = { ...rest };
  if (resolved.indentStyle === undefined && insertSpaces !== undefined) resolved.indentStyle = insertSpaces ? 'space' : 'tab';
  if (resolved.indentWidth === undefined && tabSize !== undefined) resolved.indentWidth = tabSize;
  return formatText(text, resolved);
}
