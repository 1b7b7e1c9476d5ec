import type { CommandInstruction, Stage } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { execForm, plainWords } from './utils/commands.js';
import { isWindowsStage } from './utils/platform.js';
import { lineageHas, ownBefore } from './utils/stages.js';

const hasShell = (s: Stage): boolean => s.instructions.some((i) => i.kind === 'Shell');

export default defineRule({
  id: 'shell-form-command',
  aliases: ['DL3025', 'JSONArgsRecommended'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'sometimes',
  messages: {
    shell: '{name} in shell form runs under `{shell}`, so the program does not receive stop signals: use the exec form, `{name} ["program", "arg"]`',
  },
  docs: {
    summary: 'CMD or ENTRYPOINT written in shell form instead of the JSON (exec) form.',
    why:
      'In shell form (`CMD node server.js`) Docker starts `/bin/sh -c "node server.js"`: the shell is process 1 and ' +
      'your program is its child. `docker stop` sends SIGTERM to process 1, the shell does not pass it on, and after ' +
      'ten seconds the container is killed — no graceful shutdown, no flushed logs. In exec form ' +
      '(`CMD ["node", "server.js"]`) your program is process 1 and gets the signal. Shell form also makes an ' +
      'ENTRYPOINT ignore CMD and `docker run` arguments.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          CMD node server.js
        `,
        fixed: df`
          FROM node:22-alpine
          CMD ["node", "server.js"]
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          ENTRYPOINT python -m app --port $PORT
        `,
        note: 'No fix is offered: `$PORT` needs a shell to be expanded. Write `["sh", "-c", "exec python -m app --port \"$PORT\""]` or read the port inside the program.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        CMD ["node", "server.js"]
      `,
      df`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        SHELL ["powershell", "-Command"]
        CMD Write-Host hello
      `,
    ],
    // (On a Windows image without SHELL the shell is `cmd /S /C`; the message says so.)
    fixSafety:
      'Offered only when the command is plain words (no variables, quotes, globs, operators or redirections), so the ' +
      'same program gets the same arguments. Still unsafe: the process tree changes, and with an ENTRYPOINT in the base ' +
      'image the arguments it receives change from `/bin/sh -c "…"` to the words themselves.',
    whenNotToUse: 'When you rely on the shell (variables, `&&`) and have accepted the signal handling, or run a shell script that `exec`s the program itself.',
    differences: {
      hadolint:
        'berth does not report a stage (or its parent stages) that sets SHELL, as BuildKit does not: shell form is ' +
        'then intended. hadolint also reports `HEALTHCHECK CMD` in shell form; berth does not, because a health ' +
        'check is not process 1 and commonly needs the shell (`|| exit 1`).',
      buildkit:
        'Text meant as the exec form that is no JSON (`CMD [“app”]`, `CMD [\'app\']`) is reported once, as ' +
        'invalid-exec-form, with a fix, not as shell form. BuildKit also knows a SHELL set by the base image, which ' +
        'berth cannot see.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form', 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/'],
  },
  create(ctx) {
    const check = (instr: CommandInstruction, stage: Stage | undefined): void => {
      if (instr.form !== 'shell') return;
      // A SHELL before it in its stage, or anywhere in a stage it is built on (those all come before it).
      if (stage && (ownBefore(stage, 'Shell', instr.range.start) || lineageHas(stage.base.stage, hasShell))) return;
      const cmd = instr.shellCommand;
      if (!cmd) return;
      const words = plainWords(cmd.value);
      ctx.report({
        at: cmd.range,
        message: 'shell',
        data: { name: instr.name, shell: isWindowsStage(ctx.file, stage) ? 'cmd /S /C' : '/bin/sh -c' },
        ...(words
          ? { fix: { title: `Convert to exec form: ${instr.name} ${execForm(words)}`, applicability: 'unsafe' as const, edits: [ctx.replace(cmd.range, execForm(words))] } }
          : {}),
      });
    };
    return {
      Cmd: (i, info) => !info.onbuild && check(i, info.stage),
      Entrypoint: (i, info) => !info.onbuild && check(i, info.stage),
    };
  },
});
