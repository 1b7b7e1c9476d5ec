import { expandWord, type KeyValuePair, type VariableRef } from '../grammar/index.js';
import { defineRule, df } from './define.js';

function allRefs(refs: readonly VariableRef[], out: VariableRef[] = []): VariableRef[] {
  for (const r of refs) {
    out.push(r);
    allRefs(r.nested, out);
  }
  return out;
}

export default defineRule({
  id: 'env-self-reference',
  aliases: ['DL3044'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  messages: {
    sameEnv:
      '`{name}` is set earlier in this ENV, but `{ref}` here still reads its value from before the ENV',
  },
  docs: {
    summary: 'An ENV value uses a variable that the same ENV instruction sets earlier.',
    why:
      'Docker substitutes every value of one ENV instruction with the variables as they were before the ' +
      'instruction. In `ENV JAVA_HOME=/opt/java PATH=$JAVA_HOME/bin:$PATH` the `$JAVA_HOME` is the old value — ' +
      'usually empty — so PATH gets `/bin` instead of `/opt/java/bin`. The image builds and the mistake shows only ' +
      'when a program is not found. Set the variable in one ENV and use it in the next.',
    bad: [
      {
        code: df`
          FROM eclipse-temurin:21-jre
          ENV APP_HOME=/opt/app APP_BIN=\${APP_HOME}/bin
        `,
        fixed: df`
          FROM eclipse-temurin:21-jre
          ENV APP_HOME=/opt/app
          ENV APP_BIN=\${APP_HOME}/bin
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          ENV VENV=/venv \
              PATH=\${VENV:-/opt/venv}/bin:$PATH
        `,
        fixed: df`
          FROM python:3.12-slim
          ENV VENV=/venv
          ENV PATH=\${VENV:-/opt/venv}/bin:$PATH
        `,
        note: 'A default does not help: VENV is unset when the value is substituted, so the default is used.',
      },
    ],
    good: [
      df`
        FROM eclipse-temurin:21-jre
        ENV APP_HOME=/opt/app
        ENV APP_BIN=\${APP_HOME}/bin
      `,
      df`
        FROM golang:1.23
        ENV PATH=/usr/local/go/bin:$PATH GOPATH=/go
      `,
      df`
        FROM alpine:3.20
        ARG VERSION=1.0
        ENV VERSION=2.0 LABEL_TEXT=release-\${VERSION}
      `,
      df`
        FROM alpine:3.20
        ENV PRICE=5 TEXT=costs-\$PRICE
      `,
    ],
    fixSafety:
      'Unsafe: splitting the ENV makes the later value use the new variable — what was almost certainly meant, ' +
      'but a different value than before. Offered only when no comment sits between the two assignments.',
    differences: {
      hadolint:
        'References with a modifier (`${NAME:-default}`) are found, and an escaped `\\$NAME` is not taken for a ' +
        'reference (hadolint reports it, #1062). A variable is excused when an earlier ENV or ARG that is visible ' +
        'at this point declares it — in this stage or the stages it is built FROM — rather than anywhere in the ' +
        'file. Only references to a key set earlier in the same ENV are reported.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#env', 'https://docs.docker.com/reference/dockerfile/#environment-replacement'],
  },
  create(ctx) {
    const file = ctx.file;
    const esc = file.escape.charCodeAt(0);
    const newline = ctx.text.includes('\r\n') ? '\r\n' : '\n';
    return {
      Env(env) {
        const pairs = env.pairs;
        if (pairs.length < 2) return;
        const split = new Set<number>();
        pairs.forEach((pair, i) => {
          if (i === 0 || pair.valueRange.end <= pair.valueRange.start) return;
          const logical = file.logical(pair.valueRange.start, pair.valueRange.end);
          const refs = allRefs(expandWord(logical.text, 0, logical.text.length, { escape: esc }).refs);
          for (const ref of refs) {
            if (ref.special) continue;
            const earlier = pairs.slice(0, i).some((p: KeyValuePair) => p.key === ref.name);
            if (!earlier || ctx.model.resolve(ref.name, env.range.start)) continue;
            const prev = pairs[i - 1] as KeyValuePair;
            const gap = { start: prev.valueRange.end, end: pair.keyRange.start };
            const canSplit = !split.has(i) && !ctx.slice(gap).includes('#');
            split.add(i);
            ctx.report({
              at: logical.toSourceRange(ref.start, ref.end),
              message: 'sameEnv',
              data: { name: ref.name, ref: logical.text.slice(ref.start, ref.end) },
              ...(canSplit
                ? {
                    fix: {
                      title: `Set \`${pair.key}\` in its own ENV`,
                      applicability: 'unsafe' as const,
                      edits: [ctx.replace(gap, `${newline}${env.keywordText} `)],
                    },
                  }
                : {}),
            });
          }
        });
      },
    };
  },
});
