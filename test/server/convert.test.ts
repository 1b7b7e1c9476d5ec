/** convert.ts: core edits to LSP workspace edits, with snippet placeholders only where the client takes them. */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../grammar/index.js';
import { toWorkspaceEdit } from '../../server/convert.js';

describe('toWorkspaceEdit', () => {
  const lines = new LineIndex('FROM a\r\nCOPY --from=0 😀 /x\r\n');
  const edits = [
    { start: 6, end: 6, text: ' AS ${x}\\', placeholder: { start: 4, end: 8 } },
    { start: 20, end: 21, text: '}' },
  ];

  it('placeholders become ${1:…} with `$`, `}` and `\\` escaped around and inside; other edits stay plain', () => {
    expect(toWorkspaceEdit('file:///D', 3, lines, edits, true)).toEqual({
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

  it('without snippet support, or without placeholders: plain text edits', () => {
    const plain = toWorkspaceEdit('file:///D', 3, lines, edits, false);
    expect(plain).toEqual({
      changes: {
        'file:///D': [
          { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, newText: ' AS ${x}\\' },
          { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, newText: '}' },
        ],
      },
    });
    expect(toWorkspaceEdit('file:///D', 3, lines, [edits[1] as (typeof edits)[number]], true)).toHaveProperty('changes');
  });
});
