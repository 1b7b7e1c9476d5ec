/**
 * The only place core data meets LSP types: offsets ↔ positions (UTF-16, via LineIndex), severities, edits — and
 * what the client said it can take. `clientSupport` reads the client capabilities once; every converter here
 * shapes its answer to them (plain text for a client without Markdown, no snippets for one that cannot expand
 * them, flat symbols, commands instead of code action literals…), so the features never need to know.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  InsertTextMode,
  SymbolKind,
  type ClientCapabilities,
  type DiagnosticsCapabilities,
  type CodeAction,
  type Command,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type MarkupContent,
  type Range,
  type SnippetTextEdit,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { LineIndex, TextRange } from '../grammar/index.js';
import type { Edit, Severity } from '../rules/define.js';
import type { Diagnostic } from '../rules/engine/lint.js';
import type { CodeActionInfo } from './features/code-actions.js';
import type { CompletionInfo } from './features/completion.js';
import type { FoldInfo } from './features/folding.js';
import type { SymbolInfo } from './features/symbols.js';

export type MarkupFormat = 'markdown' | 'plaintext';

export interface DiagnosticSupport {
  codeDescription: boolean;
  relatedInformation: boolean;
  /** The diagnostic tags the client knows (1 unnecessary, 2 deprecated). */
  tags: ReadonlySet<number>;
}

/** What the client can take, read once from its capabilities. A capability the client does not mention is off. */
export interface ClientSupport {
  completion: {
    snippets: boolean;
    documentation: MarkupFormat;
    /** The deprecated tag (3.15+), else the older `deprecated` property, else neither. */
    deprecatedTag: boolean;
    deprecatedProperty: boolean;
    insertReplace: boolean;
    /** Multi-line insertions kept as they are (a heredoc's closing line must stay at the start of its line). */
    insertAsIs: boolean;
    /** The item kinds the client knows; undefined: Text (1) to Reference (18). */
    kinds: ReadonlySet<number> | undefined;
  };
  hover: MarkupFormat;
  signatureDocumentation: MarkupFormat;
  pushDiagnostics: DiagnosticSupport;
  pullDiagnostics: DiagnosticSupport | undefined;
  diagnosticRefresh: boolean;
  codeActions: { literals: boolean; preferred: boolean };
  applyEdit: boolean;
  documentChanges: boolean;
  /** Snippet edits in a WorkspaceEdit (LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`). */
  snippetEdits: boolean;
  hierarchicalSymbols: boolean;
  prepareRename: boolean;
  definitionLinks: boolean;
  linkTooltips: boolean;
  folding: { rangeLimit: number | undefined; kinds: ReadonlySet<string> | undefined };
  /** Undefined when the client does not ask for semantic tokens. */
  semanticTokens: { full: boolean; delta: boolean; range: boolean; types: ReadonlySet<string> | undefined; modifiers: ReadonlySet<string> | undefined } | undefined;
  configuration: boolean;
  watchConfig: boolean;
}

/** The first of the client's formats that we can write; plain text when it names none. */
function markupFormat(formats: readonly string[] | undefined): MarkupFormat {
  for (const f of formats ?? []) if (f === 'markdown' || f === 'plaintext') return f;
  return 'plaintext';
}

function diagnosticSupport(own: DiagnosticsCapabilities | undefined, fallback?: DiagnosticsCapabilities): DiagnosticSupport {
  return {
    codeDescription: (own?.codeDescriptionSupport ?? fallback?.codeDescriptionSupport) === true,
    relatedInformation: (own?.relatedInformation ?? fallback?.relatedInformation) === true,
    tags: new Set(own?.tagSupport?.valueSet ?? fallback?.tagSupport?.valueSet ?? []),
  };
}

