import { defineRule, df } from './define.js';
import { addOption, programs, rpmAssumesYes, rpmCall, rpmPrompts } from './utils/os-packages.js';

export default defineRule({
  id: 'yum-missing-yes',
  aliases: ['DL3030'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`{command}` without `-y` stops at its confirmation prompt and fails the build',
  },
  docs: {
    summary: '`yum install` (or another yum command that asks for confirmation) without `-y`.',
    why:
      'Before it changes anything, yum lists the transaction and asks "Is this ok [y/N]". During a build nobody ' +
      'can answer: yum reads end of input, takes it as no, and the RUN fails. `-y` (`--assumeyes`) answers yes up ' +
      'front so the build runs unattended.',
    bad: [
      {
        code: df`
          FROM centos:7
          RUN yum install httpd-2.4.6 && yum clean all
        `,
        fixed: df`
          FROM centos:7
          RUN yum install -y httpd-2.4.6 && yum clean all
        `,
      },
      {
        code: df`
          FROM centos:7
          RUN yum groupinstall "Development Tools" -y && yum update && yum clean all
        `,
        fixed: df`
          FROM centos:7
          RUN yum groupinstall "Development Tools" -y && yum update -y && yum clean all
        `,
        note: '`yum update` asks too.',
      },
    ],
    good: [
      df`
        FROM centos:7
        RUN yum install -y httpd-2.4.6 && yum clean all
      `,
      df`
        FROM centos:7
        RUN yum --assumeyes localinstall /tmp/tool-1.0.rpm && yum clean all && yum list installed
      `,
    ],
    fixSafety:
      'Safe: `-y` only answers the prompt, so a build that worked gives the same image and one that stopped at the ' +
      'prompt now goes on. No fix is offered inside an escaped `["sh", "-c", "…"]` string.',
    whenNotToUse: 'When the image\'s /etc/yum.conf already sets `assumeyes=1`.',
    differences: {
      hadolint:
        'hadolint checks only install, groupinstall and localinstall: every yum command that asks before changing ' +
        'the system is checked (update, upgrade, remove, reinstall, downgrade, distro-sync, swap, `group …` and ' +
        '`module …` transactions). `--setopt=assumeyes=1` counts as `-y`. Commands inside `$(…)` are not checked.',
    },
    references: ['https://man7.org/linux/man-pages/man8/yum.8.html'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of programs(script, 'yum')) {
          const sub = rpmCall(cmd);
          if (!sub || !rpmPrompts(sub) || rpmAssumesYes(cmd)) continue;
          const edit = addOption(ctx.text, script, sub.word, '-y');
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            data: { command: `yum ${sub.name}` },
            ...(edit && { fix: { title: 'Add -y', applicability: 'safe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});
