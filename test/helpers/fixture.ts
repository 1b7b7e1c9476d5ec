/**
 * Test fixtures: `df` dedents a template literal so Dockerfiles can be written indented in tests; `crlf` turns
 * LF line endings into CRLF for the twin of a test; `cursor` finds and removes a `$0` marker.
 */

/** Dedents a template literal (the same helper rule examples use). */
export { df } from '../../rules/define.js';

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Removes the `$0` marker and returns the text and its offset. */
export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 cursor');
  return { text: text.slice(0, offset) + text.slice(offset + 2), offset };
}
