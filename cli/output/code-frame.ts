/**
 * A code frame: the offending line with a gutter and a caret line under the range. Tabs are expanded for
 * display (carets stay aligned), `\r` is not shown, long lines are windowed around the range.
 */
import type { LineIndex, TextRange } from '../../grammar/index.js';

const TAB = 4;
const MAX_WIDTH = 120;

/** Display width with tabs expanded to the next multiple of TAB. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch === '\t' ? TAB - (w % TAB) : 1;
  return w;
}

function expandTabs(s: string): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const n = TAB - (w % TAB);
      out += ' '.repeat(n);
      w += n;
    } else {
      out += ch;
      w += 1;
    }
  }
  return out;
}

export interface FrameStyle {
  dim(s: string): string;
  mark(s: string): string;
}

export const plainStyle: FrameStyle = { dim: (s) => s, mark: (s) => s };

export function codeFrame(text: string, lines: LineIndex, range: TextRange, style: FrameStyle = plainStyle): string {
  const start = lines.positionAt(range.start);
  const end = lines.positionAt(range.end);
  const lineStart = lines.lineStart(start.line);
  const full = text.slice(lineStart, lines.lineContentEnd(start.line)).replace(/\r/g, ' ');
  const caretFrom = Math.min(range.start - lineStart, full.length);
  const caretTo = end.line === start.line ? Math.max(caretFrom, range.end - lineStart) : full.length;
  let from = 0;
  let to = full.length;
  if (displayWidth(full) > MAX_WIDTH) {
    from = Math.max(0, Math.min(caretFrom - 20, full.length - (MAX_WIDTH - 2)));
    to = Math.min(full.length, from + MAX_WIDTH - 2);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < full.length ? '…' : '';
  const before = prefix + full.slice(from, Math.max(from, caretFrom));
  const marked = full.slice(Math.max(from, caretFrom), Math.max(Math.max(from, caretFrom), Math.min(caretTo, to)));
  const wBefore = displayWidth(before);
  const carets = Math.max(1, displayWidth(before + marked) - wBefore);
  const gutter = String(start.line + 1);
  const more = end.line > start.line ? style.dim(` (continues to line ${end.line + 1})`) : '';
  return [
    `${style.dim(`${gutter} |`)} ${expandTabs(prefix + full.slice(from, to) + suffix)}`,
    `${style.dim(`${' '.repeat(gutter.length)} |`)} ${' '.repeat(wBefore)}${style.mark('^'.repeat(carets))}${more}`,
  ].join('\n');
}
