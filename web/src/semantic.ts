/**
 * Semantic highlighting: the server's semantic tokens (textDocument/semanticTokens/full) as CodeMirror marks, one
 * class per token type and modifier (`cm-sem-keyword`, `cm-sem-mod-deprecated`), coloured by the page's CSS over
 * the plain Dockerfile mode. lsp-client does not ask for them itself.
 */
import { LSPPlugin, type LSPClient } from '@codemirror/lsp-client';
import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';

const setTokens = StateEffect.define<DecorationSet>();

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setTokens)) return e.value;
    return tr.docChanged ? value.map(tr.changes) : value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Turns LSP's relative token data into marks on the document the server saw, mapped to the text now. */
export function decorate(data: readonly number[], legend: lsp.SemanticTokensLegend, plugin: LSPPlugin): DecorationSet {
  const marks: Range<Decoration>[] = [];
  const doc = plugin.syncedDoc;
  let line = 0;
  let char = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const dLine = data[i]!;
    const dChar = data[i + 1]!;
    const length = data[i + 2]!;
    const type = legend.tokenTypes[data[i + 3]!];
    const mods = data[i + 4]!;
    line += dLine;
    char = dLine === 0 ? char + dChar : dChar;
    if (line + 1 > doc.lines || length <= 0 || !type) continue;
    const from = plugin.fromPosition({ line, character: char }, doc);
    const to = Math.min(plugin.fromPosition({ line, character: char + length }, doc), doc.line(line + 1).to);
    if (to <= from) continue;
    const classes = [`cm-sem-${type}`];
    legend.tokenModifiers.forEach((m, bit) => {
      if (mods & (1 << bit)) classes.push(`cm-sem-mod-${m}`);
    });
    marks.push(Decoration.mark({ class: classes.join(' ') }).range(plugin.unsyncedChanges.mapPos(from, 1), plugin.unsyncedChanges.mapPos(to, -1)));
  }
  return Decoration.set(marks.filter((m) => m.to > m.from), true);
}

export function semanticTokens(client: LSPClient): { extension: Extension; refresh(view: EditorView): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const refresh = (view: EditorView): void => {
    const mine = ++generation;
    const plugin = LSPPlugin.get(view);
    const legend = (client.serverCapabilities?.semanticTokensProvider as lsp.SemanticTokensOptions | undefined)?.legend;
    if (!plugin || !legend) return;
    client.sync();
    client
      .request<lsp.SemanticTokensParams, lsp.SemanticTokens | null>('textDocument/semanticTokens/full', { textDocument: { uri: plugin.uri } })
      .then((result) => {
        if (mine !== generation || !result) return;
        view.dispatch({ effects: setTokens.of(decorate(result.data, legend, plugin)) });
      })
      .catch(() => undefined);
  };
  const listener = EditorView.updateListener.of((u) => {
    if (!u.docChanged) return;
    clearTimeout(timer);
    timer = setTimeout(() => refresh(u.view), 60);
  });
  return { extension: [field, listener], refresh };
}
