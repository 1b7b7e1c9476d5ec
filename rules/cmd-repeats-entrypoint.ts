import type { CmdInstruction, EntrypointInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { lastInLineage } from './utils/commands.js';

function base(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

export default defineRule({
  id: 'cmd-repeats-entrypoint',
  aliases: [],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    repeats: 'CMD repeats the ENTRYPOINT\'s program: the container runs `{run}`',
  },
  docs: {
    summary: 'CMD starts with the same program as the exec-form ENTRYPOINT, so the program is named twice.',
    why:
      'With an exec-form ENTRYPOINT, CMD only supplies arguments: Docker runs ENTRYPOINT followed by CMD. ' +
      '`ENTRYPOINT ["python"]` with `CMD ["python", "app.py"]` therefore runs `python python app.py`, and Python ' +
      'tries to open a script named `python`. CMD should hold only the arguments.',
    bad: [
      {
        code: df`
          FROM python:3.12-slim
          ENTRYPOINT ["python"]
          CMD ["python", "app.py"]
        `,
        fixed: df`
          FROM python:3.12-slim
          ENTRYPOINT ["python"]
          CMD ["app.py"]
        `,
      },
    ],
    good: [
      df`
        FROM python:3.12-slim
        ENTRYPOINT ["python"]
        CMD ["app.py"]
      `,
      df`
        FROM alpine:3.20
        ENTRYPOINT ["/sbin/tini", "--"]
        CMD ["nginx", "-g", "daemon off;"]
      `,
    ],
    fixSafety: 'Unsafe: removing the repeated program changes the command the container runs (to what was almost certainly meant).',
    references: ['https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  create(ctx) {
    let cmd: CmdInstruction | undefined;
    return {
      Cmd(instr, info) {
        if (!info.onbuild) cmd = instr;
      },
      'Stage:exit'(stage) {
        const c = cmd;
        cmd = undefined;
        const entry = lastInLineage<EntrypointInstruction>(stage, 'Entrypoint');
        if (!c || !entry || entry.form !== 'exec' || c.form !== 'exec') return;
        const ep = entry.json?.elements ?? [];
        const cm = c.json?.elements ?? [];
        const first = cm[0];
        const program = ep[0]?.value;
        if (!first || first.value === undefined || program === undefined || base(first.value) !== base(program)) return;
        const run = [...ep, ...cm].map((e) => e.value ?? '').join(' ');
        // Remove the first element and the comma (and space) after it.
        const second = cm[1];
        const removeEnd = second ? second.range.start : first.range.end;
        ctx.report({
          at: first.range,
          message: 'repeats',
          data: { run },
          related: [{ range: ep[0]?.range ?? entry.keyword, message: 'the ENTRYPOINT already starts this program' }],
          fix: { title: `Remove \`${first.value}\` from CMD`, applicability: 'unsafe', edits: [ctx.remove({ start: first.range.start, end: removeEnd })] },
        });
      },
    };
  },
});
