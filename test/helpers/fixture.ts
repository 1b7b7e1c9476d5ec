/**
 * Test fixtures: `df` dedents a template literal so Dockerfiles can be written indented in tests; `crlf` turns
 * LF line endings into CRLF for the twin of a test; `cursor` finds and removes a `$0` marker.
 */

/** Dedents a template literal and drops its first and last line if they are empty. */
export function df(strings: TemplateStringsArray, ...values: unknown[]): string {
  let raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  // Template raw strings keep backslashes as written; a Dockerfile wants them literally, so no unescaping.
  raw = raw.replace(/\\`/g, '`').replace(/\\\$\{/g, '${');
  const lines = raw.split('\n');
  if (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ ]*/.exec(l)![0].length));
  const body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  return body + '\n';
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Removes the `$0` marker and returns the text and its offset. */
export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 cursor');
  return { text: text.slice(0, offset) + text.slice(offset + 2), offset };
}
