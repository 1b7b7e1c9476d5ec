/**
 * Feature: completion, offline, and only what is valid where the cursor is:
 * - at the start of the file: FROM, ARG, the parser directives not yet given and a comment; directives only while
 *   the directive header at the top is still open (every line above is a directive);
 * - at the start of an instruction: ARG and FROM before the first FROM, every instruction after it (not FROM,
 *   MAINTAINER or ONBUILD after ONBUILD), with snippets for their common forms;
 * - after `FROM `: `--platform=`, the stages defined above and the images the file already uses; after the image,
 *   `AS`; after `--platform=`: `$BUILDPLATFORM`, `$TARGETPLATFORM`, common `os/arch` values and the global ARGs;
 * - flags and their values, `RUN --mount` types and keys, stages after `--from=`, variables after `$` or `${`,
 *   signals after STOPSIGNAL, CMD or NONE after HEALTHCHECK — also on continuation lines;
 * - nothing in comments (other than directive names in the header) and only variables inside heredoc bodies.
 * Plain data with offsets; the handler converts it for the client (and drops snippets a client cannot take).
 */
import {
  analyze,
  DIRECTIVE_NAMES,
  flagsOf,
  INSTRUCTION_DOCS,
  INSTRUCTION_NAMES,
  isValidStageName,
  MOUNT_KEYS,
  MOUNT_TYPES,
  type DirectiveName,
  type Instruction,
  type InstructionName,
  type SemanticModel,
} from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';
import { valuePreview } from './value-preview.js';

export interface CompletionInfo {
  label: string;
  /**
   * `snippet`: an extra item that only exists to insert a snippet (the same keyword is offered plainly too), so it
   * is left out for clients without snippet support.
   */
  kind: 'keyword' | 'snippet' | 'variable' | 'reference' | 'value' | 'directive' | 'comment' | 'image';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; snippet syntax (`${1:placeholder}`) when `snippet` is true. */
  insert: string;
  snippet?: boolean;
  /** The range the insert replaces: the part of the word being typed before the cursor. */
  replace: { start: number; end: number };
  /** Where that word ends when it goes on after the cursor (clients that can may replace up to there). */
  wordEnd?: number;
  sortText?: string;
  /** The instruction is deprecated (MAINTAINER). */
  deprecated?: boolean;
}

const SNIPPETS: Partial<Record<InstructionName, string[]>> = {
  FROM: ['FROM ${1:image}:${2:tag} AS ${3:name}'],
  RUN: ['RUN ${1:command}', 'RUN <<EOF\n${1:set -e}\nEOF'],
  CMD: ['CMD ["${1:program}", "${2:arg}"]'],
  ENTRYPOINT: ['ENTRYPOINT ["${1:program}"]'],
  COPY: ['COPY ${1:src} ${2:dest}', 'COPY --from=${1:stage} ${2:src} ${3:dest}'],
  HEALTHCHECK: ['HEALTHCHECK --interval=${1:30s} --timeout=${2:3s} CMD ${3:command}', 'HEALTHCHECK NONE'],
  SHELL: ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
  ARG: ['ARG ${1:NAME}=${2:value}'],
  ENV: ['ENV ${1:NAME}=${2:value}'],
  LABEL: ['LABEL ${1:org.opencontainers.image.source}="${2:value}"'],
};

/** What each directive line inserts after `#`, and what it is for. */
const DIRECTIVES: Record<DirectiveName, { text: string; detail: string }> = {
  syntax: { text: 'syntax=docker/dockerfile:1', detail: 'the Dockerfile frontend to build with (the newest 1.x)' },
  escape: { text: 'escape=`', detail: 'the line-continuation character (` on Windows)' },
  check: { text: 'check=skip=', detail: "BuildKit's build checks: skip=…, error=true" },
};

/** Instructions an ONBUILD cannot register. */
const NOT_AFTER_ONBUILD: ReadonlySet<string> = new Set(['FROM', 'MAINTAINER', 'ONBUILD']);

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGSTOP'];

const WORD = /[A-Za-z0-9_.-]*$/;

