import type { StopSignalInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { classifySignal } from './utils/buildkit-checks.js';
import { expandedValue } from './utils/instructions.js';

export default defineRule({
  id: 'invalid-stop-signal',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    invalid: '`{value}` is not a signal: the build fails; write a name such as `SIGTERM` or a number from 1 to 64',
    range: 'No Linux signal has the number `{value}`: `docker stop` cannot send it; use a number from 1 to 64 or a name such as `SIGTERM`',
  },
  docs: {
    summary: 'STOPSIGNAL with something that is not a signal name (`SIGTERM`, `TERM`) or a signal number.',
    why:
      'STOPSIGNAL sets the signal `docker stop` sends to ask the container to shut down. The builder checks the ' +
      'value: a name such as `SIGTERM`, `TERM`, `SIGQUIT` or `SIGRTMIN+3` (any case, `SIG` optional) or a non-zero ' +
      'number; anything else — a misspelt name, `SIGTERM;`, two words — makes the build fail. A number no signal ' +
      'has, like 99, gets through the build, but then `docker stop` cannot deliver it and the container is only ' +
      'killed when the stop timeout runs out.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          STOPSIGNAL SIGQUITT
        `,
      },
      {
        code: df`
          FROM nginx:1.27
          STOPSIGNAL 0
        `,
      },
      {
        code: df`
          FROM nginx:1.27
          STOPSIGNAL 99
        `,
        note: 'The build accepts it; stopping the container does not work.',
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        STOPSIGNAL SIGQUIT
      `,
      df`
        FROM postgres:17
        STOPSIGNAL sigint
      `,
      df`
        FROM alpine:3.20
        ARG SIGNAL=SIGUSR1
        STOPSIGNAL $SIGNAL
      `,
      df`
        FROM alpine:3.20
        STOPSIGNAL 15
      `,
    ],
    differences: {
      buildkit:
        'A number from 65 up (or below 0) is reported although the builder accepts it: no Linux signal has that ' +
        'number.',
      notes:
        'Names are the Linux signal names BuildKit knows. A value with variables is checked when berth knows their ' +
        'values.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#stopsignal', 'https://man7.org/linux/man-pages/man7/signal.7.html'],
  },
  create(ctx) {
    return {
      StopSignal(instr: StopSignalInstruction) {
        const arg = instr.value;
        if (!arg) return;
        const value = expandedValue(ctx, arg.value, instr);
        if (value === undefined) return;
        const kind = classifySignal(value);
        if (kind === 'invalid') ctx.report({ at: arg.range, message: 'invalid', data: { value } });
        else if (kind === 'out-of-range') ctx.report({ at: arg.range, message: 'range', data: { value } });
      },
    };
  },
});
