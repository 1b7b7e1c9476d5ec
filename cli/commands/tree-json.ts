/**
 * The JSON shape of `berth parse --format json`, documented in docs/syntax-tree.md. Ranges are 0-based
 * `{start:{line,character},end:{line,character}}` with characters in UTF-16 code units (as LSP counts).
 */
import {
  analyze,
  ArgInstruction,
  CommandInstruction,
  FromInstruction,
  HealthcheckInstruction,
  KeyValueInstruction,
  ListInstruction,
  OnbuildInstruction,
  type Instruction,
  type LineRange,
  type ParseResult,
  type TextRange,
} from '../../grammar/index.js';

export const JSON_SCHEMA_VERSION = 1;

export function toJson(result: ParseResult, file: string): unknown {
  const { dockerfile, lines } = result;
  const r = (x: TextRange): LineRange => lines.rangeAt(x);
  const model = analyze(result);

  const instruction = (i: Instruction): Record<string, unknown> => {
    const o: Record<string, unknown> = {
      keyword: i.keywordText,
      instruction: i.name,
      known: i.kind !== 'UnknownInstruction',
      range: r(i.range),
      keywordRange: r(i.keyword),
      flags: i.flags.map((f) => ({
        name: f.name,
        value: f.value ?? null,
        range: r(f.range),
        nameRange: r(f.nameRange),
        valueRange: f.valueRange ? r(f.valueRange) : null,
      })),
    };
    if (i instanceof CommandInstruction || i instanceof ListInstruction) o.form = i.form ?? null;
    if (i instanceof KeyValueInstruction) {
      o.pairs = i.pairs.map((p) => ({ key: p.key, value: p.value, legacy: p.legacy, keyRange: r(p.keyRange), valueRange: r(p.valueRange) }));
    } else if (i instanceof ArgInstruction) {
      o.declarations = i.declarations.map((d) => ({
        name: d.name,
        default: d.default ?? null,
        nameRange: r(d.nameRange),
        defaultRange: d.defaultRange ? r(d.defaultRange) : null,
      }));
    } else if (i instanceof OnbuildInstruction) {
      const t = i.trigger;
      o.trigger = t ? instruction(t) : null;
    } else {
      o.arguments = i.args.map((a) => ({ value: a.value, range: r(a.range) }));
    }
    if (i instanceof FromInstruction) {
      o.image = i.image?.value ?? null;
      o.stageName = i.stageName?.value ?? null;
    }
    if (i instanceof HealthcheckInstruction) o.type = i.type ?? null;
    const heredocs = i instanceof OnbuildInstruction ? [] : i.heredocs;
    if (heredocs.length > 0) {
      o.heredocs = heredocs.map((h) => ({
        delimiter: h.name,
        body: h.content,
        expand: h.expand,
        chomp: h.chomp,
        fd: h.fd,
        terminated: h.terminated,
        range: r(h.range),
        markerRange: r(h.marker),
        bodyRange: h.bodyToken ? r(h.bodyToken) : null,
      }));
    }
    return o;
  };

  return {
    version: JSON_SCHEMA_VERSION,
    file,
    escape: dockerfile.escape,
    directives: dockerfile.directives.map((d) => ({ name: d.name, value: d.value, range: r(d.range) })),
    instructions: dockerfile.instructions.map(instruction),
    stages: model.stages.map((s) => ({
      index: s.index,
      name: s.name ?? null,
      range: r(s.range),
      base: {
        text: s.base.raw,
        value: s.base.value ?? null,
        stage: s.base.stage ? s.base.stage.index : null,
        scratch: s.base.scratch,
        image: s.base.image
          ? {
              registry: s.base.image.registry?.value ?? null,
              repository: s.base.image.repository.value,
              tag: s.base.image.tag?.value ?? null,
              digest: s.base.image.digest?.value ?? null,
              fullName: s.base.image.fullName,
            }
          : null,
      },
      platform: s.platform ? s.platform.raw : null,
    })),
    errors: result.errors.map((e) => ({ code: e.code, severity: e.severity, message: e.message, range: r(e) })),
  };
}
