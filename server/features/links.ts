/**
 * Feature: document links. Each FROM image (and `COPY --from=<image>`) links to its page on Docker Hub, GitHub's
 * container registry or Quay; every `# berth-ignore` names rules whose docs it links to. No network access: the
 * links are built from the reference alone.
 */
import { analyze, parseImageRef, type TextRange } from '../../grammar/index.js';
import { docsUrlFor, ruleNames } from '../../rules/engine/lint.js';
import type { AnalyzedDocument } from './document.js';

export interface LinkInfo {
  range: TextRange;
  target: string;
  tooltip: string;
}

export function imagePage(reference: string): string | undefined {
  const ref = parseImageRef(reference);
  if (ref.error) return undefined;
  const repo = ref.repository.value;
  switch (ref.domain) {
    case 'docker.io':
      return ref.official ? `https://hub.docker.com/_/${repo.replace(/^library\//, '')}` : `https://hub.docker.com/r/${repo}`;
    case 'ghcr.io':
      return `https://ghcr.io/${repo}`;
    case 'quay.io':
      return `https://quay.io/repository/${repo}`;
    case 'mcr.microsoft.com':
      return `https://mcr.microsoft.com/artifact/mar/${repo}`;
    default:
      return undefined;
  }
}

export function documentLinks(doc: AnalyzedDocument): LinkInfo[] {
  const model = analyze(doc.parse);
  const out: LinkInfo[] = [];
  for (const s of model.stages) {
    if (s.base.stage || s.base.scratch || s.base.raw.includes('$')) continue;
    const page = imagePage(s.base.raw);
    if (page) out.push({ range: s.base.range, target: page, tooltip: `${s.base.raw} on its registry` });
  }
  for (const l of model.links) {
    if (l.target || !l.image || l.value.includes('$')) continue;
    const page = imagePage(l.value);
    if (page) out.push({ range: l.range, target: page, tooltip: `${l.value} on its registry` });
  }
  // Rule names in suppression comments.
  const names = ruleNames();
  for (const c of doc.parse.dockerfile.comments()) {
    const text = doc.text.slice(c.start, c.end);
    const m = /^#\s*berth-ignore(?:-stage|-file)?\s+([^:]*)/.exec(text);
    if (!m || m[1] === undefined) continue;
    const listStart = c.start + text.indexOf(m[1], m[0].length - m[1].length);
    for (const w of m[1].matchAll(/[A-Za-z0-9_-]+/g)) {
      const id = names.resolve(w[0])[0];
      if (!id) continue;
      const start = listStart + (w.index ?? 0);
      out.push({ range: { start, end: start + w[0].length }, target: docsUrlFor(id), tooltip: `What ${id} checks` });
    }
  }
  return out;
}