export function clientSupport(caps: ClientCapabilities): ClientSupport {
  const td = caps.textDocument ?? {};
  const item = td.completion?.completionItem;
  const tokens = td.semanticTokens;
  const tokenRequests = tokens?.requests;
  const relative = !tokens?.formats || tokens.formats.length === 0 || tokens.formats.includes('relative');
  const full = tokenRequests?.full !== undefined && tokenRequests.full !== false;
  const range = tokenRequests?.range !== undefined && tokenRequests.range !== false;
  // The lists are required; an empty one is read as "not said" rather than "none" (which would leave nothing to send).
  const known = (list: readonly string[] | undefined): ReadonlySet<string> | undefined => (list && list.length > 0 ? new Set(list) : undefined);
  return {
    completion: {
      snippets: item?.snippetSupport === true,
      documentation: markupFormat(item?.documentationFormat),
      deprecatedTag: item?.tagSupport?.valueSet?.includes(CompletionItemTag.Deprecated) === true,
      deprecatedProperty: item?.deprecatedSupport === true,
      insertReplace: item?.insertReplaceSupport === true,
      insertAsIs: item?.insertTextModeSupport?.valueSet?.includes(InsertTextMode.asIs) === true,
      kinds: td.completion?.completionItemKind?.valueSet ? new Set(td.completion.completionItemKind.valueSet) : undefined,
    },
    hover: markupFormat(td.hover?.contentFormat),
    signatureDocumentation: markupFormat(td.signatureHelp?.signatureInformation?.documentationFormat),
    pushDiagnostics: diagnosticSupport(td.publishDiagnostics),
    // A client that pulls may list the diagnostic details under `diagnostic` (3.18) or only under publishDiagnostics.
    pullDiagnostics: td.diagnostic ? diagnosticSupport(td.diagnostic, td.publishDiagnostics) : undefined,
    diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
    codeActions: { literals: td.codeAction?.codeActionLiteralSupport !== undefined, preferred: td.codeAction?.isPreferredSupport === true },
    applyEdit: caps.workspace?.applyEdit === true,
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    snippetEdits: (caps.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true,
    hierarchicalSymbols: td.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    prepareRename: td.rename?.prepareSupport === true,
    definitionLinks: td.definition?.linkSupport === true,
    linkTooltips: td.documentLink?.tooltipSupport === true,
    folding: {
      rangeLimit: typeof td.foldingRange?.rangeLimit === 'number' && td.foldingRange.rangeLimit >= 0 ? td.foldingRange.rangeLimit : undefined,
      kinds: td.foldingRange?.foldingRangeKind?.valueSet ? new Set(td.foldingRange.foldingRangeKind.valueSet) : undefined,
    },
    semanticTokens:
      tokens && relative && (full || range)
        ? {
            full,
            delta: full && typeof tokenRequests?.full === 'object' && tokenRequests.full.delta === true,
            range,
            types: known(tokens.tokenTypes),
            modifiers: known(tokens.tokenModifiers),
          }
        : undefined,
    configuration: caps.workspace?.configuration === true,
    watchConfig: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}

/** Everything a client may take: used where no client has spoken (the features' own tests, the CLI). */
export const FULL_DIAGNOSTIC_SUPPORT: DiagnosticSupport = { codeDescription: true, relatedInformation: true, tags: new Set([DiagnosticTag.Unnecessary, DiagnosticTag.Deprecated]) };

export function toRange(lines: LineIndex, r: TextRange): Range {
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

export function toOffset(lines: LineIndex, p: { line: number; character: number }): number {
  return lines.offsetAt(p);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(lines: LineIndex, d: Diagnostic, uri?: string, support: DiagnosticSupport = FULL_DIAGNOSTIC_SUPPORT): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(lines, d),
    severity: SEVERITY[d.severity],
    code: d.rule,
    source: 'berth',
    message: d.message,
  };
  if (d.url && support.codeDescription) out.codeDescription = { href: d.url };
  const tags: DiagnosticTag[] = [];
  if (d.tags?.includes('unnecessary') && support.tags.has(DiagnosticTag.Unnecessary)) tags.push(DiagnosticTag.Unnecessary);
  if (d.tags?.includes('deprecated') && support.tags.has(DiagnosticTag.Deprecated)) tags.push(DiagnosticTag.Deprecated);
  if (tags.length > 0) out.tags = tags;
  if (d.related && d.related.length > 0) {
    if (uri && support.relatedInformation) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(lines, r.range) }, message: r.message }));
    // A client that cannot show related places still gets to know where they are.
    else out.message += ` (${d.related.map((r) => `line ${lines.positionAt(r.range.start).line + 1}: ${r.message}`).join('; ')})`;
  }
  return out;
}

export function toTextEdits(lines: LineIndex, edits: readonly Edit[]): TextEdit[] {
  return edits.map((e) => ({ range: toRange(lines, e), newText: e.text }));
}

/**
 * Edits to one document: versioned `documentChanges` when the client takes them (stale edits are then refused).
 * With `snippets` (a quick fix, for a client that announced `snippetEditSupport`, LSP 3.18) an edit that marks a
 * placeholder becomes a SnippetTextEdit: the made-up name is `${1:name}`, selected for retyping, and since every
 * placeholder of the edits has index 1 they are one name, typed once. Otherwise plain text edits.
 */