export function completions(doc: AnalyzedDocument, offset: number): CompletionInfo[] {
  const text = doc.text;
  offset = Math.max(0, Math.min(offset, text.length));
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0 && text.charCodeAt(0) === 0xfeff) lineStart = Math.min(1, offset);
  const before = text.slice(lineStart, offset);
  const wordEnd = offset + (/^[A-Za-z0-9_.-]*/.exec(text.slice(offset, offset + 200))?.[0].length ?? 0);
  const typed = (re: RegExp = WORD): number => offset - (re.exec(before)?.[0].length ?? 0);
  const instructions = doc.parse.dockerfile.instructions;

  // The instruction the cursor's line belongs to when it started on an earlier line (continuation, heredoc body).
  const continued = instructions.find((i) => i.range.start < lineStart && offset <= i.range.end);
  if (continued && lineStart > continued.lineEnd && continued.heredocs.length > 0) {
    // A heredoc body is a script or a file's content: only variables make sense there.
    return variableItems(doc, offset, before) ?? [];
  }
  // A comment line (also inside a continuation): directive names while the header is open, else nothing.
  if (/^\s*#/.test(before)) {
    if (continued || !/^\s*#\s*[a-z]*$/i.test(before) || !headerOpen(doc, lineStart)) return [];
    const start = lineStart + before.indexOf('#') + 1;
    const spaced = /#\s/.test(before);
    return missingDirectives(doc).map((name) => ({
      label: name,
      kind: 'directive' as const,
      insert: spaced ? DIRECTIVES[name].text : ` ${DIRECTIVES[name].text}`,
      detail: DIRECTIVES[name].detail,
      replace: { start: spaced ? offset - (/[a-z]*$/i.exec(before)?.[0].length ?? 0) : start, end: offset },
    }));
  }

  const vars = variableItems(doc, offset, before);
  if (vars) return vars;

  // At the start of an instruction (also the one an ONBUILD registers).
  if (!continued && /^\s*(?:onbuild\s+)?[A-Za-z]*$/i.test(before)) {
    const start = typed();
    return instructionItems(doc, lineStart, before, { start, end: offset }, wordEnd);
  }

  // Inside an instruction: its logical text up to the cursor, continuation lines joined as BuildKit joins them.
  const instr = continued ?? instructions.find((i) => i.range.start <= offset && offset <= Math.max(i.range.end, i.lineEnd));
  if (!instr) return [];
  const logical = logicalBefore(text, instr.range.start, offset, doc.parse.dockerfile.escape);
  // A word that began on an earlier line (glued on by a continuation) is not replaced from here.
  return insideInstruction(doc, instr, logical, offset, wordEnd, typed).filter((c) => c.replace.start >= lineStart);
}

