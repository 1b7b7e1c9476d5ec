/**
 * `--format gnu`: the GNU coding standards' error message format (https://www.gnu.org/prep/standards/html_node/Errors.html),
 * the one compilers print and Emacs' compilation mode, Vim's quickfix list and most IDEs read:
 *
 *     Dockerfile:4:13: warning: `--from=0` refers to a stage by its position; use its name `build` [copy-from-index]
 *
 * As the standard asks: lines and columns start at 1; a column counts what the line shows before it (tab stops every
 * 8 columns, wide characters two, combining marks none), not UTF-16 code units; the message does not start with a
 * capital letter (it continues the line) or end with a period. The level is `error`, `warning`, `info`, or `note`
 * for berth's `style` (the word compilers use for the lowest level). The rule follows in brackets, as GCC does.
 */
import type { Severity } from '../../rules/define.js';
import type { FileReport } from './model.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', style: 'note' };
const TAB = 8;

/** East Asian wide and fullwidth characters, and emoji shown as pictures: two columns each. */
const WIDE =
  /[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{1f004}\u{1f0cf}\u{1f18e}\u{1f191}-\u{1f19a}\u{1f200}-\u{1f251}\u{1f300}-\u{1f64f}\u{1f680}-\u{1f6ff}\u{1f7e0}-\u{1f7eb}\u{1f90c}-\u{1f9ff}\u{1fa70}-\u{1faff}\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}]/u;
/** Combining marks, zero-width joiners and variation selectors: no column of their own. */
const ZERO = /[\p{Mn}\p{Me}\u200b-\u200f\u2060-\u2064\ufeff]/u;

/** The 1-based display column of UTF-16 offset `at` in `line` (the line's text, without its line break). */
export function gnuColumn(line: string, at: number): number {
  let col = 0;
  for (const ch of line.slice(0, at)) {
    if (ch === '\t') col = (Math.floor(col / TAB) + 1) * TAB;
    else if (ZERO.test(ch)) continue;
    else col += WIDE.test(ch) ? 2 : 1;
  }
  return col + 1;
}

/** A message as the standard wants it after `file:line:col:`: no leading capital (unless a name), no final period. */
export function gnuMessage(message: string): string {
  const flat = message.replace(/\s*\r?\n\s*/g, ' ');
  const lowered = flat.replace(/^([A-Z][a-z]*)(?=[\s,.:;!?]|$)/, (w) => (PROPER.has(w) ? w : w.toLowerCase()));
  return lowered.replace(/(?<![.\u2026])\.$/, '');
}

/** Words that keep their capital at the start of a message. */
const PROPER = new Set(['Docker', 'Debian', 'Ubuntu', 'Alpine', 'Fedora', 'Go', 'Node', 'Python', 'Ruby', 'Windows', 'Linux', 'GitHub']);

export function gnu(reports: readonly FileReport[]): string {
  let out = '';
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const p = r.lines.positionAt(d.start);
      const lineText = r.text.slice(r.lines.lineStart(p.line), r.lines.lineContentEnd(p.line));
      out += `${r.path}:${p.line + 1}:${gnuColumn(lineText, p.character)}: ${LEVEL[d.severity]}: ${gnuMessage(d.message)} [${d.rule}]\n`;
    }
  }
  return out;
}
