/**
 * A variable's value as a feature shows it in one short line (a completion item's detail, a hover): an ARG that
 * doubles its value on each line reaches megabytes, and a newline in a value would break the line it is shown on.
 */

/** How many UTF-16 code units of a value are shown, the ellipsis included. */
export const VALUE_PREVIEW_LENGTH = 60;

/** Whitespace, line and paragraph separators included (and NEL, which `\s` leaves out): shown as one space. */
const BLANKS = /[\s\u0085]+/g;

/**
 * `value` on one line (each run of whitespace and line breaks one space), cut to `max` code units with `…` at the
 * end when longer, never between the halves of a surrogate pair. Reads at most a bounded prefix of `value`.
 */
export function valuePreview(value: string, max: number = VALUE_PREVIEW_LENGTH): string {
  // Blanks only shrink the text, so a prefix this long holds all that can be shown unless it is mostly blanks;
  // then the value is shown as far as the prefix goes and marked as cut.
  const window = Math.max(max * 16, 1024);
  const cutShort = value.length > window;
  const one = (cutShort ? value.slice(0, window) : value).replace(BLANKS, ' ');
  if (one.length <= max && !cutShort) return one;
  let cut = Math.min(one.length, max - 1);
  const last = one.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${one.slice(0, cut)}…`;
}
