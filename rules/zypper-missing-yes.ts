import { defineRule, df } from './define.js';
import { addOption, programs, ZYPPER_PROMPTING, zypperCall, zypperNonInteractive } from './utils/os-packages.js';

export default defineRule({
  id: 'zypper-missing-yes',
  aliases: ['DL3034'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`{command}` without `-n` (`--non-interactive`) stops at its confirmation prompt during the build',
  },
  docs: {
    summary: '`zypper install` (or another zypper command that asks) run interactively.',
    why:
      'zypper shows what it is about to do and asks "Continue? [y/n/v/...]" — and may ask about signing keys or ' +
      'licences too. A build has nobody to answer, so the RUN fails or waits on input that never comes. The global ' +
      'option `-n` (`--non-interactive`), written before the subcommand, makes zypper take the default answers; the ' +
      'subcommand\'s own `-y` (`--no-confirm`) does the same for its confirmation.',
    bad: [
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper install curl=8.6.0 && zypper clean --all
        `,
        fixed: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install curl=8.6.0 && zypper clean --all
        `,
      },
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper install -n curl=8.6.0 && zypper clean --all
        `,
        fixed: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install -n curl=8.6.0 && zypper clean --all
        `,
        note: 'After the subcommand, `-n` means `--name` (match package names only), not non-interactive.',
      },
    ],
    good: [
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n install curl=8.6.0 && zypper clean --all
      `,
      df`
        FROM opensuse/leap:15.6
        RUN zypper --non-interactive install curl=8.6.0 && zypper install -y git=2.43.0 && zypper clean --all
      `,
    ],
    fixSafety:
      'Safe: `-n` is inserted right after `zypper`, where global options go, and only answers prompts with their ' +
      'defaults: a build that worked gives the same image, one that stopped at a prompt goes on. No fix is ' +
      'offered inside an escaped `["sh", "-c", "…"]` string.',
    differences: {
      hadolint:
        '`-n` counts only before the subcommand (after `install` it is `--name`); update, dist-upgrade and ' +
        'install-new-recommends are checked too. Commands inside `$(…)` are not checked.',
    },
    references: ['https://en.opensuse.org/SDB:Zypper_manual', 'https://doc.opensuse.org/documentation/leap/reference/html/book-reference/cha-sw-cl.html'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of programs(script, 'zypper')) {
          const call = zypperCall(cmd);
          if (!call || !ZYPPER_PROMPTING.has(call.long) || zypperNonInteractive(call, cmd)) continue;
          const edit = addOption(ctx.text, script, cmd.nameWord, '-n');
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            data: { command: `zypper ${call.name}` },
            ...(edit && { fix: { title: 'Add -n (--non-interactive)', applicability: 'safe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});
