/**
 * Feature: semantic tokens. Classifies the lossless tree's tokens (keywords, flags, directives, comments, JSON
 * strings, keys, heredoc markers), stage names and variable references. The legend is exported and is exactly what
 * `semanticTokens` emits (a test checks it). Tokens never span lines: a multi-line token is cut at line breaks.
 */
import { analyze, type LineIndex, type TextRange } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type TokenModifier, type TokenType } from './token-legend.js';

export { TOKEN_MODIFIERS, TOKEN_TYPES, type TokenModifier, type TokenType } from './token-legend.js';

export interface SemanticToken {
  start: number;
  end: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

const BY_KIND: Partial<Record<string, TokenType>> = {
  Keyword: 'keyword',
  AsKeyword: 'keyword',
  HealthcheckType: 'keyword',
  FlagName: 'parameter',
  FlagValue: 'string',
  Comment: 'comment',
  Hash: 'macro',
  DirectiveName: 'macro',
  DirectiveValue: 'string',
  JsonString: 'string',
  JsonValue: 'number',
  Key: 'property',
  HeredocMarker: 'operator',
  HeredocEnd: 'operator',
  Continuation: 'operator',
};

/** Every classified token of the document in order, optionally only those touching `range`. */
export function semanticTokens(doc: AnalyzedDocument, range?: TextRange): SemanticToken[] {
  const out: SemanticToken[] = [];
  const model = analyze(doc.parse);
  const special: SemanticToken[] = [];
  for (const s of model.stages) {
    if (s.nameRange) special.push({ start: s.nameRange.start, end: s.nameRange.end, type: 'namespace', modifiers: ['declaration'] });
    if (s.base.stage) special.push({ start: s.base.range.start, end: s.base.range.end, type: 'namespace', modifiers: [] });
  }
  for (const l of model.links) if (l.target) special.push({ start: l.range.start, end: l.range.end, type: 'namespace', modifiers: [] });
  for (const r of model.references) special.push({ start: r.range.start, end: r.range.end, type: 'variable', modifiers: r.binding?.source === 'builtin' ? ['defaultLibrary'] : [] });
  for (const d of model.declarations) special.push({ start: d.nameRange.start, end: d.nameRange.end, type: 'variable', modifiers: ['declaration'] });
  special.sort((a, b) => a.start - b.start || b.end - a.end);

  const covered = (start: number, end: number): boolean => special.some((s) => s.start < end && start < s.end);
  for (const t of doc.parse.tree.allTokens()) {
    const type = BY_KIND[t.kind];
    if (!type) continue;
    if (range && (t.end < range.start || t.start > range.end)) continue;
    // Stage names and variables inside a flag value or a word are classified by the model instead.
    if ((t.kind === 'FlagValue' || t.kind === 'Key') && covered(t.start, t.end)) continue;
    out.push({ start: t.start, end: t.end, type, modifiers: [] });
  }
  for (const s of special) if (!range || (s.end >= range.start && s.start <= range.end)) out.push(s);
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  // Drop overlaps (the first wins), then cut tokens at line breaks.
  const flat: SemanticToken[] = [];
  let until = -1;
  for (const t of out) {
    if (t.start < until) continue;
    flat.push(t);
    until = t.end;
  }
  return flat.flatMap((t) => splitLines(doc.text, t));
}

function splitLines(text: string, t: SemanticToken): SemanticToken[] {
  const parts: SemanticToken[] = [];
  let s = t.start;
  for (let i = t.start; i < t.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (i > s) parts.push({ ...t, start: s, end: i });
      s = i + 1;
    }
  }
  if (t.end > s) parts.push({ ...t, start: s, end: t.end });
  return parts;
}

/**
 * LSP's relative encoding: [deltaLine, deltaStartChar, length, type, modifiers] per token, in UTF-16 units. With a
 * legend (the client knows only part of ours), indices follow it and tokens of a type outside it are left out.
 */
export function encodeTokens(tokens: readonly SemanticToken[], lines: LineIndex, legend?: { tokenTypes: readonly string[]; tokenModifiers: readonly string[] }): number[] {
  const types: readonly string[] = legend?.tokenTypes ?? TOKEN_TYPES;
  const modifiers: readonly string[] = legend?.tokenModifiers ?? TOKEN_MODIFIERS;
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const type = types.indexOf(t.type);
    if (type < 0) continue;
    const start = lines.positionAt(t.start);
    const end = lines.positionAt(t.end);
    const length = end.line === start.line ? end.character - start.character : 0;
    if (length <= 0) continue;
    const dl = start.line - prevLine;
    const dc = dl === 0 ? start.character - prevChar : start.character;
    let mods = 0;
    for (const m of t.modifiers) {
      const bit = modifiers.indexOf(m);
      if (bit >= 0) mods |= 1 << bit;
    }
    data.push(dl, dc, length, type, mods);
    prevLine = start.line;
    prevChar = start.character;
  }
  return data;
}
