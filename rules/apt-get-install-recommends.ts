import { defineRule, df } from './define.js';

export default defineRule({
  id: 'apt-get-install-recommends',
  aliases: ['DL3015'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'always',
  onbuild: true,
  messages: {
    missing: '`apt-get install` also installs the recommended packages: add `--no-install-recommends`',
  },
  docs: {
    summary: '`apt-get install` without `--no-install-recommends` pulls in packages nobody asked for.',
    why:
      'By default apt installs every package a requested package "recommends", not only what it depends on. In an ' +
      'image that often means documentation tools, extra locales or a whole X11 stack next to the one program you ' +
      'wanted: tens or hundreds of megabytes to download, store and scan for vulnerabilities. Asking for ' +
      '`--no-install-recommends` keeps the image to what you named and what it needs.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install --no-install-recommends -y curl
        `,
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y --no-install-recommends curl
      `,
      df`
        FROM debian:bookworm
        RUN apt-get -o APT::Install-Recommends=false install -y curl
      `,
    ],
    fixSafety:
      'Unsafe: a program may need a package that was only recommended (a TLS certificate bundle, a locale) and ' +
      'fail at run time without it. Review what the image needs before accepting the fix.',
    whenNotToUse: 'Images that deliberately want the full recommended set, such as a developer workstation image.',
    references: ['https://manpages.debian.org/bookworm/apt/apt-get.8.en.html', 'https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  create(ctx) {
    return {
      Run(run) {
        for (const cmd of ctx.shell(run).commands) {
          if (cmd.name !== 'apt-get' || cmd.subcommand(['o', 'c', 't'])?.value !== 'install') continue;
          if (cmd.hasFlag('no-install-recommends') || cmd.args.some((a) => /^APT::Install-Recommends=(false|0|no)$/i.test(a.value))) continue;
          const sub = cmd.subcommand(['o', 'c', 't']);
          if (!sub) continue;
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            fix: { title: 'Add --no-install-recommends', applicability: 'unsafe', edits: [ctx.insertAfter(sub, ' --no-install-recommends')] },
          });
        }
      },
    };
  },
});
