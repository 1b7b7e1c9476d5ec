import { defineRule, df } from './define.js';
import { addOption, aptAssumesYes, aptGetInstall, programs } from './utils/os-packages.js';

export default defineRule({
  id: 'apt-get-missing-yes',
  aliases: ['DL3014'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`apt-get install` without `-y` stops at its confirmation prompt and fails the build',
  },
  docs: {
    summary: '`apt-get install` without `-y` (or another way to answer its prompt).',
    why:
      'When an install pulls in more packages than you named, apt-get asks "Do you want to continue? [Y/n]". A ' +
      'build has nobody to answer and no terminal, so apt-get reads end of input, aborts, and the RUN fails — or ' +
      'worse, it works today and fails the day a dependency is added. `-y` answers yes up front.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get install --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get install -y --no-install-recommends curl
        `,
      },
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get -q install --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get -q install -y --no-install-recommends curl
        `,
        note: 'Quiet level 1 does not answer the prompt; level 2 would.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get install -y --no-install-recommends curl
      `,
      df`
        FROM debian:bookworm
        RUN apt-get install -qq --no-install-recommends curl
      `,
      df`
        FROM debian:bookworm
        RUN apt-get -q -q install --no-install-recommends curl && apt-get install --quiet=2 --no-install-recommends git
      `,
      df`
        FROM debian:bookworm
        RUN apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends curl
      `,
    ],
    fixSafety:
      'Safe: `-y` only answers the prompt, so a build that worked gives the same image, and one that stopped at the ' +
      'prompt now goes on. It does not let apt remove essential packages or downgrade (those need their own ' +
      'options). No fix is offered inside an escaped `["sh", "-c", "…"]` string.',
    whenNotToUse: 'When an apt configuration file in the image already sets `APT::Get::Assume-Yes`.',
    differences: {
      hadolint:
        'Three or more `q`s (`-qqq`) count as quiet level 2, as apt caps the level there; `--quiet=2` and `-o ' +
        'APT::Get::Assume-Yes=true` also count. Commands inside `$(…)` are not checked.',
    },
    references: ['https://manpages.debian.org/bookworm/apt/apt-get.8.en.html', 'https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of programs(script, 'apt-get')) {
          const install = aptGetInstall(cmd);
          if (!install || aptAssumesYes(cmd)) continue;
          const edit = addOption(ctx.text, script, install.word, '-y');
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            ...(edit && { fix: { title: 'Add -y', applicability: 'safe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});
