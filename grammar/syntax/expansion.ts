/**
 * Where variables are substituted, and by whom. The builder expands some words before a step runs (FROM, COPY
 * paths, ENV, LABEL, ARG, WORKDIR, USER, …); the shell expands RUN/CMD/ENTRYPOINT shell-form text when the
 * container runs it; exec-form arrays are never expanded. Validator and semantic model read this one list.
 */
import type { TextRange } from '../text/range.js';
import {
  ArgInstruction,
  CommandInstruction,
  CopyInstruction,
  FromInstruction,
  KeyValueInstruction,
  type Arg,
  type Dockerfile,
  type Instruction,
} from './ast.js';

export interface ExpansionSite {
  instruction: Instruction;
  /** `builder`: BuildKit substitutes before the step; `shell`: the shell does at run time. */
  by: 'builder' | 'shell';
  /** What the word is, for messages: `image`, `source`, `value`, `--chown`, `heredoc`… */
  role: string;
  /** The text to expand, and a map from its offsets to source ranges. */
  text: string;
  toSource(start: number, end: number): TextRange;
  /** Quotes are literal (COPY/ADD heredoc bodies). */
  skipQuotes: boolean;
}

const BUILDER_FLAGS: Record<string, readonly string[]> = {
  From: ['platform'],
  Copy: ['chown', 'chmod'],
  Add: ['chown', 'chmod', 'checksum'],
  Run: ['mount'],
};

function fromArg(instruction: Instruction, file: Dockerfile, arg: Arg, role: string, by: 'builder' | 'shell', json: boolean): ExpansionSite {
  if (json) {
    // A decoded JSON string: offsets inside it do not map back character by character.
    return { instruction, by, role, text: arg.value, toSource: () => arg.range, skipQuotes: false };
  }
  const logical = file.logical(arg.range.start, arg.range.end);
  return { instruction, by, role, text: logical.text, toSource: (s, e) => logical.toSourceRange(s, e), skipQuotes: false };
}

/**
 * Every expandable word of one instruction (not of an ONBUILD trigger: that expands downstream). `by` limits the
 * result to the builder's or the shell's sites.
 */
export function expansionSites(instruction: Instruction, by?: 'builder' | 'shell'): ExpansionSite[] {
  const all = allSites(instruction, by);
  return by ? all.filter((s) => s.by === by) : all;
}

function allSites(instruction: Instruction, by: 'builder' | 'shell' | undefined): ExpansionSite[] {
  const file = instruction.file;
  const out: ExpansionSite[] = [];
  const kind = instruction.kind;
  for (const name of BUILDER_FLAGS[kind] ?? []) {
    for (const flag of instruction.flags) {
      if (flag.name !== name || !flag.valueToken) continue;
      const v = flag.valueToken;
      const logical = file.logical(v.start, v.end);
      out.push({ instruction, by: 'builder', role: `--${name}`, text: logical.text, toSource: (s, e) => logical.toSourceRange(s, e), skipQuotes: false });
    }
  }
  if (instruction instanceof FromInstruction) {
    const image = instruction.image;
    if (image) out.push(fromArg(instruction, file, image, 'image', 'builder', false));
  } else if (instruction instanceof CopyInstruction) {
    const json = instruction.form === 'exec';
    const args = instruction.args;
    args.forEach((a, i) => out.push(fromArg(instruction, file, a, i === args.length - 1 ? 'destination' : 'source', 'builder', json)));
    for (const h of instruction.heredocs) {
      const body = h.bodyToken;
      if (!body || !h.expand) continue;
      out.push({ instruction, by: 'builder', role: 'heredoc', text: body.text(), toSource: (s, e) => ({ start: body.start + s, end: body.start + e }), skipQuotes: true });
    }
  } else if (instruction instanceof KeyValueInstruction) {
    for (const p of instruction.pairs) {
      const k = file.logical(p.keyRange.start, p.keyRange.end);
      out.push({ instruction, by: 'builder', role: 'key', text: k.text, toSource: (s, e) => k.toSourceRange(s, e), skipQuotes: false });
      if (p.legacy) {
        const v = file.logical(p.valueRange.start, p.valueRange.end);
        out.push({ instruction, by: 'builder', role: 'value', text: v.text, toSource: (s, e) => v.toSourceRange(s, e), skipQuotes: false });
      } else if (p.valueRange.end > p.valueRange.start) {
        const v = file.logical(p.valueRange.start, p.valueRange.end);
        out.push({ instruction, by: 'builder', role: 'value', text: v.text, toSource: (s, e) => v.toSourceRange(s, e), skipQuotes: false });
      }
    }
  } else if (instruction instanceof ArgInstruction) {
    for (const d of instruction.declarations) {
      const n = file.logical(d.nameRange.start, d.nameRange.end);
      out.push({ instruction, by: 'builder', role: 'name', text: n.text, toSource: (s, e) => n.toSourceRange(s, e), skipQuotes: false });
      if (d.defaultRange && d.defaultRange.end > d.defaultRange.start) {
        const v = file.logical(d.defaultRange.start, d.defaultRange.end);
        out.push({ instruction, by: 'builder', role: 'default', text: v.text, toSource: (s, e) => v.toSourceRange(s, e), skipQuotes: false });
      }
    }
  } else if (instruction instanceof CommandInstruction) {
    // Only the shell expands these; joining a long RUN is not free, so skip it when only builder sites are wanted.
    if (by === 'builder') return out;
    if (instruction.form === 'shell') {
      if (instruction.kind === 'Healthcheck') {
        const cmd = instruction.shellCommand;
        if (cmd) out.push(fromArg(instruction, file, cmd, 'command', 'shell', false));
      } else {
        // The command is the instruction's joined rest: reuse it rather than joining the lines again.
        const r = instruction.rest;
        const text = r.logical.text.slice(r.start, r.end);
        if (text.length > 0) out.push({ instruction, by: 'shell', role: 'command', text, toSource: (s, e) => r.logical.toSourceRange(r.start + s, r.start + e), skipQuotes: false });
      }
    }
    if (kind === 'Run') {
      for (const h of instruction.heredocs) {
        const body = h.bodyToken;
        if (!body) continue;
        out.push({ instruction, by: 'shell', role: 'heredoc', text: body.text(), toSource: (s, e) => ({ start: body.start + s, end: body.start + e }), skipQuotes: false });
      }
    }
  } else if (kind === 'Workdir' || kind === 'User' || kind === 'Volume' || kind === 'StopSignal' || kind === 'Expose') {
    const json = kind === 'Volume' && instruction.node.nodes().some((n) => n.kind === 'JsonArray');
    for (const a of instruction.args) out.push(fromArg(instruction, file, a, 'argument', 'builder', json));
  }
  return out;
}
