/**
 * CMD, ENTRYPOINT and HEALTHCHECK each configure the image once: in a stage, only the last one takes effect.
 * The three rules share this: report every earlier one, pointing at the one that wins.
 */
import type { Instruction } from '../../grammar/index.js';
import type { Rule, RuleContext, Visitors } from '../define.js';

export function oncePerStage(ctx: RuleContext, kind: 'Cmd' | 'Entrypoint' | 'Healthcheck'): Visitors {
  let seen: Instruction[] = [];
  const flush = (): void => {
    const last = seen[seen.length - 1];
    if (!last) return;
    for (const earlier of seen.slice(0, -1)) {
      const lines = ctx.lines(earlier.range);
      ctx.report({
        at: earlier.keyword,
        message: 'overridden',
        data: { name: earlier.name, line: ctx.parse.lines.positionAt(last.range.start).line + 1 },
        related: [{ range: last.keyword, message: `this ${last.name} is the one that takes effect` }],
        tags: ['unnecessary'],
        fix: { title: `Remove this ${earlier.name}, which has no effect`, applicability: 'unsafe', edits: [ctx.remove(lines)] },
      });
    }
    seen = [];
  };
  return {
    [kind]: (instr: Instruction, info: { onbuild: unknown }) => {
      if (!info.onbuild) seen.push(instr);
    },
    'Stage:exit': flush,
    'File:exit': flush,
  } as Visitors;
}

export type { Rule };
