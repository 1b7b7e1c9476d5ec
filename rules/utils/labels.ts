/**
 * LABEL keys and values as the builder sees them, and the label schema (`settings.labelSchema`) that gives some
 * labels a type. Shared by the label rules: they differ only in what they check, not in how labels are read.
 *
 * Keys and values are expanded like BuildKit expands them (quotes removed, escapes processed, `$VAR` replaced by
 * what the file declares). A word that refers to a variable berth cannot know (a build argument without default,
 * an ENV of the base image) has no value here, and the rules leave it alone.
 */
import { type Instruction, type KeyValuePair, type LabelInstruction, type Stage, type TextRange } from '../../grammar/index.js';
import type { RuleContext, Visitors } from '../define.js';
import { expandedValue } from './instructions.js';

/** The value types a label schema can name; an empty type means `text`. */
export const LABEL_TYPES = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

export interface LabelEntry {
  pair: KeyValuePair;
  /** The key after expansion; undefined when it depends on something berth cannot know. */
  key: string | undefined;
  /** The value after expansion; undefined when it depends on something berth cannot know. */
  value: string | undefined;
  keyRange: TextRange;
  valueRange: TextRange;
  /** From the key to the end of the value. */
  range: TextRange;
  /** The key is written plainly (no quotes, escapes or variables): its source text is the key. */
  plainKey: boolean;
}

/** Expands a source range as the builder would at `instruction`; undefined when a variable is unknown. */
export function expandAt(ctx: RuleContext, range: TextRange, instruction: Instruction): string | undefined {
  return expandedValue(ctx, ctx.file.logical(range.start, range.end).text, instruction);
}

/** The labels one LABEL sets, in order. */
export function labelEntries(ctx: RuleContext, instr: LabelInstruction): LabelEntry[] {
  return instr.pairs.map((pair) => {
    const key = expandAt(ctx, pair.keyRange, instr);
    const value = expandAt(ctx, pair.valueRange, instr);
    return {
      pair,
      key,
      value,
      keyRange: pair.keyRange,
      valueRange: pair.valueRange,
      range: { start: pair.keyRange.start, end: Math.max(pair.keyRange.end, pair.valueRange.end) },
      plainKey: key !== undefined && ctx.slice(pair.keyRange) === key,
    };
  });
}

/** The type the schema gives a label, or undefined when the schema does not name it. */
export function schemaType(ctx: RuleContext, key: string): string | undefined {
  const schema = ctx.settings.labelSchema;
  if (!Object.prototype.hasOwnProperty.call(schema, key)) return undefined;
  const t = String(schema[key] ?? '').trim().toLowerCase();
  return t === '' ? 'text' : t;
}

/** The labels the schema names, in the order written. */
export function schemaLabels(ctx: RuleContext): string[] {
  return Object.keys(ctx.settings.labelSchema);
}

/**
 * A visitor that hands every label of schema type `type` with a known, non-empty value to `check` (empty values
 * are the business of `empty-label`). Labels inside ONBUILD are not checked: they label a downstream image.
 */
export function typedLabels(ctx: RuleContext, type: LabelType, check: (entry: LabelEntry & { key: string; value: string }) => void): Visitors {
  return {
    Label(instr, info) {
      if (info.onbuild || Object.keys(ctx.settings.labelSchema).length === 0) return;
      for (const e of labelEntries(ctx, instr)) {
        if (e.key === undefined || e.value === undefined || e.value === '') continue;
        if (schemaType(ctx, e.key) !== type) continue;
        check(e as LabelEntry & { key: string; value: string });
      }
    },
  };
}

/**
 * The keys a stage's own LABEL instructions set. `unknown` is true when some key depends on a variable berth
 * cannot know (it might be any label).
 */
export function stageLabels(ctx: RuleContext, stage: Stage): { keys: Set<string>; unknown: boolean } {
  const keys = new Set<string>();
  let unknown = false;
  for (const instr of stage.instructions) {
    if (instr.kind !== 'Label') continue;
    for (const e of labelEntries(ctx, instr as LabelInstruction)) {
      if (e.key === undefined) unknown = true;
      else keys.add(e.key);
    }
  }
  return { keys, unknown };
}
