import { defineRule, df } from './define.js';
import { programs, zypperCall } from './utils/os-packages.js';

export default defineRule({
  id: 'zypper-dist-upgrade',
  aliases: ['DL3035'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    dup: '`zypper {sub}` upgrades the whole distribution inside the build: use a newer base image instead',
  },
  docs: {
    summary: '`zypper dist-upgrade` (`zypper dup`) in a RUN.',
    why:
      'A distribution upgrade replaces the packages of the base image with whatever the repositories hold today, ' +
      'possibly switching vendors or major versions. The result depends on the day of the build, is large (a new ' +
      'copy of every upgraded package lands in the layer) and is no longer the base image that was tested. Choose ' +
      'a newer base image tag, and use `zypper patch` or `zypper update` for fixes within a release.',
    bad: [
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper -n dup && zypper clean --all
        `,
      },
    ],
    good: [
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n patch && zypper clean --all
      `,
    ],
    whenNotToUse: 'Rolling distributions such as openSUSE Tumbleweed, where `zypper dup` is the documented way to update.',
    references: ['https://en.opensuse.org/SDB:Zypper_manual', 'https://en.opensuse.org/SDB:System_upgrade'],
  },
  create(ctx) {
    return {
      Run(run) {
        for (const cmd of programs(ctx.shell(run), 'zypper')) {
          const call = zypperCall(cmd);
          if (call?.long !== 'dist-upgrade') continue;
          ctx.report({ at: { start: call.word.start, end: call.word.end }, message: 'dup', data: { sub: call.name } });
        }
      },
    };
  },
});
