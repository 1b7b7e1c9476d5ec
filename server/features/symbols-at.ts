/**
 * Features: definition, references, document highlights and rename for stage names and ARG/ENV variables. One
 * resolver finds what the cursor is on — a stage's name, a `--from=`/`FROM <stage>`/`from=` use of it, a variable's
 * declaration or a `$reference` — and every place that means the same thing, with BuildKit's per-stage scoping
 * (the semantic model binds each reference to the declaration in force there).
 */
import { analyze, type Declaration, type Stage, type TextRange } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export interface SymbolAt {
  kind: 'stage' | 'variable';
  name: string;
  /** Where it is defined (the stage name after AS; the ARG/ENV name). */
  definition: TextRange | undefined;
  /** Every use, definition excluded. */
  uses: TextRange[];
  /** The range under the cursor. */
  at: TextRange;
  /** Why it cannot be renamed, if it cannot. */
  cannotRename?: string;
}

const within = (r: TextRange, o: number): boolean => r.start <= o && o <= r.end;

export function symbolAt(doc: AnalyzedDocument, offset: number): SymbolAt | undefined {
  const model = analyze(doc.parse);

  // Stages: the name after AS, or a use of it.
  const stageUses = (s: Stage): TextRange[] => {
    const out: TextRange[] = [];
    for (const l of model.links) if (l.target === s && !l.byIndex) out.push(l.range);
    for (const other of model.stages) if (other.base.stage === s) out.push(other.base.range);
    return out;
  };
  for (const s of model.stages) {
    if (s.nameRange && within(s.nameRange, offset) && s.name) return { kind: 'stage', name: s.name, definition: s.nameRange, uses: stageUses(s), at: s.nameRange };
  }
  for (const l of model.links) {
    if (!within(l.range, offset)) continue;
    if (!l.target?.nameRange || !l.target.name) return undefined;
    const r: SymbolAt = { kind: 'stage', name: l.target.name, definition: l.target.nameRange, uses: stageUses(l.target), at: l.range };
    if (l.byIndex) r.cannotRename = 'This refers to the stage by its number; name the stage to rename it.';
    return r;
  }
  for (const s of model.stages) {
    const target = s.base.stage;
    if (target?.nameRange && target.name && within(s.base.range, offset)) return { kind: 'stage', name: target.name, definition: target.nameRange, uses: stageUses(target), at: s.base.range };
  }

  // Variables: a declaration's name, or a reference.
  const declarationAt = (): Declaration | undefined => {
    for (const r of model.references) if (r.binding?.declaration && within(r.nameRange, offset)) return r.binding.declaration;
    for (const r of model.references) if (within(r.nameRange, offset)) return undefined;
    return model.declarations.find((d) => within(d.nameRange, offset));
  };
  const decl = declarationAt();
  if (decl) {
    const uses = model.referencesTo(decl).map((r) => r.nameRange);
    const ref = model.references.find((r) => within(r.nameRange, offset));
    return { kind: 'variable', name: decl.name, definition: decl.nameRange, uses, at: ref ? ref.nameRange : decl.nameRange };
  }
  const ref = model.references.find((r) => within(r.nameRange, offset));
  if (ref) {
    const same = model.references.filter((r) => r.name === ref.name && !r.binding?.declaration).map((r) => r.nameRange);
    return { kind: 'variable', name: ref.name, definition: undefined, uses: same, at: ref.nameRange, cannotRename: ref.binding ? `\`${ref.name}\` is set by BuildKit, not in this file.` : `\`${ref.name}\` is not declared in this file.` };
  }
  return undefined;
}

/** The edits of a rename, or why it cannot be done. */
export function rename(doc: AnalyzedDocument, offset: number, newName: string): { edits: Array<TextRange & { text: string }> } | { error: string } {
  const sym = symbolAt(doc, offset);
  if (!sym) return { error: 'Only stage names and ARG/ENV variables can be renamed.' };
  if (sym.cannotRename) return { error: sym.cannotRename };
  const valid = sym.kind === 'stage' ? /^[a-z][a-z0-9._-]*$/i.test(newName) : /^[A-Za-z_][A-Za-z0-9_]*$/.test(newName);
  if (!valid) return { error: sym.kind === 'stage' ? `\`${newName}\` is not a valid stage name (a letter, then letters, digits, \`.\`, \`_\` or \`-\`).` : `\`${newName}\` is not a valid variable name.` };
  const ranges = [...(sym.definition ? [sym.definition] : []), ...sym.uses];
  // A stage use like `COPY --from=build` covers the value only; `FROM build` covers the image word.
  return { edits: ranges.map((r) => ({ start: r.start, end: r.end, text: newName })) };
}
