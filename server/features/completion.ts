/**
 * Feature: completion, offline. At the start of a line: instructions, with snippets for their common forms (and
 * parser directives in the header comments). After `--from=`: the stages defined before the current one, never
 * the current one. After `$` or `${`: the variables visible at that point, with their values. After STOPSIGNAL:
 * signal names. Plain data with offsets; the handler converts it.
 */
import { analyze, flagsOf, INSTRUCTION_DOCS, INSTRUCTION_NAMES, MOUNT_KEYS, MOUNT_TYPES, type InstructionName } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export interface CompletionInfo {
  label: string;
  kind: 'keyword' | 'snippet' | 'variable' | 'reference' | 'value' | 'directive';
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet when `snippet` is true (`${1:placeholder}` syntax). */
  insert: string;
  snippet?: boolean;
  /** The range the insert replaces (the word being typed). */
  replace: { start: number; end: number };
  sortText?: string;
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

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGSTOP'];

export function completions(doc: AnalyzedDocument, offset: number): CompletionInfo[] {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const wordStart = offset - (/[A-Za-z0-9_.-]*$/.exec(before)?.[0].length ?? 0);
  const replace = { start: wordStart, end: offset };

  // Variables: `$na` or `${na`.
  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (variable) {
    const start = offset - (variable[1]?.length ?? 0);
    const visible = analyze(doc.parse).visibleAt(offset);
    return [...visible.values()].map((b) => ({
      label: b.name,
      kind: 'variable' as const,
      detail: b.value !== undefined ? `= ${b.value}` : b.source === 'declaration' ? (b.declaration?.kind ?? '') : b.source,
      insert: b.name,
      replace: { start, end: offset },
    }));
  }

  // Stage names after --from= (COPY) or from= (RUN --mount).
  const from = /(?:--from=|[\s,]from=)([A-Za-z0-9_.-]*)$/.exec(before);
  if (from) {
    const model = analyze(doc.parse);
    const here = model.stageAt(offset);
    return model.stages
      .filter((s) => s.name && (!here || s.index < here.index))
      .map((s) => ({ label: s.name as string, kind: 'reference' as const, detail: `stage ${s.index}: FROM ${s.base.raw}`, insert: s.name as string, replace: { start: offset - (from[1]?.length ?? 0), end: offset } }));
  }

  // RUN --mount=…: types after `type=`, keys after `,` or `=`.
  const mount = /--mount=((?:[^\s,]*,)*)([A-Za-z-]*)(=?)([^\s,]*)$/.exec(before);
  if (mount && /^\s*(?:onbuild\s+)?run\s/i.test(before)) {
    const [, done = '', key = '', eq, value = ''] = mount;
    const type = /(?:^|,)type=([a-z]+)/.exec(done)?.[1] ?? 'bind';
    if (eq && key === 'type') return MOUNT_TYPES.map((t) => ({ label: t.name, kind: 'value' as const, detail: 'mount type', documentation: t.description, insert: t.name, replace: { start: offset - value.length, end: offset } }));
    if (eq) {
      const facts = MOUNT_KEYS.find((k) => k.name === key || k.aliases.includes(key));
      return (facts?.values ?? []).map((v) => ({ label: v, kind: 'value' as const, insert: v, replace: { start: offset - value.length, end: offset } }));
    }
    const used = new Set(done.split(',').map((p) => p.split('=')[0]));
    return MOUNT_KEYS.filter((k) => (k.types as readonly string[]).includes(type) && !used.has(k.name)).map((k) => ({
      label: k.name,
      kind: 'value' as const,
      detail: `--mount key (${k.types.join(', ')})`,
      documentation: k.description,
      insert: k.bare ? k.name : `${k.name}=`,
      replace: { start: offset - key.length, end: offset },
    }));
  }

  // Flags after the keyword: `COPY --ch`.
  const flagMatch = /^\s*(?:onbuild\s+)?([A-Za-z]+)\s+(?:--[A-Za-z-]+(?:=\S*)?\s+)*(--?)([A-Za-z-]*)(=?)([^\s]*)$/.exec(before);
  if (flagMatch) {
    const [, keyword = '', dashes = '', name = '', eq, value = ''] = flagMatch;
    const flags = flagsOf(keyword.toUpperCase());
    if (eq) {
      const f = flags.find((x) => x.name === name);
      return (f?.values ?? []).map((v) => ({ label: v, kind: 'value' as const, insert: v, replace: { start: offset - value.length, end: offset } }));
    }
    const start = offset - name.length - dashes.length;
    return flags.map((f) => ({
      label: `--${f.name}`,
      kind: 'value' as const,
      detail: f.takesValue ? `--${f.name}=…` : `--${f.name}`,
      documentation: `${f.description}\n\n\`${f.example}\``,
      insert: f.takesValue ? `--${f.name}=` : `--${f.name}`,
      replace: { start, end: offset },
    }));
  }

  // STOPSIGNAL's argument.
  if (/^\s*stopsignal\s+\S*$/i.test(before)) return SIGNALS.map((s) => ({ label: s, kind: 'value' as const, insert: s, replace }));

  // Parser directives in the comment lines at the top.
  if (/^#\s*[a-z]*$/i.test(before) && !doc.parse.dockerfile.instructions.some((i) => i.range.start < lineStart)) {
    const start = lineStart + before.indexOf('#') + 1;
    return [
      { label: 'syntax', kind: 'directive', insert: ' syntax=docker/dockerfile:1', detail: 'the Dockerfile frontend to build with', replace: { start, end: offset } },
      { label: 'escape', kind: 'directive', insert: ' escape=`', detail: 'the line-continuation character (` on Windows)', replace: { start, end: offset } },
      { label: 'check', kind: 'directive', insert: ' check=skip=', detail: "BuildKit's build checks: skip=…, error=true", replace: { start, end: offset } },
    ];
  }

  // Instructions at the start of a line (also after ONBUILD).
  if (/^\s*(?:onbuild\s+)?[A-Za-z]*$/i.test(before)) {
    const lower = /^\s*(?:onbuild\s+)?[a-z]+$/.test(before);
    const out: CompletionInfo[] = [];
    for (const name of INSTRUCTION_NAMES) {
      const docText = INSTRUCTION_DOCS[name]?.summary;
      const label = lower ? name.toLowerCase() : name;
      out.push({ label, kind: 'keyword', insert: `${label} `, replace, sortText: `0${name}`, ...(docText ? { documentation: docText } : {}) });
      for (const [i, snippet] of (SNIPPETS[name] ?? []).entries()) {
        out.push({ label: snippet.split('\n')[0]?.replace(/\$\{\d+:([^}]*)\}/g, '$1') ?? name, kind: 'snippet', insert: snippet, snippet: true, replace, sortText: `1${name}${i}`, detail: `${name} (snippet)` });
      }
    }
    return out;
  }
  return [];
}
