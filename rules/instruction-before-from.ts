import { defineRule, df } from './define.js';

export default defineRule({
  id: 'instruction-before-from',
  aliases: ['DL3061'],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  preamble: true,
  since: '0.1.0',
  fixable: 'never',
  messages: {
    before: '{name} before the first FROM: only ARG (and comments and parser directives) may come before FROM',
  },
  docs: {
    summary: 'An instruction other than ARG appears before the first FROM.',
    why:
      'Every build step runs inside a stage, and a stage starts with FROM. Before the first FROM there is no image to ' +
      'run a command in or copy files into, so Docker stops with "no build stage in current context". Only ARG is ' +
      'allowed there: it declares build arguments that FROM lines can use, such as the base image version. berth ' +
      'reports each such instruction here; no other rule looks at it until it is in a stage. What the parser finds ' +
      'wrong with the line itself (`COPY []`, an unterminated heredoc) is reported as on any line, because Docker ' +
      'rejects that too.',
    bad: [
      {
        code: df`
          RUN apt-get update
          FROM debian:bookworm
        `,
      },
    ],
    good: [
      df`
        # syntax=docker/dockerfile:1
        ARG DEBIAN_VERSION=bookworm
        FROM debian:\${DEBIAN_VERSION}
        RUN apt-get update
      `,
    ],
    fixSafety: 'No automatic fix: moving the instruction below FROM changes which stage it belongs to, and only you know.',
    whenNotToUse:
      'A template that gets its FROM line later: then no rule checks what stands before the first FROM (see below), so ' +
      'lint it with a FROM line in front instead, for example `{ echo "FROM scratch"; cat Dockerfile.template; } | ' +
      'berth lint -`.',
    differences: {
      hadolint:
        'hadolint runs all its rules on the instructions before the first FROM too. In berth this rule is the only ' +
        'one that looks at them (ARGs, which belong there, excepted): the build stops at the first of them, none of ' +
        'them is part of any image, and what the other rules would say about a RUN or COPY there is said once the ' +
        'line is moved into a stage. ShellCheck\'s findings in such a RUN are left out too; the parser\'s own errors ' +
        '(syntax Docker rejects on any line) are not.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'],
  },
  create(ctx) {
    return {
      Instruction(instr, info) {
        if (info.stage || info.onbuild || instr.kind === 'Arg' || instr.kind === 'From' || instr.kind === 'UnknownInstruction') return;
        ctx.report({ at: instr.keyword, message: 'before', data: { name: instr.name } });
      },
    };
  },
});