function insideInstruction(doc: AnalyzedDocument, instr: Instruction, logical: string, offset: number, wordEnd: number, typed: () => number): CompletionInfo[] {
  const word = (start: number): { start: number; end: number } => ({ start, end: offset });
  const atWord = { wordEnd: wordEnd > offset ? wordEnd : undefined };

  // Stage names after --from= (COPY) or from= (RUN --mount).
  const from = /(?:--from=|(?:--mount=|[\s,])from=)([A-Za-z0-9_.-]*)$/.exec(logical);
  if (from) {
    const model = analyze(doc.parse);
    const here = model.stageAt(offset);
    return model.stages
      .filter((s) => s.name && isValidStageName(s.name) && (!here || s.index < here.index))
      .map((s) => ({ label: s.name as string, kind: 'reference' as const, detail: `stage ${s.index}: FROM ${s.base.raw}`, insert: s.name as string, replace: word(offset - (from[1]?.length ?? 0)), ...atWord }));
  }

  // RUN --mount=…: types after `type=`, keys after `,` or `=`.
  const mount = /--mount=((?:[^\s,]*,)*)([A-Za-z-]*)(=?)([^\s,]*)$/.exec(logical);
  if (mount && /^\s*(?:onbuild\s+)?run\s/i.test(logical)) {
    const [, done = '', key = '', eq, value = ''] = mount;
    const type = /(?:^|,)type=([a-z]+)/.exec(done)?.[1] ?? 'bind';
    if (eq && key === 'type') return MOUNT_TYPES.map((t) => ({ label: t.name, kind: 'value' as const, detail: 'mount type', documentation: t.description, insert: t.name, replace: word(offset - value.length) }));
    if (eq) {
      const facts = MOUNT_KEYS.find((k) => k.name === key || k.aliases.includes(key));
      return (facts?.values ?? []).map((v) => ({ label: v, kind: 'value' as const, insert: v, replace: word(offset - value.length) }));
    }
    const used = new Set(done.split(',').map((p) => p.split('=')[0]));
    return MOUNT_KEYS.filter((k) => (k.types as readonly string[]).includes(type) && !used.has(k.name)).map((k) => ({
      label: k.name,
      kind: 'value' as const,
      detail: `--mount key (${k.types.join(', ')})`,
      documentation: k.description,
      insert: k.bare ? k.name : `${k.name}=`,
      replace: word(offset - key.length),
    }));
  }

  // Flags after the keyword: `COPY --ch`; then their values.
  const flagMatch = /^\s*(?:onbuild\s+)?([A-Za-z]+)\s+(?:--[A-Za-z-]+(?:=\S*)?\s+)*(--?)([A-Za-z-]*)(=?)([^\s]*)$/.exec(logical);
  if (flagMatch) {
    const [, keyword = '', dashes = '', name = '', eq, value = ''] = flagMatch;
    const flags = flagsOf(keyword.toUpperCase());
    if (eq) {
      const f = flags.find((x) => x.name === name);
      const replace = word(offset - value.length);
      if (f?.values) return f.values.map((v) => ({ label: v, kind: 'value' as const, insert: v, replace }));
      if (f?.format === 'platform') return platformItems(analyze(doc.parse), f.suggestions ?? [], replace);
      return (f?.suggestions ?? []).map((s) => ({ label: s.value, kind: 'value' as const, documentation: s.description, insert: s.value, replace }));
    }
    const given = new Set(instr.flags.filter((f) => f.range.end < offset - name.length - dashes.length).map((f) => f.name));
    return flags
      .filter((f) => f.repeatable || !given.has(f.name))
      .map((f) => ({
        label: `--${f.name}`,
        kind: 'value' as const,
        detail: f.takesValue ? `--${f.name}=…` : `--${f.name}`,
        documentation: `${f.description}\n\n\`${f.example}\``,
        insert: f.takesValue ? `--${f.name}=` : `--${f.name}`,
        replace: word(offset - name.length - dashes.length),
      }));
  }

  // FROM's image, then AS.
  const fromLine = /^\s*from\s+((?:--\S*\s+)*)(.*)$/i.exec(logical);
  if (fromLine && instr.kind === 'From') return fromItems(doc, instr, fromLine[1] ?? '', fromLine[2] ?? '', offset, wordEnd);

  // STOPSIGNAL's argument.
  if (/^\s*(?:onbuild\s+)?stopsignal\s+\S*$/i.test(logical)) return SIGNALS.map((s) => ({ label: s, kind: 'value' as const, insert: s, replace: word(typed()), ...atWord }));
  // HEALTHCHECK's type, after its flags.
  const hc = /^\s*(?:onbuild\s+)?(healthcheck)\s+(?:--\S*\s+)*([A-Za-z]*)$/i.exec(logical);
  if (hc) {
    const upper = hc[1] === hc[1]?.toUpperCase();
    return [
      { label: upper ? 'CMD' : 'cmd', kind: 'keyword' as const, insert: `${upper ? 'CMD' : 'cmd'} `, detail: 'the command that checks the container', replace: word(offset - (hc[2]?.length ?? 0)), ...atWord },
      { label: upper ? 'NONE' : 'none', kind: 'keyword' as const, insert: upper ? 'NONE' : 'none', detail: "turns off the base image's health check", replace: word(offset - (hc[2]?.length ?? 0)), ...atWord },
    ];
  }
  return [];
}

