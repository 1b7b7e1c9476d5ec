import type { EntrypointInstruction, Instruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { lastInLineage, meantAsExecForm } from './utils/commands.js';

export default defineRule({
  id: 'cmd-ignored-by-shell-entrypoint',
  aliases: [],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'never',
  messages: {
    ignored: 'This CMD is ignored: the ENTRYPOINT on line {line} is in shell form, and a shell-form ENTRYPOINT never receives CMD',
  },
  docs: {
    summary: 'A CMD in a stage whose ENTRYPOINT is in shell form: the CMD is silently ignored.',
    why:
      'Docker appends CMD to ENTRYPOINT as arguments. A shell-form ENTRYPOINT (`ENTRYPOINT ./start.sh`) becomes ' +
      '`/bin/sh -c "./start.sh"`, and the appended CMD lands in the shell\'s `$0` and `$1` — the script never ' +
      'sees it. The same happens to arguments of `docker run image …`. Nothing warns at build or run time; the ' +
      'container just does not do what the CMD says.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          ENTRYPOINT /usr/local/bin/start.sh
          CMD ["--verbose"]
        `,
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        ENTRYPOINT ["/usr/local/bin/start.sh"]
        CMD ["--verbose"]
      `,
    ],
    fixSafety: 'No automatic fix: converting the ENTRYPOINT to exec form changes what runs; the shell-form-command rule offers it where it is plain words.',
    references: ['https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  create(ctx) {
    const cmds: Instruction[] = [];
    return {
      Cmd(instr, info) {
        if (!info.onbuild) cmds.push(instr);
      },
      'Stage:exit'(stage) {
        const entry = lastInLineage<EntrypointInstruction>(stage, 'Entrypoint');
        const last = cmds[cmds.length - 1];
        cmds.length = 0;
        if (!entry || !last || entry.form !== 'shell' || meantAsExecForm(ctx.parse, entry)) return;
        ctx.report({
          at: last.keyword,
          message: 'ignored',
          data: { line: ctx.parse.lines.positionAt(entry.range.start).line + 1 },
          related: [{ range: entry.keyword, message: 'this shell-form ENTRYPOINT does not pass CMD on' }],
          tags: ['unnecessary'],
        });
      },
    };
  },
});
