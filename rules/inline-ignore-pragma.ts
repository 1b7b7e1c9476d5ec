import { defineRule, df } from './define.js';

/** An inline hadolint pragma (the `global` and `stage` forms are not inline). */
const INLINE = /^#\s*hadolint\s+ignore\s*=/;

export default defineRule({
  id: 'inline-ignore-pragma',
  aliases: ['DL1001'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  enabled: false,
  messages: {
    pragma: 'Inline `# hadolint ignore=…` pragma: findings are suppressed next to the code instead of in the configuration',
  },
  docs: {
    summary: 'An inline `# hadolint ignore=…` comment (off unless enabled).',
    why:
      'An inline pragma silences a finding for the instruction below it, where reviewers rarely look twice. Teams ' +
      'that want every exception to be visible in one place — the configuration file, with a reason next to it — ' +
      'enable this rule to find the pragmas scattered through their Dockerfiles. It is off by default because an ' +
      'inline exception, kept next to the code it excuses, is a good practice for most projects.',
    bad: [
      {
        code: df`
          FROM debian:bookworm-slim
          # hadolint ignore=DL3008
          RUN apt-get update && apt-get install -y --no-install-recommends curl
        `,
      },
    ],
    good: [
      df`
        # hadolint global ignore=DL3008
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl
      `,
      df`
        FROM debian:bookworm-slim
        # hadolint stage ignore=DL3008
        # hadolint shell=bash
        RUN apt-get update && apt-get install -y --no-install-recommends curl
      `,
    ],
    whenNotToUse: 'Most projects: inline exceptions next to the code they excuse are easy to review.',
    differences: {
      notes:
        'berth\'s own `# berth-ignore` comments are not reported; hadolint\'s `global` and `stage` pragmas are not ' +
        'either, as in hadolint.',
    },
    references: ['https://github.com/hadolint/hadolint#inline-ignores'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        for (const c of ctx.file.comments()) {
          if (INLINE.test(c.text())) ctx.report({ at: c, message: 'pragma' });
        }
      },
    };
  },
});