/** `$na` or `${na`: the variables visible at the cursor; undefined when the cursor is not after `$`. */
function variableItems(doc: AnalyzedDocument, offset: number, before: string): CompletionInfo[] | undefined {
  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (!variable) return undefined;
  const start = offset - (variable[1]?.length ?? 0);
  const visible = analyze(doc.parse).visibleAt(offset);
  return [...visible.values()].map((b) => ({
    label: b.name,
    kind: 'variable' as const,
    detail: b.value !== undefined ? `= ${valuePreview(b.value)}` : b.source === 'declaration' ? (b.declaration?.kind ?? '') : b.source,
    insert: b.name,
    replace: { start, end: offset },
  }));
}

/** Every line above `lineStart` is a parser directive: another directive may still go here. */
function headerOpen(doc: AnalyzedDocument, lineStart: number): boolean {
  const text = doc.text;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const d of doc.parse.dockerfile.directives) {
    if (at >= lineStart) break;
    const lineEnd = text.indexOf('\n', d.range.start);
    if (text.slice(at, d.range.start).trim() !== '') return false;
    at = lineEnd < 0 ? text.length : lineEnd + 1;
  }
  return at >= lineStart;
}

function missingDirectives(doc: AnalyzedDocument): DirectiveName[] {
  const given = new Set(doc.parse.dockerfile.directives.map((d) => d.name.toLowerCase()));
  return DIRECTIVE_NAMES.filter((n) => !given.has(n));
}

function instructionItems(doc: AnalyzedDocument, lineStart: number, before: string, replace: { start: number; end: number }, wordEnd: number): CompletionInfo[] {
  const afterOnbuild = /^\s*onbuild\s/i.test(before);
  const firstFrom = doc.parse.dockerfile.instructions.find((i) => i.kind === 'From' && i.range.start < lineStart);
  const lower = /^\s*(?:onbuild\s+)?[a-z]+$/.test(before);
  const names = INSTRUCTION_NAMES.filter((n) => (afterOnbuild ? !NOT_AFTER_ONBUILD.has(n) : firstFrom || n === 'FROM' || n === 'ARG'));
  const extra = wordEnd > replace.end ? { wordEnd } : {};
  const out: CompletionInfo[] = [];
  // The start of the file: the directives not given yet (while the header is open) and a comment.
  if (!afterOnbuild && !firstFrom && before.trim() === '') {
    if (headerOpen(doc, lineStart)) {
      for (const [i, name] of missingDirectives(doc).entries()) {
        const d = DIRECTIVES[name];
        out.push({ label: `# ${d.text}`, kind: 'directive', insert: `# ${d.text}`, detail: `parser directive: ${d.detail}`, replace, sortText: `2${i}` });
      }
    }
    out.push({ label: '#', kind: 'comment', insert: '# ', detail: 'a comment', replace, sortText: '3' });
  }
  for (const name of names) {
    const docText = INSTRUCTION_DOCS[name]?.summary;
    const label = lower ? name.toLowerCase() : name;
    const deprecated = name === 'MAINTAINER' ? { deprecated: true, detail: 'deprecated: use LABEL org.opencontainers.image.authors=…' } : {};
    out.push({ label, kind: 'keyword', insert: `${label} `, replace, sortText: `0${name}`, ...extra, ...(docText ? { documentation: docText } : {}), ...deprecated });
    for (const [i, snippet] of (SNIPPETS[name] ?? []).entries()) {
      const body = lower ? snippet.replace(/^[A-Z]+/, (k) => k.toLowerCase()) : snippet;
      out.push({ label: body.split('\n')[0]?.replace(/\$\{\d+:([^}]*)\}/g, '$1') ?? name, kind: 'snippet', insert: body, snippet: true, replace, sortText: `1${name}${i}`, detail: `${name} (snippet)`, ...extra });
    }
  }
  return out;
}

/**
 * After `FROM [--flags] `: while the image is typed, `--platform=` (when not given), the stages defined above and
 * the images the file already uses; after the image, `AS`; nothing for the stage name.
 */
