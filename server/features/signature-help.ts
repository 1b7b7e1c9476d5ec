/**
 * Feature: signature help. Inside an instruction's arguments, its forms (from the learner docs) with the one in
 * use active: the exec form when the arguments start with `[`, the heredoc form when they hold `<<`.
 */
import { INSTRUCTION_DOCS, type Instruction, type InstructionName } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export interface SignatureInfo {
  signatures: Array<{ label: string; documentation: string }>;
  active: number;
}

export function signatureHelp(doc: AnalyzedDocument, offset: number): SignatureInfo | undefined {
  // On the instruction's line (or its continuation lines), trailing blanks included; not in a heredoc body.
  const onLine = (i: Instruction): boolean => i.range.start <= offset && (offset <= i.lineEnd || (offset <= i.range.end && !doc.text.slice(i.lineEnd, offset).includes('\n')));
  let instr: Instruction | undefined = doc.parse.dockerfile.instructions.find(onLine);
  if (!instr) return undefined;
  if (instr.kind === 'Onbuild') {
    const t = (instr as unknown as { trigger?: Instruction }).trigger;
    if (t && t.keyword && offset > t.keyword.end) instr = t;
  }
  const kw = instr.keyword;
  if (!kw || offset <= kw.end) return undefined;
  const facts = INSTRUCTION_DOCS[instr.name as InstructionName];
  if (!facts) return undefined;
  const rest = instr.restText;
  const forms = facts.forms;
  let active = 0;
  const find = (re: RegExp): number => forms.findIndex((f) => re.test(f));
  if (rest.startsWith('[')) active = Math.max(0, find(/\[/));
  else if (rest.includes('<<')) active = Math.max(0, find(/<</));
  else active = Math.max(0, forms.findIndex((f) => !/^\S+\s+\[/.test(f) && !/<</.test(f)));
  return { signatures: forms.map((f) => ({ label: f.replace(/\s{2,}\(.*\)$/, ''), documentation: facts.summary })), active };
}
