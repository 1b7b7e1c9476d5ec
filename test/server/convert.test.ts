/**
 * convert.ts: what the server sends depends on what the client said it can take. Each capability is checked here
 * with it and without it; whole sessions are in lsp-stdio.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ClientCapabilities } from 'vscode-languageserver';
import { LineIndex } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { completions } from '../../server/features/completion.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { foldingRanges } from '../../server/features/folding.js';
import { documentSymbols } from '../../server/features/symbols.js';
import {
  clientSupport,
  markdownToPlain,
  snippetToPlain,
  toCompletionItems,
  toDocumentSymbols,
  toFoldingRanges,
  toLspDiagnostic,
  toMarkup,
  toWorkspaceEdit,
} from '../../server/convert.js';
import { cursor } from '../helpers/fixture.js';

const docOf = (text: string): AnalyzedDocument => new AnalyzedDocument('file:///x/Dockerfile', 3, text, defaultConfig());
const NOTHING = clientSupport({});

describe('clientSupport', () => {
  it('a client that says nothing gets the basics only', () => {
    expect(NOTHING.completion).toMatchObject({ snippets: false, documentation: 'plaintext', deprecatedTag: false, deprecatedProperty: false, insertReplace: false, insertAsIs: false });
    expect(NOTHING.hover).toBe('plaintext');
    expect(NOTHING.pushDiagnostics).toEqual({ codeDescription: false, relatedInformation: false, tags: new Set() });
    expect(NOTHING.pullDiagnostics).toBeUndefined();
    expect(NOTHING).toMatchObject({ applyEdit: false, documentChanges: false, hierarchicalSymbols: false, prepareRename: false, definitionLinks: false, linkTooltips: false, semanticTokens: undefined });
    expect(NOTHING.codeActions).toEqual({ literals: false, preferred: false });
  });

  it('markup: the first of the formats the client lists that berth can write', () => {
    expect(clientSupport({ textDocument: { hover: { contentFormat: ['plaintext', 'markdown'] } } }).hover).toBe('plaintext');
    expect(clientSupport({ textDocument: { hover: { contentFormat: ['markdown'] } } }).hover).toBe('markdown');
    expect(clientSupport({ textDocument: { completion: { completionItem: { documentationFormat: ['markdown'] } } } }).completion.documentation).toBe('markdown');
    expect(clientSupport({ textDocument: { signatureHelp: { signatureInformation: { documentationFormat: ['markdown'] } } } }).signatureDocumentation).toBe('markdown');
  });

  it('pull diagnostics read their own details, else those of publishDiagnostics', () => {
    const both = clientSupport({ textDocument: { diagnostic: { codeDescriptionSupport: false }, publishDiagnostics: { codeDescriptionSupport: true, relatedInformation: true } } });
    expect(both.pullDiagnostics).toEqual({ codeDescription: false, relatedInformation: true, tags: new Set() });
  });

  it('semantic tokens only when asked for, in the relative format, with the requests the client makes', () => {
    expect(clientSupport({ textDocument: { semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } } }).semanticTokens).toMatchObject({ full: true, delta: false, range: false });
    expect(clientSupport({ textDocument: { semanticTokens: { requests: { range: true }, tokenTypes: ['keyword'], tokenModifiers: [], formats: ['relative'] } } }).semanticTokens).toMatchObject({ full: false, range: true, types: new Set(['keyword']) });
    expect(clientSupport({ textDocument: { semanticTokens: { requests: { full: { delta: true } }, tokenTypes: [], tokenModifiers: [], formats: ['absolute' as 'relative'] } } }).semanticTokens).toBeUndefined();
    expect(clientSupport({ textDocument: { semanticTokens: { requests: {}, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } } }).semanticTokens).toBeUndefined();
  });
});

describe('plain text for clients without Markdown or snippets', () => {
  it('snippets become the text they stand for', () => {
    expect(snippetToPlain('ARG ${1:NAME}=${2:value}')).toBe('ARG NAME=value');
    expect(snippetToPlain('RUN <<EOF\n${1:set -e}\nEOF')).toBe('RUN <<EOF\nset -e\nEOF');
    expect(snippetToPlain('CMD ["${1:program}", "$2"]$0')).toBe('CMD ["program", ""]');
    expect(snippetToPlain('${1|linux/amd64,linux/arm64|}')).toBe('linux/amd64');
    expect(snippetToPlain('${1:outer ${2:inner}}')).toBe('outer inner');
    expect(snippetToPlain('echo \\$HOME \\} \\\\ ${TM_FILENAME}')).toBe('echo $HOME } \\ ');
    expect(snippetToPlain('a $ b')).toBe('a $ b');
  });

  it('markdown loses its marks, keeps its words and addresses', () => {
    expect(markdownToPlain('**EXPOSE** `8080/tcp` — see [the docs](https://docs.docker.com/x) and <https://example.test/y>')).toBe('EXPOSE 8080/tcp — see the docs (https://docs.docker.com/x) and https://example.test/y');
    expect(markdownToPlain('# Title\n\n```dockerfile\nRUN echo **not bold**\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |')).toBe('Title\n\nRUN echo **not bold**\n\na: b\n1: 2');
    expect(markdownToPlain('snake_case_name and *emphasis* and 2 * 3 * 4')).toBe('snake_case_name and emphasis and 2 * 3 * 4');
    expect(toMarkup('**x**', 'markdown')).toEqual({ kind: 'markdown', value: '**x**' });
    expect(toMarkup('**x**', 'plaintext')).toEqual({ kind: 'plaintext', value: 'x' });
  });
});

describe('completion items', () => {
  const at = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    const doc = docOf(text);
    return { doc, list: completions(doc, offset) };
  };

  it('without snippet support: no snippet-only items, and snippet text becomes plain text', () => {
    const { doc, list } = at('FROM alpine:3.20\n$0');
    const items = toCompletionItems(list, doc.lines, NOTHING.completion);
    expect(items.every((i) => i.insertTextFormat === 1 && i.kind !== 15)).toBe(true);
    expect(items.filter((i) => i.kind === 14)).toHaveLength(18);
    const withSnippet = [{ label: 'x', kind: 'value' as const, insert: 'COPY --from=${1:stage} ${2:src} ${3:dest}', snippet: true, replace: { start: 17, end: 17 } }];
    expect(toCompletionItems(withSnippet, doc.lines, NOTHING.completion)[0]?.textEdit).toMatchObject({ newText: 'COPY --from=stage src dest' });
    const full = toCompletionItems(list, doc.lines, { ...NOTHING.completion, snippets: true });
    expect(full.some((i) => i.kind === 15 && i.insertTextFormat === 2)).toBe(true);
  });

  it('deprecated: the tag, else the old property, else nothing; kinds the client lacks fall back to Text', () => {
    const { doc, list } = at('FROM alpine:3.20\nMA$0');
    const maintainer = (support: typeof NOTHING.completion) => toCompletionItems(list, doc.lines, support).find((i) => i.label === 'MAINTAINER');
    expect(maintainer(NOTHING.completion)).not.toHaveProperty('tags');
    expect(maintainer(NOTHING.completion)).not.toHaveProperty('deprecated');
    expect(maintainer({ ...NOTHING.completion, deprecatedProperty: true })?.deprecated).toBe(true);
    expect(maintainer({ ...NOTHING.completion, deprecatedTag: true, deprecatedProperty: true })).toMatchObject({ tags: [1] });
    expect(maintainer({ ...NOTHING.completion, kinds: new Set([1, 6]) })?.kind).toBe(1);
  });

  it('insert-or-replace only for clients that take it; heredocs inserted as they are', () => {
    const { doc, list } = at('FROM alpine:3.20\nRU$0N x\n');
    const plain = toCompletionItems(list, doc.lines, NOTHING.completion).find((i) => i.label === 'RUN');
    expect(plain?.textEdit).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: 'RUN ' });
    const ir = toCompletionItems(list, doc.lines, { ...NOTHING.completion, insertReplace: true }).find((i) => i.label === 'RUN');
    expect(ir?.textEdit).toMatchObject({ insert: { end: { character: 2 } }, replace: { end: { character: 3 } } });
    const heredoc = toCompletionItems(list, doc.lines, { ...NOTHING.completion, snippets: true, insertAsIs: true }).find((i) => i.insertTextFormat === 2 && JSON.stringify(i.textEdit).includes('<<EOF'));
    expect(heredoc?.insertTextMode).toBe(1);
    expect(toCompletionItems(list, doc.lines, { ...NOTHING.completion, snippets: true }).find((i) => JSON.stringify(i.textEdit).includes('<<EOF'))).not.toHaveProperty('insertTextMode');
  });
});

describe('diagnostics, edits, symbols, folding', () => {
  const text = 'FROM alpine:3.20 AS Build\nCMD ["a"]\nCMD ["b"]\nMAINTAINER me\n';
  const doc = docOf(text);

  it('code links, tags and related places only for clients that take them', () => {
    const multiple = doc.diagnostics.find((d) => d.rule === 'multiple-cmd');
    if (!multiple) throw new Error('no multiple-cmd finding');
    const bare = toLspDiagnostic(doc.lines, multiple, doc.uri, NOTHING.pushDiagnostics);
    expect(bare).not.toHaveProperty('codeDescription');
    expect(bare).not.toHaveProperty('tags');
    expect(bare).not.toHaveProperty('relatedInformation');
    expect(bare.message).toBe(`${multiple.message} (line 3: ${multiple.related?.[0]?.message})`);
    const rich = toLspDiagnostic(doc.lines, multiple, doc.uri, { codeDescription: true, relatedInformation: true, tags: new Set([1]) });
    expect(rich).toMatchObject({ codeDescription: { href: multiple.url }, tags: [1], message: multiple.message });
    expect(rich.relatedInformation).toHaveLength(1);
    const onlyDeprecated = doc.diagnostics.find((d) => d.tags?.includes('unnecessary'));
    expect(onlyDeprecated && toLspDiagnostic(doc.lines, onlyDeprecated, doc.uri, { codeDescription: false, relatedInformation: false, tags: new Set([2]) })).not.toHaveProperty('tags');
  });

  it('workspace edits: versioned documentChanges when the client takes them, else changes', () => {
    const edits = [{ start: 20, end: 25, text: 'build' }];
    expect(toWorkspaceEdit(doc, edits, NOTHING)).toEqual({ changes: { [doc.uri]: [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 25 } }, newText: 'build' }] } });
    expect(toWorkspaceEdit(doc, edits, { ...NOTHING, documentChanges: true })).toEqual({
      documentChanges: [{ textDocument: { uri: doc.uri, version: 3 }, edits: [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 25 } }, newText: 'build' }] }],
    });
  });

  it('symbols: a tree for clients that take one, else a flat list naming each entry’s stage', () => {
    const tree = toDocumentSymbols(doc, documentSymbols(doc), { ...NOTHING, hierarchicalSymbols: true }) as Array<{ name: string; children?: unknown[] }>;
    expect(tree.map((s) => [s.name, s.children?.length])).toEqual([['Build', 3]]);
    const flat = toDocumentSymbols(doc, documentSymbols(doc), NOTHING) as Array<{ name: string; containerName?: string; location: unknown }>;
    expect(flat.map((s) => [s.name, s.containerName])).toEqual([
      ['Build', undefined],
      ['CMD', 'Build'],
      ['CMD', 'Build'],
      ['MAINTAINER', 'Build'],
    ]);
  });

  it('folding: at most rangeLimit ranges, only kinds the client knows', () => {
    const folds = foldingRanges(docOf('# a\n# b\nFROM alpine:3.20\nRUN a \\\n  b\n'));
    expect(toFoldingRanges(folds, { rangeLimit: undefined, kinds: undefined })).toEqual([
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 4, kind: 'region' },
      { startLine: 3, endLine: 4 },
    ]);
    expect(toFoldingRanges(folds, { rangeLimit: 1, kinds: undefined })).toHaveLength(1);
    expect(toFoldingRanges(folds, { rangeLimit: undefined, kinds: new Set(['comment']) })[1]).toEqual({ startLine: 2, endLine: 4 });
  });
});

describe('toWorkspaceEdit: a made-up name as a snippet placeholder', () => {
  const lines = new LineIndex('FROM a\r\nCOPY --from=0 😀 /x\r\n');
  const doc = { uri: 'file:///D', version: 3, lines };
  const edits = [
    { start: 6, end: 6, text: ' AS ${x}\\', placeholder: { start: 4, end: 8 } },
    { start: 20, end: 21, text: '}' },
  ];
  const SNIPPETS = clientSupport({ workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } } as ClientCapabilities);

  it('placeholders become ${1:…} with `$`, `}` and `\\` escaped around and inside; other edits stay plain', () => {
    expect(toWorkspaceEdit(doc, edits, SNIPPETS, true)).toEqual({
      documentChanges: [
        {
          textDocument: { uri: 'file:///D', version: 3 },
          edits: [
            { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, snippet: { kind: 'snippet', value: ' AS ${1:\\${x\\}}\\\\' } },
            { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, newText: '}' },
          ],
        },
      ],
    });
  });

  it('without snippet edit support, for fix-all, or without placeholders: plain text edits', () => {
    const plain = {
      changes: {
        'file:///D': [
          { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, newText: ' AS ${x}\\' },
          { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, newText: '}' },
        ],
      },
    };
    expect(toWorkspaceEdit(doc, edits, NOTHING, true)).toEqual(plain);
    expect(toWorkspaceEdit(doc, edits, clientSupport({ workspace: { workspaceEdit: { snippetEditSupport: true } } } as ClientCapabilities), true)).toEqual(plain);
    expect(toWorkspaceEdit(doc, edits, SNIPPETS, false).documentChanges?.[0]).not.toHaveProperty('edits.0.snippet');
    expect(toWorkspaceEdit(doc, [edits[1] as (typeof edits)[number]], SNIPPETS, true).documentChanges?.[0]).toMatchObject({ edits: [{ newText: '}' }] });
  });
});