function fromItems(doc: AnalyzedDocument, instr: Instruction, flags: string, rest: string, offset: number, wordEnd: number): CompletionInfo[] {
  const words = rest.split(/\s+/);
  const current = words.pop() ?? '';
  const done = words.filter((w) => w !== '');
  const replace = { start: offset - current.length, end: offset };
  const extra = wordEnd > offset ? { wordEnd } : {};
  if (done.length === 1) {
    if (!/^[A-Za-z]*$/.test(current)) return [];
    const as = /^[a-z]/.test(instr.keywordText) ? 'as' : 'AS';
    return [{ label: as, kind: 'keyword', insert: `${as} `, detail: 'names this stage, for COPY --from= and FROM', replace, ...extra }];
  }
  if (done.length > 1) return [];
  const out: CompletionInfo[] = [];
  if (!/--platform[=\s]/.test(flags) && (current === '' || current.startsWith('-'))) {
    out.push({ label: '--platform=', kind: 'value', insert: '--platform=', detail: 'the platform of the base image', documentation: flagsOf('FROM').find((f) => f.name === 'platform')?.description, replace, sortText: '0', ...extra });
  }
  if (current.startsWith('-')) return out;
  const model = analyze(doc.parse);
  const here = model.stages.find((s) => s.from.range.start === instr.range.start);
  const seen = new Set<string>();
  for (const s of model.stages) {
    if (!s.name || !isValidStageName(s.name) || (here && s.index >= here.index) || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push({ label: s.name, kind: 'reference', detail: `stage ${s.index}: FROM ${s.base.raw}`, insert: s.name, replace, sortText: `1${String(s.index).padStart(4, '0')}`, ...extra });
  }
  const images = new Map<string, number>();
  const line = (o: number): number => doc.lines.positionAt(o).line + 1;
  for (const s of model.stages) {
    if (s === here || s.base.stage || !s.base.raw || s.base.scratch) continue;
    if (!images.has(s.base.raw)) images.set(s.base.raw, line(s.base.range.start));
  }
  for (const l of model.links) if (l.image && !l.target && l.value && !images.has(l.value)) images.set(l.value, line(l.range.start));
  for (const [image, at] of images) {
    if (seen.has(image.toLowerCase())) continue;
    out.push({ label: image, kind: 'image', detail: `image used on line ${at}`, insert: image, replace, sortText: `2${image}`, ...extra });
  }
  out.push({ label: 'scratch', kind: 'image', detail: 'the empty image', insert: 'scratch', replace, sortText: '3', ...extra });
  return out;
}

/** `FROM --platform=`: the platform variables, common platforms and the global ARGs (FROM sees only those). */
function platformItems(model: SemanticModel, suggestions: readonly { value: string; description: string }[], replace: { start: number; end: number }): CompletionInfo[] {
  const out: CompletionInfo[] = suggestions.map((s, i) => ({ label: s.value, kind: 'value' as const, documentation: s.description, insert: s.value, replace, sortText: `0${String(i).padStart(2, '0')}` }));
  for (const d of model.declarations) {
    if (d.stage || d.kind !== 'ARG' || out.some((o) => o.label === `$${d.name}`)) continue;
    out.push({ label: `$${d.name}`, kind: 'variable', detail: d.value !== undefined ? `global ARG = ${valuePreview(d.value)}` : 'global ARG', insert: `$${d.name}`, replace, sortText: `1${d.name}` });
  }
  return out;
}

/**
 * The instruction's text from its start to `offset` as BuildKit reads it: continuation markers removed (the next
 * line is appended as it is), comment and empty lines inside the continuation dropped.
 */
function logicalBefore(text: string, start: number, offset: number, escape: string): string {
  const lines = text.slice(start, offset).split('\n');
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const l = (lines[i] as string).replace(/\r$/, '');
    if (i < lines.length - 1 && (/^\s*#/.test(l) || l.trim() === '')) continue;
    out = out.replace(/\r$/, '');
    const trimmed = out.replace(/[ \t]+$/, '');
    if (trimmed.endsWith(escape)) out = trimmed.slice(0, -1);
    out += l;
  }
  return out;
}
