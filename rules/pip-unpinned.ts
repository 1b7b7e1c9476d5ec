import { defineRule, df } from './define.js';
import { pipInstall, pipPinned, pipxInstall } from './utils/run-commands.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'pip-unpinned',
  aliases: ['DL3013'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{name}` is installed without a version: pin it (`{name}==<version>`) or install from a requirements file',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: '`pip install` (or `pipx install`) of a package without a version specifier.',
    why:
      'Without a version, pip installs whatever is newest on the index at the moment the image is built. Two builds ' +
      'of the same Dockerfile a week apart can then contain different code, and a new release with a breaking ' +
      'change or a bug fails the build (or worse, the running container) with no change on your side. Pinning ' +
      '`name==1.2.3`, or installing from a requirements or constraints file that pins everything, makes the build ' +
      'repeatable and upgrades a deliberate change you can review.',
    bad: [
      {
        code: df`
          FROM python:3.12-slim
          RUN pip install --no-cache-dir flask==3.0.3 gunicorn
        `,
        note: '`gunicorn` has no version.',
      },
      {
        code: df`
          FROM python:3.12-slim
          RUN python3 -m pip install --no-cache-dir --index-url https://pypi.example.com/simple requests
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          RUN pip install --no-cache-dir pipx==1.7.1 && pipx install black
        `,
        note: 'pipx installs an application with pip: `black` is as unpinned as with `pip install black`.',
      },
    ],
    good: [
      df`
        FROM python:3.12-slim
        RUN pip install --no-cache-dir "flask>=3.0,<3.1" gunicorn==22.0.0
      `,
      df`
        FROM python:3.12-slim
        COPY requirements.txt constraints.txt ./
        RUN pip install --no-cache-dir -r requirements.txt
        RUN pip install --no-cache-dir -c constraints.txt flask
      `,
      df`
        FROM python:3.12-slim
        COPY . /src
        RUN pip install --no-cache-dir /src ./dist/app-1.0-py3-none-any.whl "git+https://github.com/pallets/click.git@8.1.7"
      `,
      df`
        FROM python:3.12-slim
        ARG EXTRA
        RUN pip install --no-cache-dir \${EXTRA}
      `,
      df`
        FROM python:3.12-slim
        RUN pip install --no-cache-dir pipx==1.7.1 \
         && pipx install --python python3.12 black==24.1.0 \
         && pipx inject black "click>=8.1,<8.2"
      `,
    ],
    whenNotToUse:
      'Throw-away development images where getting the newest version of a tool matters more than repeatable builds.',
    differences: {
      hadolint:
        'A requirements file (`-r`) does not exempt the other packages named on the same line (`pip install -r ' +
        'req.txt flask` still reports `flask`); a package given by a variable (`$PKG`), or with a version from a ' +
        'variable an ARG or ENV declares, is not reported, since berth cannot know what it holds (hadolint reports ' +
        'both); but a version taken from a variable that nothing sets in the stage (no ARG or ENV declares it, the ' +
        'RUN does not set it, and the base image is not known to set it) is reported on its own: the version is ' +
        'then empty (`flask==$FLASK_VERSION`).',
      notes:
        'Like hadolint, `pipx install` and `pipx runpip <app> install` are checked like `pip install`: pipx installs ' +
        'each application from the index with pip. berth also checks `python -m pipx install` and `pipx inject` (the ' +
        'packages after the application\'s name), which hadolint does not look at.',
    },
    references: [
      'https://pip.pypa.io/en/stable/cli/pip_install/',
      'https://pip.pypa.io/en/stable/reference/requirement-specifiers/',
      'https://pip.pypa.io/en/stable/user_guide/#constraints-files',
    ],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of ctx.shell(run).commands) {
          const pip = pipInstall(cmd) ?? pipxInstall(cmd);
          if (!pip || pip.constrained) continue;
          for (const p of pip.packages) {
            if (!p.literal) {
              const unset = unsetVersionVariable(ctx, run, info, p, (before) => /^[a-z0-9][^=<>!~@]*(===|==|~=|!=|>=|<=|<|>|@)/i.test(before));
              if (unset) ctx.report({ at: { start: p.start, end: p.end }, message: 'unsetVersion', data: unsetVersionData(ctx, p, unset) });
              continue;
            }
            if (pipPinned(p.value)) continue;
            ctx.report({ at: p, message: 'unpinned', data: { name: p.value } });
          }
        }
      },
    };
  },
});
