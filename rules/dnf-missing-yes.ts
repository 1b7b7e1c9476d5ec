import { defineRule, df } from './define.js';
import { addOption, DNF_TOOLS, programs, rpmAssumesYes, rpmCall, rpmPrompts } from './utils/os-packages.js';

export default defineRule({
  id: 'dnf-missing-yes',
  aliases: ['DL3038'],
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
    summary: '`dnf install` or `microdnf install` (or another command that asks for confirmation) without `-y`.',
    why:
      'dnf shows the transaction and asks "Is this ok [y/N]" before it changes anything; recent microdnf releases ' +
      'ask too. During a build nobody can answer, so the answer is the default — no — and the RUN fails. `-y` ' +
      '(`--assumeyes`) answers yes up front so the build runs unattended.',
    bad: [
      {
        code: df`
          FROM fedora:40
          RUN dnf install httpd-2.4.62 && dnf clean all
        `,
        fixed: df`
          FROM fedora:40
          RUN dnf install -y httpd-2.4.62 && dnf clean all
        `,
      },
      {
        code: df`
          FROM registry.access.redhat.com/ubi9/ubi-minimal
          RUN microdnf install shadow-utils-4.9 && microdnf clean all
        `,
        fixed: df`
          FROM registry.access.redhat.com/ubi9/ubi-minimal
          RUN microdnf install -y shadow-utils-4.9 && microdnf clean all
        `,
      },
    ],
    good: [
      df`
        FROM fedora:40
        RUN dnf install -y httpd-2.4.62 && dnf clean all
      `,
      df`
        FROM fedora:40
        RUN dnf --assumeyes group install "Development Tools" && dnf5 -y upgrade && dnf clean all && dnf repolist
      `,
    ],
    fixSafety:
      'Safe: `-y` only answers the prompt, so a build that worked gives the same image and one that stopped at the ' +
      'prompt now goes on. No fix is offered inside an escaped `["sh", "-c", "…"]` string.',
    whenNotToUse: 'When the image\'s dnf configuration already sets `assumeyes=True`.',
    differences: {
      hadolint:
        'hadolint checks only install, groupinstall and localinstall: every command that asks before changing the ' +
        'system is checked (upgrade, remove, reinstall, downgrade, distro-sync, swap, `group …` and `module …` ' +
        'transactions), `dnf5` is checked like dnf, and `--setopt=assumeyes=1` counts as `-y`. Commands inside ' +
        '`$(…)` are not checked.',
    },
    references: ['https://dnf.readthedocs.io/en/latest/command_ref.html', 'https://dnf5.readthedocs.io/en/latest/commands/index.html', 'https://github.com/rpm-software-management/microdnf'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of programs(script, ...DNF_TOOLS)) {
          const sub = rpmCall(cmd);
          if (!sub || !rpmPrompts(sub) || rpmAssumesYes(cmd)) continue;
          const edit = addOption(ctx.text, script, sub.word, '-y');
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            data: { command: `${cmd.name} ${sub.name}` },
            ...(edit && { fix: { title: 'Add -y', applicability: 'safe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});