export function toWorkspaceEdit(doc: { uri: string; version: number; lines: LineIndex }, edits: readonly Edit[], support: ClientSupport, snippets = false): WorkspaceEdit {
  if (snippets && support.snippetEdits && support.documentChanges && edits.some((e) => e.placeholder)) {
    return {
      documentChanges: [
        {
          textDocument: { uri: doc.uri, version: doc.version },
          edits: edits.map((e): TextEdit | SnippetTextEdit => {
            const range = toRange(doc.lines, e);
            const p = e.placeholder;
            if (!p) return { range, newText: e.text };
            const value = `${escapeSnippet(e.text.slice(0, p.start))}\${1:${escapeSnippet(e.text.slice(p.start, p.end))}}${escapeSnippet(e.text.slice(p.end))}`;
            return { range, snippet: { kind: 'snippet', value } };
          }),
        },
      ],
    };
  }
  const textEdits = toTextEdits(doc.lines, edits);
  if (support.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: textEdits }] };
  return { changes: { [doc.uri]: textEdits } };
}

/** Text taken literally inside a snippet: `\`, `$` and `}` are escaped. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

// --- Markup --------------------------------------------------------------------------------------------------

/** Markdown for a client that renders it, else the same text without the markup. */
export function toMarkup(markdown: string, format: MarkupFormat): MarkupContent {
  return format === 'markdown' ? { kind: 'markdown', value: markdown } : { kind: 'plaintext', value: markdownToPlain(markdown) };
}

/**
 * Markdown as plain text, for clients that show text as it is: no emphasis marks or backticks, links as
 * `text (address)`, code blocks without their fences, table rows as text.
 */
