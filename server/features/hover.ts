/**
 * Feature: hover. On a finding: what its rule checks and why (the rule's own docs). On a variable: where it is
 * declared and the value it has at that point of the build. On a stage reference (`--from=build`, `FROM build`):
 * the stage's FROM line and where else it is used. Returns markdown and the range it explains.
 */
import { analyze, flagFacts, gluedKeyword, INSTRUCTION_DOCS, MOUNT_KEYS, MOUNT_TYPES, type InstructionName, type TextRange } from '../../grammar/index.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { BUILTIN_BY_ID } from '../../rules/syntax.js';
import type { AnalyzedDocument } from './document.js';
import { valuePreview } from './value-preview.js';

/** A hover shows more of a value than a completion item's one line, still never megabytes. */
const HOVER_VALUE = 300;

export interface HoverInfo {
  range: TextRange;
  markdown: string;
}

const within = (r: TextRange, o: number): boolean => r.start <= o && o <= r.end;

export function hover(doc: AnalyzedDocument, offset: number): HoverInfo | undefined {
  const model = analyze(doc.parse);
  const parts: string[] = [];
  let range: TextRange | undefined;

  // A keyword glued to its arguments (`ENTRYPOINT["x"]`): after the finding, the instruction it was meant to be.
  let meant: string | undefined;
  // An instruction keyword (also the one an ONBUILD registers).
  for (const top of doc.parse.dockerfile.instructions) {
    if (!within(top.range, offset)) continue;
    const trigger = top.kind === 'Onbuild' ? (top as unknown as { trigger?: typeof top }).trigger : undefined;
    for (const instr of trigger ? [top, trigger] : [top]) {
      const kw = instr.keyword;
      if (!kw || !within(kw, offset)) continue;
      if (instr.kind === 'UnknownInstruction') {
        const glued = gluedKeyword(instr.keywordText);
        if (glued) {
          range = { start: kw.start, end: kw.end };
          meant = instructionDocs(glued);
        }
        continue;
      }
      const docs = instructionDocs(instr.name);
      if (!docs) continue;
      range = { start: kw.start, end: kw.end };
      parts.push(docs);
    }
    // A flag of the instruction: what it does, its values; for RUN --mount, the mount type and key under the cursor.
    for (const instr of trigger ? [top, trigger] : [top]) {
      for (const f of instr.flags) {
        if (!within(f.range, offset)) continue;
        range = { start: f.range.start, end: f.range.end };
        const facts = flagFacts(instr.name, f.name);
        if (!facts) {
          parts.push(`\`--${f.name}\` is not a flag of ${instr.name}.`);
          continue;
        }
        const lines = [`**${instr.name} --${facts.name}** — ${facts.description}`];
        if (facts.values) lines.push('', `Values: ${facts.values.map((v) => `\`${v}\``).join(', ')}${facts.default ? ` (default \`${facts.default}\`)` : ''}`);
        if (facts.since) lines.push('', `Needs \`# syntax=docker/dockerfile:${facts.since}\` or newer${facts.labsSince ? ` (\`${facts.labsSince}-labs\` has it earlier)` : ''}.`);
        lines.push('', '```dockerfile', facts.example, '```');
        if (f.name === 'mount' && f.value !== undefined) {
          // The `key=value` part under the cursor (the flag's text after `--mount=`, split on commas).
          const full = doc.text.slice(f.range.start, f.range.end);
          const body = full.indexOf('=') + 1;
          let key: string | undefined;
          let at = f.range.start + body;
          for (const part of full.slice(body).split(',')) {
            if (offset >= at && offset <= at + part.length) key = part.split('=')[0]?.trim().toLowerCase();
            at += part.length + 1;
          }
          const type = /(?:^|,)type=([a-z]+)/.exec(f.value)?.[1] ?? 'bind';
          const t = MOUNT_TYPES.find((x) => x.name === type);
          if (t) lines.push('', `**type=${t.name}** — ${t.description}`);
          const k = key && key !== 'type' ? MOUNT_KEYS.find((x) => x.name === key || x.aliases.includes(key)) : undefined;
          if (k) lines.push('', `**${k.name}** — ${k.description}`);
        }
        parts.push(lines.join('\n'));
      }
    }
  }

  // Parser directives.
  for (const d of doc.parse.dockerfile.directives) {
    if (!within(d.range, offset)) continue;
    range = d.range;
    const about: Record<string, string> = {
      syntax: 'Chooses the Dockerfile frontend BuildKit builds this file with (an image, usually `docker/dockerfile:1`). A newer frontend brings newer syntax; `:1` follows the latest 1.x, `:1-labs` adds experimental features.',
      escape: 'Sets the character that continues an instruction on the next line: `\\` (default) or `` ` `` (handy on Windows, where `\\` is the path separator).',
      check: "Configures BuildKit's build checks for this file: `skip=Rule1,Rule2` (or `skip=all`) turns checks off, `error=true` makes their warnings fail the build.",
    };
    parts.push(`**# ${d.name}=** — ${about[d.name] ?? 'A parser directive.'} Directives must come before anything else in the file.`);
  }

  // The image a FROM names: registry, repository, tag, digest.
  for (const st of model.stages) {
    if (!within(st.base.range, offset) || st.base.stage) continue;
    range ??= st.base.range;
    if (st.base.scratch) {
      parts.push('**scratch** — the empty image: the stage starts with no files at all (for static binaries).');
      continue;
    }
    const img = st.base.image;
    if (!img) {
      parts.push(`**${st.base.raw}** — decided at build time${st.base.value !== undefined ? `; with the ARG defaults: \`${valuePreview(st.base.value, HOVER_VALUE)}\`` : ''}.`);
      continue;
    }
    // An image name built from ARGs can be as long as their values: each part is shown cut short.
    const cut = (s: string): string => valuePreview(s, HOVER_VALUE);
    const rows = [`**${cut(img.text)}**`, '', `- registry: \`${cut(img.domain)}\`${img.registry ? '' : ' (Docker Hub, the default)'}`, `- repository: \`${cut(img.fullName)}\`${img.official ? ' (an official image)' : ''}`];
    rows.push(img.tag ? `- tag: \`${cut(img.tag.value)}\`` : img.digest ? '- tag: none (the digest decides)' : '- tag: none — Docker uses `latest`');
    if (img.digest) rows.push(`- digest: \`${cut(img.digest.value)}\` — pins the exact image content`);
    if (st.base.raw !== img.text) rows.push('', `Written \`${cut(st.base.raw)}\`; this is its value with the ARG defaults.`);
    parts.push(rows.join('\n'));
  }

  // Heredoc markers.
  for (const instr of doc.parse.dockerfile.instructions) {
    for (const h of instr.heredocs) {
      if (!within(h.marker, offset) && !(h.terminator && within(h.terminator, offset))) continue;
      range ??= { start: h.marker.start, end: h.marker.end };
      parts.push(
        `**Heredoc \`${h.name}\`** — the lines up to \`${h.name}\` are ${instr.kind === 'Run' ? 'the script (or input) of this RUN' : 'the content of a file'}. ` +
          (h.expand ? 'Variables like `$NAME` in it are expanded; quote the marker (`<<"EOF"`) to keep them literal.' : 'The marker is quoted, so the body is used literally: no variable expansion.') +
          (h.chomp ? ' `<<-` strips leading tabs from each line.' : ''),
      );
    }
  }

  const ref = model.references.find((r) => within(r.range, offset));
  if (ref) {
    range = ref.range;
    const b = ref.binding;
    const line = (o: number): number => doc.lines.positionAt(o).line + 1;
    if (b?.declaration) {
      const d = b.declaration;
      parts.push(`**${d.kind} ${d.name}** — declared on line ${line(d.nameRange.start)}${d.stage ? '' : ' (before the first FROM: a global ARG)'}`);
      parts.push(b.value !== undefined ? `Value here: \`${valuePreview(b.value, HOVER_VALUE)}\`` : 'Value here: not known until build time (no default, or set with `--build-arg`).');
    } else if (b?.source === 'builtin') {
      parts.push(`**${ref.name}** — set by BuildKit for every build${b.value !== undefined ? `: \`${valuePreview(b.value, HOVER_VALUE)}\`` : ' (the value depends on the builder and the target platform)'}.`);
    } else if (b?.source === 'proxy') {
      parts.push(`**${ref.name}** — a proxy variable BuildKit passes through when set with \`--build-arg\`; it is not stored in the image.`);
    } else {
      parts.push(`**${ref.name}** — not declared in this Dockerfile${ref.maybeFromBaseImage ? '; the base image may set it' : ''}. ${ref.by === 'shell' ? 'The shell expands it when the command runs.' : 'The builder expands it to an empty string.'}`);
    }
  }

  const link = model.links.find((l) => within(l.range, offset));
  if (link?.target) {
    range ??= link.range;
    const s = link.target;
    parts.push(`**Stage ${s.name ? `\`${s.name}\`` : s.index}** — \`${doc.text.slice(s.from.range.start, s.from.lineEnd).trim()}\` (line ${doc.lines.positionAt(s.from.range.start).line + 1})`);
  }

  for (const d of doc.diagnostics) {
    if (!within({ start: d.start, end: Math.max(d.end, d.start + 1) }, offset)) continue;
    range ??= { start: d.start, end: d.end };
    const rule = RULES_BY_ID.get(d.rule);
    if (rule) {
      const aliases = rule.meta.aliases.length > 0 ? ` (${rule.meta.aliases.join(', ')})` : '';
      parts.push(`**${rule.meta.id}**${aliases} — ${rule.meta.docs.summary}\n\n${rule.meta.docs.why}${d.url ? `\n\n[Rule documentation](${d.url})` : ''}`);
    } else {
      const builtin = BUILTIN_BY_ID.get(d.rule);
      // A syntax finding's own message is specific to the line (what Docker reads, what to write); its fix is
      // one action away.
      if (builtin) parts.push(`**${builtin.id}** — ${d.kind === 'syntax' ? d.message : builtin.summary}${d.fix ? `\n\nQuick fix: ${d.fix.title}.` : ''}`);
      else if (d.url) parts.push(`**${d.rule}** — [documentation](${d.url})`);
    }
  }
  if (meant) parts.push(meant);
  if (!range || parts.length === 0) return undefined;
  return { range, markdown: parts.join('\n\n---\n\n') };
}

/** What an instruction does, its forms, an example and its common mistake (from grammar/facts). */
function instructionDocs(name: string): string | undefined {
  const facts = INSTRUCTION_DOCS[name as InstructionName];
  if (!facts) return undefined;
  const lines = [`**${name}** — ${facts.summary}`, '', '```dockerfile', ...facts.forms, '```', '', 'Example:', '', '```dockerfile', facts.example, '```'];
  if (facts.pitfall) lines.push('', `⚠️ ${facts.pitfall}`);
  lines.push('', `[Dockerfile reference](https://docs.docker.com/reference/dockerfile/#${name.toLowerCase()})`);
  return lines.join('\n');
}
