import type { ShellCommand } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { commandVariables, editable, exportedBefore, latestStart, pipInstall } from './utils/run-commands.js';

/**
 * Values pip accepts for PIP_NO_CACHE_DIR. pip turns the cache off for every one of them, false ones included
 * (kept that way for backward compatibility); anything else is an error that stops the build.
 */
const BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;

/** `pip cache purge`, or an `rm` of pip's cache directory. */
function purges(c: ShellCommand): boolean {
  if (c.name === 'rm') return c.args.some((a) => /(^|\/)\.cache(\/pip)?\/?$/.test(a.value) || /\.cache\/pip(\/|$)/.test(a.value));
  return /^(pip(\d+(\.\d+)*)?|python(\d+(\.\d+)*)?)$/.test(c.name) && c.hasArg('cache') && c.hasArg('purge');
}

export default defineRule({
  id: 'pip-cache-dir',
  aliases: ['DL3042'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`pip install` keeps its download cache in the image: add `--no-cache-dir`',
  },
  docs: {
    summary: '`pip install` without `--no-cache-dir` leaves pip\'s cache in the image layer.',
    why:
      'pip keeps every package it downloads, and every wheel it builds, in a cache under `~/.cache/pip` so that the ' +
      'next install on the same machine is faster. In an image build there is no next install: the cache is simply ' +
      'written into the layer and shipped with the image, often tens of megabytes for a few packages. ' +
      '`--no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`) skips it; a BuildKit cache mount on `/root/.cache/pip` keeps ' +
      'the speed-up between builds without putting the files in the image.',
    bad: [
      {
        code: df`
          FROM python:3.12-slim
          RUN pip install flask==3.0.3
        `,
        fixed: df`
          FROM python:3.12-slim
          RUN pip install --no-cache-dir flask==3.0.3
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          RUN python3 -m pip install -r requirements.txt
        `,
        fixed: df`
          FROM python:3.12-slim
          RUN python3 -m pip install --no-cache-dir -r requirements.txt
        `,
      },
    ],
    good: [
      df`
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask==3.0.3
      `,
      df`
        FROM python:3.12-slim
        ENV PIP_NO_CACHE_DIR=1
        RUN pip install flask==3.0.3
      `,
      df`
        FROM python:3.12-slim
        RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3
      `,
      df`
        FROM python:3.12-slim
        RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
      `,
      df`
        FROM python:3.12-slim
        RUN pip install flask==3.0.3 && pip cache purge
      `,
    ],
    fixSafety:
      'Safe: the same packages are installed; only pip\'s download and wheel cache is not written. No later step ' +
      'needs it — a later `pip install` just downloads again.',
    whenNotToUse: 'When a BuildKit cache mount or a pip configuration file in the base image already turns the cache off.',
    differences: {
      hadolint:
        '`PIP_NO_CACHE_DIR=0` (or `false`, `no`, `off`) also exempts, because pip turns the cache off for any ' +
        'boolean value of that variable; the variable only counts when pip can see it (a prefix on the command, ' +
        '`env`, `export`, or an ENV or ARG in this stage or a stage it builds on), not when it merely appears ' +
        'somewhere in the RUN; `pip cache purge` or removing `~/.cache/pip` later in the same RUN exempts; `pipx` ' +
        'is not treated as pip.',
    },
    references: [
      'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-no-cache-dir',
      'https://pip.pypa.io/en/stable/topics/caching/',
      'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
    ],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        if (hasCacheMount(run, '.cache/pip', '/root/.cache/pip')) return;
        const commands = script.commands;
        /** Where the last purge of the cache starts: a pip install before it leaves nothing behind. */
        let lastPurge: number | undefined;
        let fromEnv: boolean | undefined;
        /** ENV or ARG PIP_NO_CACHE_DIR in this stage or one it builds on (both reach RUN as environment variables). */
        const stageSaysNoCache = (): boolean => {
          if (fromEnv === undefined) {
            const b = ctx.model.resolve('PIP_NO_CACHE_DIR', run.range.start);
            fromEnv = b !== undefined && (b.value === undefined || BOOLEAN.test(b.value.trim()));
          }
          return fromEnv;
        };
        for (const cmd of script.commands) {
          const pip = pipInstall(cmd);
          if (!pip || cmd.hasFlag('no-cache-dir')) continue;
          // The variable as pip sees it: set on the command, exported earlier in the RUN, or from the stage.
          // A value berth cannot read (`$X`) gets the benefit of the doubt.
          const own = commandVariables(cmd, commands);
          const set = own.has('PIP_NO_CACHE_DIR') ? { value: own.get('PIP_NO_CACHE_DIR') } : exportedBefore('PIP_NO_CACHE_DIR', cmd.start, commands);
          if (set ? set.value === undefined || BOOLEAN.test(set.value.trim()) : stageSaysNoCache()) continue;
          lastPurge ??= latestStart(commands, purges);
          if (lastPurge > cmd.start) continue;
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            ...(editable(script)
              ? { fix: { title: 'Add --no-cache-dir', applicability: 'safe' as const, edits: [ctx.insertAfter(pip.install, ' --no-cache-dir')] } }
              : {}),
          });
        }
      },
    };
  },
});
