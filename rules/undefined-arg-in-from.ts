import { BUILTIN_ARGS, FromInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { buildkitSuggestion, SuggestionBudget, typoReport } from './utils/buildkit-checks.js';

export default defineRule({
  id: 'undefined-arg-in-from',
  aliases: ['UndefinedArgInFrom'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  messages: {
    undeclared: '`${name}` in FROM is not a global ARG: declare `ARG {name}` before the first FROM',
    typo: '`${name}` in FROM is not a global ARG: did you mean `${suggestion}`?',
  },
  docs: {
    summary: 'A variable in a FROM line that no ARG before the first FROM declares.',
    why:
      'FROM lines can only use the build arguments declared before the first FROM (and the platform arguments ' +
      'such as TARGETARCH that BuildKit predefines). An ARG declared inside a stage, or a name that is not declared ' +
      'at all, is empty in FROM, and passing `--build-arg` does not help: BuildKit only accepts build arguments the ' +
      'file declares. `FROM node:22${VARIANT}` then quietly builds on `node:22`, and a typo in `$BUILDPLATFORM` ' +
      'builds for the wrong platform.',
    bad: [
      {
        code: df`
          FROM node:22\${VARIANT} AS build
        `,
      },
      {
        code: df`
          FROM --platform=$BUILDPLATFROM golang:1.23 AS build
        `,
        fixed: df`
          FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          ARG VERSION=1.23
          FROM golang:$VERSION
        `,
        note: 'An ARG inside a stage is not visible to later FROM lines.',
      },
    ],
    good: [
      df`
        ARG VARIANT=-alpine
        FROM node:22\${VARIANT} AS build
      `,
      df`
        ARG TAG
        FROM --platform=$BUILDPLATFORM golang:\${TAG:-1.23} AS build
      `,
    ],
    fixSafety:
      'Unsafe: the fix renames the variable to the declared or predefined name it looks like, which changes the ' +
      'base image; only offered when there is such a name.',
    references: ['https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const names = [...ctx.model.globalArgs.map((d) => d.name), ...BUILTIN_ARGS];
        const budget = new SuggestionBudget(ctx.text.length);
        for (const r of ctx.model.builderReferences) {
          if (!(r.instruction instanceof FromInstruction) || r.binding) continue;
          const suggestion = r.special ? undefined : buildkitSuggestion(r.name, names, true, budget);
          if (suggestion) ctx.report({ message: 'typo', ...typoReport(ctx, r, suggestion) });
          else ctx.report({ at: r.nameRange, message: 'undeclared', data: { name: r.name } });
        }
      },
    };
  },
});
