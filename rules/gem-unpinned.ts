import { defineRule, df } from './define.js';
import { gemInstall, gemPinned } from './utils/run-commands.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'gem-unpinned',
  aliases: ['DL3028'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: 'The gem `{name}` is installed without a version: pin it (`{name}:<version>` or `-v <version>`)',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: '`gem install <gem>` without a version.',
    why:
      'Without a version RubyGems installs the newest release at build time, so rebuilding the same Dockerfile can ' +
      'put a different version of the gem (and of its dependencies) into the image. Name the version with ' +
      '`gem install rails:7.2.1` or `gem install rails -v 7.2.1`, or let Bundler install what `Gemfile.lock` records.',
    bad: [
      {
        code: df`
          FROM ruby:3.3-slim
          RUN gem install --no-document bundler
        `,
      },
    ],
    good: [
      df`
        FROM ruby:3.3-slim
        RUN gem install --no-document bundler:2.5.18 rake:13.2.1
      `,
      df`
        FROM ruby:3.3-slim
        RUN gem install bundler -v 2.5.18
      `,
      df`
        FROM ruby:3.3-slim
        COPY vendor/cache/nokogiri-1.16.7.gem /tmp/
        RUN gem install /tmp/nokogiri-1.16.7.gem -- --use-system-libraries
      `,
    ],
    whenNotToUse: 'Development images that deliberately take the newest release of a gem.',
    differences: {
      hadolint:
        'Options that take no value, such as `--no-document` or `-N`, do not hide the gem after them (hadolint ' +
        'skips the word after every option, so `gem install --no-document rails` passes there); a gem given by a ' +
        'variable, or with a version from a variable an ARG or ENV declares, is not reported; but a version taken ' +
        'from a variable that nothing sets in the stage (no ARG or ENV declares it, the RUN does not set it, and ' +
        'the base image is not known to set it) is reported on its own: the version is then empty ' +
        '(`rails:$RAILS_VERSION`, `-v $VERSION`, which hadolint always accepts).',
    },
    references: ['https://guides.rubygems.org/command-reference/#gem-install', 'https://bundler.io/guides/rationale.html'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of ctx.shell(run).commands) {
          const gem = gemInstall(cmd);
          if (!gem) continue;
          if (gem.versioned) {
            const version = cmd.flagValue('v', 'version');
            if (version && !version.literal) {
              const unset = unsetVersionVariable(ctx, run, info, version, 'whole');
              const flag = cmd.flag('v', 'version');
              const written = !flag ? ctx.slice(version) : flag.inlineValue === undefined ? `${flag.word.value} ${ctx.slice(version)}` : ctx.slice(flag.word);
              if (unset) ctx.report({ at: { start: version.start, end: version.end }, message: 'unsetVersion', data: unsetVersionData(ctx, version, unset, written) });
            }
            continue;
          }
          for (const p of gem.packages) {
            if (!p.literal) {
              const unset = unsetVersionVariable(ctx, run, info, p, (before) => /^[a-z0-9][^:]*:/i.test(before));
              if (unset) ctx.report({ at: { start: p.start, end: p.end }, message: 'unsetVersion', data: unsetVersionData(ctx, p, unset) });
              continue;
            }
            if (gemPinned(p.value)) continue;
            ctx.report({ at: p, message: 'unpinned', data: { name: p.value } });
          }
        }
      },
    };
  },
});
