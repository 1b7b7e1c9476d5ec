/**
 * The part of EditorConfig (https://editorconfig.org, its specification) that `berth format` reads: for a file,
 * the `.editorconfig` files from its folder up to the first one that says `root = true`, their sections applied
 * in order (the file nearest the Dockerfile last) when their glob matches the file's path; of the properties,
 * `indent_style`, `indent_size` and `tab_width`. `end_of_line` is not applied: the formatter keeps each file's
 * line breaks as they are. A file that cannot be read is skipped, as editors skip it.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What EditorConfig says about indentation, for the formatter. */
export interface EditorconfigIndent {
  indentStyle?: 'space' | 'tab';
  indentWidth?: number;
}

interface Section {
  glob: string;
  props: Map<string, string>;
}

interface ParsedFile {
  root: boolean;
  sections: Section[];
}

/** Parses `.editorconfig` text: `[glob]` sections of `key = value`, `#` and `;` comment lines; keys lower-cased. */
export function parseEditorconfig(text: string): ParsedFile {
  const out: ParsedFile = { root: false, sections: [] };
  let current: Section | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      current = { glob: header[1] as string, props: new Map() };
      out.sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (current) current.props.set(key, value);
    else if (key === 'root') out.root = value.toLowerCase() === 'true';
  }
  return out;
}

/** The regular expression of an EditorConfig glob (`*`, `**`, `?`, `[…]`, `[!…]`, `{a,b}`, `{1..9}`, `\`). */
export function globToRegExp(glob: string): RegExp {
  let i = 0;
  const special = /[.*+?^${}()|[\]\\/]/g;
  const lit = (s: string): string => s.replace(special, '\\$&');
  // `{a,b}` alternatives, nested; a brace without a matching close or comma is literal.
  const parse = (stopAtBrace: boolean): { source: string; closed: boolean; alternatives: string[] } => {
    const alternatives: string[] = [];
    let source = '';
    while (i < glob.length) {
      const c = glob[i] as string;
      if (c === '\\' && i + 1 < glob.length) {
        source += lit(glob[i + 1] as string);
        i += 2;
      } else if (c === '*') {
        if (glob[i + 1] === '*') {
          // `**/` also matches no folder at all.
          if (glob[i + 2] === '/') {
            source += '(?:.*/)?';
            i += 3;
          } else {
            source += '.*';
            i += 2;
          }
        } else {
          source += '[^/]*';
          i++;
        }
      } else if (c === '?') {
        source += '[^/]';
        i++;
      } else if (c === '[') {
        const close = glob.indexOf(']', i + 1);
        const body = close < 0 ? '' : glob.slice(i + 1, close);
        if (close < 0 || body.includes('/')) {
          source += '\\[';
          i++;
        } else {
          const negate = body.startsWith('!') || body.startsWith('^');
          const chars = (negate ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
          source += negate ? `[^/${chars}]` : `[${chars}]`;
          i = close + 1;
        }
      } else if (c === '{') {
        const range = /^\{(-?\d+)\.\.(-?\d+)\}/.exec(glob.slice(i));
        if (range) {
          const [a, b] = [Number(range[1]), Number(range[2])];
          source += `(?:${numbers(Math.min(a, b), Math.max(a, b))})`;
          i += range[0].length;
          continue;
        }
        const start = i;
        i++;
        const inner = parse(true);
        if (inner.closed && inner.alternatives.length > 1) source += `(?:${inner.alternatives.join('|')})`;
        else if (inner.closed) source += `\\{${inner.alternatives.join('')}\\}`;
        else {
          // No closing brace: the brace is a character, and what follows it is read again as it is.
          i = start + 1;
          source += '\\{';
        }
      } else if (c === ',' && stopAtBrace) {
        alternatives.push(source);
        source = '';
        i++;
      } else if (c === '}' && stopAtBrace) {
        alternatives.push(source);
        i++;
        return { source: '', closed: true, alternatives };
      } else {
        source += lit(c);
        i++;
      }
    }
    alternatives.push(source);
    return { source, closed: false, alternatives };
  };
  const whole = parse(false);
  return new RegExp(`^${whole.source}$`);
}

function numbers(from: number, to: number): string {
  const out: string[] = [];
  for (let n = from; n <= to && out.length < 10_000; n++) out.push(String(n));
  return out.join('|');
}

/** Whether a section's glob matches `path` (relative to the .editorconfig's folder, `/`-separated). */
export function sectionMatches(glob: string, path: string): boolean {
  // A glob without a slash matches the name at any depth; with one, it is relative to the file's folder.
  let g = glob;
  if (!/\/(?![^[]*\])/.test(g)) g = `**/${g}`;
  else if (g.startsWith('/')) g = g.slice(1);
  return globToRegExp(g).test(path);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Finds and reads the .editorconfig files that apply to files (cached per folder and file). */
export class EditorconfigLoader {
  private readonly files = new Map<string, ParsedFile | null>();

  private read(path: string): ParsedFile | null {
    let hit = this.files.get(path);
    if (hit === undefined) {
      try {
        hit = isFile(path) ? parseEditorconfig(readFileSync(path, 'utf8')) : null;
      } catch {
        hit = null;
      }
      this.files.set(path, hit);
    }
    return hit;
  }

  /** The indentation EditorConfig gives `file` (an absolute or relative path), or nothing it does not set. */
  indentFor(file: string): EditorconfigIndent {
    const abs = resolve(file);
    const chain: Array<{ dir: string; parsed: ParsedFile }> = [];
    for (let dir = dirname(abs); ; dir = dirname(dir)) {
      const parsed = this.read(join(dir, '.editorconfig'));
      if (parsed) {
        chain.unshift({ dir, parsed });
        if (parsed.root) break;
      }
      if (dirname(dir) === dir) break;
    }
    const props = new Map<string, string>();
    for (const { dir, parsed } of chain) {
      const rel = relative(dir, abs).split(sep).join('/');
      for (const s of parsed.sections) {
        if (!sectionMatches(s.glob, rel)) continue;
        for (const [k, v] of s.props) props.set(k, v);
      }
    }
    return indentOf(props);
  }
}

/** indent_style, indent_size and tab_width as the formatter's options (`unset` and unknown values ignored). */
function indentOf(props: ReadonlyMap<string, string>): EditorconfigIndent {
  const out: EditorconfigIndent = {};
  const style = props.get('indent_style')?.toLowerCase();
  if (style === 'space' || style === 'tab') out.indentStyle = style;
  const size = props.get('indent_size')?.toLowerCase();
  const tabWidth = props.get('tab_width');
  const width = size === 'tab' ? tabWidth : size;
  if (width !== undefined && /^\d+$/.test(width)) out.indentWidth = Math.min(Number(width), 16);
  return out;
}
