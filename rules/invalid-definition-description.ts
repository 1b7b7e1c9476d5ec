import { ArgInstruction, FromInstruction, type Instruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { commentBlock } from './utils/buildkit-checks.js';

/** A per-instruction `# check=…` comment configures BuildKit's checks; it is no description. */
const CHECK_COMMENT = /^check\s*=/i;

export default defineRule({
  id: 'invalid-definition-description',
  aliases: ['InvalidDefinitionDescription'],
  category: 'style',
  severity: 'style',
  status: 'preview',
  since: '0.3.0',
  fixable: 'never',
  messages: {
    description: 'The comment above {what} reads as its description, but it does not start with {name}: write `# {example} <description>`',
  },
  docs: {
    summary: 'The comment right above `FROM … AS name` or `ARG name` does not start with the name it describes.',
    why:
      '`docker buildx build --call=outline` and `--call=targets` list the build arguments and stages of a file with ' +
      'a description taken from the comment right above their FROM or ARG, when the comment starts with the ' +
      'name: `# VERSION sets the release to build` above `ARG VERSION`. A comment there that does not start with ' +
      'the name is either a description written the wrong way or a remark that tools will mistake for one. ' +
      'BuildKit checks this as an experimental rule, when `# check=experimental=InvalidDefinitionDescription` (or ' +
      '`experimental=all`) asks for it; berth runs it then too, when the configuration\'s `experimental:` names it, ' +
      'and when preview rules are on.',
    bad: [
      {
        code: df`
          # the stage that compiles the app
          FROM golang:1.23 AS build
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          # the version to install
          ARG VERSION=1.0
        `,
      },
    ],
    good: [
      df`
        # build compiles the app
        FROM golang:1.23 AS build
        # VERSION is the release to install
        ARG VERSION=1.0
      `,
      df`
        # a remark, not a description
        #
        FROM golang:1.23 AS build
      `,
      df`
        FROM alpine:3.20
        # check=skip=SecretsUsedInArgOrEnv
        ARG API_TOKEN
      `,
    ],
    whenNotToUse: 'Files nobody inspects with `--call=outline`: the comments are then just comments.',
    differences: {
      buildkit: 'A `# check=…` comment (which configures checks for the instruction) is not taken for a description.',
      notes:
        'As in BuildKit (and unlike what its documentation says), a blank line does not separate a comment from the ' +
        'instruction below it: only an empty `#` line or another instruction does.',
    },
    references: [
      'https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/',
      'https://docs.docker.com/reference/cli/docker/buildx/build/#call-outline',
    ],
  },
  create(ctx) {
    return {
      'File:exit'() {
        let previousEnd = 0;
        for (const instr of ctx.file.instructions) {
          const end = previousEnd;
          previousEnd = instr.range.end;
          const keys = definedNames(instr);
          if (keys.length === 0) continue;
          const block = commentBlock(ctx.file, instr, end).filter((c) => !CHECK_COMMENT.test(c.text));
          const last = block[block.length - 1];
          if (!last) continue;
          const first = last.text.split(' ')[0] as string;
          if (keys.includes(first)) continue;
          const what = instr instanceof FromInstruction ? `stage \`${keys[0] as string}\`` : keys.length > 1 ? 'these ARGs' : `ARG \`${keys[0] as string}\``;
          const name = keys.length > 1 ? `one of ${keys.map((k) => `\`${k}\``).join(', ')}` : `\`${keys[0] as string}\``;
          // Where BuildKit reports it: the instruction the comment describes (from its keyword to the names).
          const at = { start: instr.keyword.start, end: Math.max(instr.keyword.end, namesEnd(instr)) };
          ctx.report({
            at,
            message: 'description',
            data: { what, name, example: keys[0] as string },
            related: [{ range: last.range, message: 'The comment taken for the description' }],
          });
        }
      },
    };
  },
});

/** The names BuildKit compares the description with: the stage name (lower-cased) or the ARG names as written. */
function definedNames(instr: Instruction): string[] {
  if (instr instanceof FromInstruction) {
    const name = instr.stageName?.value.toLowerCase();
    return name ? [name] : [];
  }
  if (instr instanceof ArgInstruction) return instr.declarations.map((d) => d.name).filter((n) => n !== '');
  return [];
}

/** Where the names an instruction defines end: the stage name, or the last ARG name. */
function namesEnd(instr: Instruction): number {
  if (instr instanceof FromInstruction) return instr.stageName?.range.end ?? instr.keyword.end;
  if (instr instanceof ArgInstruction) return Math.max(instr.keyword.end, ...instr.declarations.map((d) => d.nameRange.end));
  return instr.keyword.end;
}
