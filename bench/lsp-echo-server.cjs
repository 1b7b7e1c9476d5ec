// bench/lsp's protocol floor: a language server on vscode-languageserver that answers every open and change at once
// with the same diagnostics (berth's for the bench file, from the file named by BERTH_ECHO_DIAGNOSTICS) and does
// nothing else. Its keystroke → diagnostics time is what the protocol costs before any analysis: the two processes,
// the pipe, JSON both ways.
'use strict';
const { readFileSync } = require('node:fs');
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node');

const diagnostics = JSON.parse(readFileSync(process.env.BERTH_ECHO_DIAGNOSTICS, 'utf8'));
const conn = createConnection(ProposedFeatures.all);
conn.onInitialize(() => ({ capabilities: { textDocumentSync: 2, hoverProvider: true, completionProvider: {} } }));
const publish = (p) => conn.sendDiagnostics({ uri: p.textDocument.uri, version: p.textDocument.version, diagnostics });
conn.onDidOpenTextDocument(publish);
conn.onDidChangeTextDocument(publish);
conn.onHover(() => null);
conn.onCompletion(() => []);
conn.listen();
