import { defineRule, df } from './define.js';
import { npmInstall, npmPinned } from './utils/run-commands.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'npm-unpinned',
  aliases: ['DL3016'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{name}` is installed without a version: pin it (`{name}@<version>`)',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: '`npm install <package>` without a version.',
    why:
      'A bare package name, or `@latest`, makes npm fetch whatever was published last when the image is built. The ' +
      'same Dockerfile then produces different images over time, and a new major release can break the build or ' +
      'the application without any change on your side. Pin the version (`typescript@5.6.3`), or list the ' +
      'dependencies in `package.json` with a lock file and run `npm ci`.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          RUN npm install -g typescript@5.6.3 pm2
        `,
        note: '`pm2` has no version.',
      },
      {
        code: df`
          FROM node:22-alpine
          RUN npm i -g npm@latest
        `,
        note: '`@latest` names whatever is newest, not one version.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        RUN npm install -g typescript@5.6.3 @angular/cli@18.2.0
      `,
      df`
        FROM node:22-alpine
        COPY package.json package-lock.json ./
        RUN npm ci && npm install
      `,
      df`
        FROM node:22-alpine
        COPY vendor/ /vendor/
        RUN npm install ./vendor/lib /vendor/tool-1.0.0.tgz git+https://github.com/npm/cli.git#v10.8.3
      `,
      df`
        FROM node:22-alpine
        ARG TOOLS
        RUN npm install -g \${TOOLS}
      `,
    ],
    whenNotToUse: 'Development images that deliberately track the newest release of a tool.',
    differences: {
      hadolint:
        'The aliases `npm i` and `npm add` are checked like `npm install`; `name@latest` and a git URL or GitHub ' +
        'shorthand without `#<ref>` count as unpinned; a package given by a variable, or with a version from a ' +
        'variable an ARG or ENV declares, is not reported (hadolint reports both); but a version taken from a ' +
        'variable that nothing sets in the stage (no ARG or ENV declares it, the RUN does not set it, and the base ' +
        'image is not known to set it) is reported on its own: the version is then empty (`left-pad@$VERSION`: npm ' +
        'then installs the newest release).',
    },
    references: ['https://docs.npmjs.com/cli/commands/npm-install', 'https://docs.npmjs.com/cli/commands/npm-ci'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of ctx.shell(run).commands) {
          const npm = npmInstall(cmd);
          if (!npm) continue;
          for (const p of npm.packages) {
            if (!p.literal) {
              const unset = unsetVersionVariable(ctx, run, info, p, (before) => /^(@[^/@]+\/)?[^@]+@/.test(before));
              if (unset) ctx.report({ at: { start: p.start, end: p.end }, message: 'unsetVersion', data: unsetVersionData(ctx, p, unset) });
              continue;
            }
            if (npmPinned(p.value)) continue;
            const name = p.value.replace(/@latest$/, '').replace(/@$/, '');
            ctx.report({ at: p, message: 'unpinned', data: { name } });
          }
        }
      },
    };
  },
});