export function markdownToPlain(markdown: string): string {
  const out: string[] = [];
  let fence = false;
  for (const raw of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(raw);
      continue;
    }
    let line = raw;
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // a table's separator row
    if (/^\s*\|.*\|\s*$/.test(line))
      line = line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .join(': ');
    line = line
      .replace(/^(\s*)#{1,6}\s+/, '$1')
      .replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, href: string) => (label === '' || label === href ? href : `${label} (${href})`))
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      .replace(/(`+)(.+?)\1/g, (_m, _t, code: string) => code.trim() || code)
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[\s(])\*(?=\S)([^*]+?)(?<=\S)\*(?=$|[\s).,;:!?])/g, '$1$2')
      .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
    out.push(line);
  }
  return out.join('\n');
}

// --- Completion ------------------------------------------------------------------------------------------------

const COMPLETION_KINDS: Record<CompletionInfo['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  variable: CompletionItemKind.Variable,
  reference: CompletionItemKind.Reference,
  value: CompletionItemKind.Value,
  directive: CompletionItemKind.Keyword,
  comment: CompletionItemKind.Text,
  image: CompletionItemKind.Module,
};

/**
 * Snippet syntax as the text it stands for: a placeholder becomes its default text, a bare tab stop nothing,
 * a choice its first option, and escaped `$`, `}` and `\` themselves.
 */
export function snippetToPlain(snippet: string): string {
  let out = '';
  let i = 0;
  const body = (end: string): string => {
    let s = '';
    while (i < snippet.length && snippet[i] !== end) {
      if (snippet[i] === '\\' && i + 1 < snippet.length) {
        s += snippet[i + 1];
        i += 2;
      } else if (snippet[i] === '$') s += element();
      else s += snippet[i++];
    }
    i++; // the closing character
    return s;
  };
  const element = (): string => {
    // At a `$`.
    const rest = snippet.slice(i);
    const stop = /^\$(\d+)/.exec(rest);
    if (stop) {
      i += stop[0].length;
      return '';
    }
    const open = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!open) {
      i++;
      return '$';
    }
    i += open[0].length;
    if (snippet[i] === '}') {
      i++;
      return '';
    }
    if (snippet[i] === ':') {
      i++;
      return body('}');
    }
    if (snippet[i] === '|') {
      i++;
      const choices = body('|').split(',');
      if (snippet[i] === '}') i++;
      return choices[0] ?? '';
    }
    return '';
  };
  while (i < snippet.length) {
    if (snippet[i] === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1] as string)) {
      out += snippet[i + 1];
      i += 2;
    } else if (snippet[i] === '$') out += element();
    else out += snippet[i++];
  }
  return out;
}

export function toCompletionItems(items: readonly CompletionInfo[], lines: LineIndex, support: ClientSupport['completion']): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const c of items) {
    // A snippet-only item says nothing the plain keyword item does not: left out when it cannot be a snippet.
    if (c.kind === 'snippet' && !support.snippets) continue;
    const snippet = c.snippet === true && support.snippets;
    const newText = c.snippet && !snippet ? snippetToPlain(c.insert) : c.insert;
    let kind = COMPLETION_KINDS[c.kind];
    if (support.kinds ? !support.kinds.has(kind) : kind > CompletionItemKind.Reference) kind = CompletionItemKind.Text;
    const item: CompletionItem = {
      label: c.label,
      kind,
      textEdit:
        support.insertReplace && c.wordEnd !== undefined && c.wordEnd > c.replace.end
          ? { newText, insert: toRange(lines, c.replace), replace: toRange(lines, { start: c.replace.start, end: c.wordEnd }) }
          : { range: toRange(lines, c.replace), newText },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (newText.includes('\n') && support.insertAsIs) item.insertTextMode = InsertTextMode.asIs;
    if (c.detail) item.detail = c.detail;
    if (c.documentation) item.documentation = toMarkup(c.documentation, support.documentation);
    if (c.sortText) item.sortText = c.sortText;
    if (c.deprecated) {
      if (support.deprecatedTag) item.tags = [CompletionItemTag.Deprecated];
      else if (support.deprecatedProperty) item.deprecated = true;
    }
    out.push(item);
  }
  return out;
}

// --- Code actions, symbols, folding ----------------------------------------------------------------------------

/** The command a client without code action literals runs to apply an action's edit (the server applies it). */
export const APPLY_EDIT_COMMAND = 'berth.server.applyEdit';

export function toCodeActions(
  doc: { uri: string; version: number; lines: LineIndex },
  actions: readonly CodeActionInfo[],
  support: ClientSupport,
  diagnosticSupport: DiagnosticSupport,
): Array<CodeAction | Command> {
  return actions.map((a) => {
    // A quick fix may offer a made-up name as a placeholder; fix-all applies plain text.
    const edit = toWorkspaceEdit(doc, a.edits, support, a.kind === 'quickfix');
    if (!support.codeActions.literals) return { title: a.title, command: APPLY_EDIT_COMMAND, arguments: [edit] };
    const action: CodeAction = {
      title: a.title,
      kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
      edit,
      diagnostics: a.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri, diagnosticSupport)),
    };
    if (a.preferred && support.codeActions.preferred) action.isPreferred = true;
    return action;
  });
}

const SYMBOL_KINDS: Record<SymbolInfo['kind'], SymbolKind> = { stage: SymbolKind.Module, instruction: SymbolKind.Function, variable: SymbolKind.Variable };

/** The outline: a tree of stages for clients that take one, else a flat list naming each entry's stage. */
export function toDocumentSymbols(doc: { uri: string; lines: LineIndex }, symbols: readonly SymbolInfo[], support: ClientSupport): DocumentSymbol[] | SymbolInformation[] {
  if (support.hierarchicalSymbols) {
    const convert = (s: SymbolInfo): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: SYMBOL_KINDS[s.kind],
      range: toRange(doc.lines, s.range),
      selectionRange: toRange(doc.lines, s.selection),
      children: s.children.map(convert),
    });
    return symbols.map(convert);
  }
  const flat: SymbolInformation[] = [];
  const visit = (s: SymbolInfo, container: string | undefined): void => {
    flat.push({ name: s.name, kind: SYMBOL_KINDS[s.kind], location: { uri: doc.uri, range: toRange(doc.lines, s.range) }, ...(container ? { containerName: container } : {}) });
    for (const c of s.children) visit(c, s.name);
  };
  for (const s of symbols) visit(s, undefined);
  return flat;
}

/** Whole-line ranges (berth never folds part of a line); kinds the client knows; at most `rangeLimit` of them. */
export function toFoldingRanges(folds: readonly FoldInfo[], support: ClientSupport['folding']): FoldingRange[] {
  const out = folds.map((f): FoldingRange => (f.kind && (!support.kinds || support.kinds.has(f.kind)) ? { startLine: f.startLine, endLine: f.endLine, kind: f.kind } : { startLine: f.startLine, endLine: f.endLine }));
  return support.rangeLimit !== undefined ? out.slice(0, support.rangeLimit) : out;
}
