import type { Instruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { recased } from './utils/buildkit-checks.js';

export default defineRule({
  id: 'consistent-instruction-casing',
  aliases: ['ConsistentInstructionCasing'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  messages: {
    mixed: '`{keyword}` mixes upper and lower case: write `{want}` like most instructions in this file',
    minority: '`{keyword}` is {casing} while most instructions in this file are not: write `{want}`',
  },
  docs: {
    summary: 'An instruction keyword in mixed case, or in another case than most keywords of the file.',
    why:
      'Docker reads `RUN`, `run` and `Run` alike, so the case of a keyword never changes the build. It does change ' +
      'how the file reads: keywords in one case stand out from their arguments, and a file that switches between ' +
      '`COPY` and `copy` looks like it was pasted together. BuildKit warns about it too. Whichever case most ' +
      'keywords use wins; upper case wins a tie.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          Run echo hello > /greeting.txt
          CMD ["cat", "/greeting.txt"]
        `,
        fixed: df`
          FROM alpine:3.20
          RUN echo hello > /greeting.txt
          CMD ["cat", "/greeting.txt"]
        `,
      },
      {
        code: df`
          from alpine:3.20
          run echo hello > /greeting.txt
          CMD ["cat", "/greeting.txt"]
        `,
        fixed: df`
          from alpine:3.20
          run echo hello > /greeting.txt
          cmd ["cat", "/greeting.txt"]
        `,
        note: 'Lower case is the majority here, so the one upper-case keyword is the odd one out.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        RUN echo hello > /greeting.txt
        CMD ["cat", "/greeting.txt"]
      `,
      df`
        from alpine:3.20
        run echo hello > /greeting.txt
        cmd ["cat", "/greeting.txt"]
      `,
      df`
        arg VERSION=3.20
        FROM alpine:\${VERSION}
        ONBUILD run echo triggered
      `,
    ],
    fixSafety: 'Safe: only the case of the keyword changes, and Docker ignores it.',
    differences: {
      notes:
        'Like BuildKit, only FROM and the instructions of stages are counted and checked: ARGs before the first ' +
        'FROM and the instruction an ONBUILD registers are left alone.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/', 'https://docs.docker.com/reference/dockerfile/#format'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const keywords: Instruction[] = [];
        for (const stage of ctx.model.stages) {
          keywords.push(stage.from);
          for (const i of stage.instructions) if (i.kind !== 'UnknownInstruction') keywords.push(i);
        }
        let lower = 0;
        let upper = 0;
        for (const i of keywords) {
          const k = i.keywordText;
          if (k === k.toLowerCase()) lower++;
          else if (k === k.toUpperCase()) upper++;
        }
        const wantUpper = !(lower > upper);
        for (const i of keywords) {
          const k = i.keywordText;
          const want = wantUpper ? k.toUpperCase() : k.toLowerCase();
          if (k === want) continue;
          const at = i.keyword;
          const raw = ctx.slice(at);
          const mixed = k !== k.toLowerCase() && k !== k.toUpperCase();
          // A keyword split by a continuation keeps its line break; one with a comment line inside is left alone.
          const fix = raw.includes('#')
            ? undefined
            : { title: `Write \`${want}\``, applicability: 'safe' as const, edits: [ctx.replace(at, recased(raw, wantUpper))] };
          if (mixed) ctx.report({ at, message: 'mixed', data: { keyword: k, want }, ...(fix ? { fix } : {}) });
          else ctx.report({ at, message: 'minority', data: { keyword: k, want, casing: wantUpper ? 'lower case' : 'upper case' }, ...(fix ? { fix } : {}) });
        }
      },
    };
  },
});
