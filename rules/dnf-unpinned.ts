import { defineRule, df } from './define.js';
import { DNF_TOOLS, programs, rpmCall, rpmInstalled, rpmPinned, rpmSkipped } from './utils/os-packages.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';
import { RPM_VERSION_VARIABLES } from './utils/version-variables.js';

export default defineRule({
  id: 'dnf-unpinned',
  aliases: ['DL3041'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{pkg}` is installed without a version: pin it as `{pkg}-<version>`',
    stream: 'Module `{module}` is installed without a stream: write `{module}:<stream>`',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: 'A package in `dnf install` / `microdnf install` has no version, or a module in `module install` no stream.',
    why:
      '`dnf install httpd` installs the newest httpd the repositories offer on the day of the build, so two builds ' +
      'of one Dockerfile can differ and a rebuild can bring in an upgrade nobody tested. Naming the version ' +
      '(`httpd-2.4.62`, `httpd-2.4.62-1.fc40`) keeps rebuilds predictable; for modules, the stream (`nodejs:20`) ' +
      'fixes the major version.',
    bad: [
      {
        code: df`
          FROM fedora:40
          RUN dnf install -y httpd-2.4.62 mod_ssl && dnf clean all
        `,
        note: '`mod_ssl` is reported; `httpd` is pinned.',
      },
      {
        code: df`
          FROM registry.access.redhat.com/ubi8/ubi
          RUN dnf module install -y nodejs && dnf clean all
        `,
      },
    ],
    good: [
      df`
        FROM fedora:40
        RUN dnf install -y httpd-2.4.62 gcc-c++-14.2.1 /tmp/tool-1.0-1.x86_64.rpm && dnf clean all
      `,
      df`
        FROM fedora:40
        RUN dnf -y group install "Development Tools" && dnf install -y @development-tools && dnf clean all
      `,
      df`
        FROM registry.access.redhat.com/ubi8/ubi
        RUN dnf module install -y nodejs:20/common && dnf clean all
      `,
      df`
        FROM registry.access.redhat.com/ubi9/ubi-minimal
        ARG VERSION=2.4.62
        RUN microdnf install -y --enablerepo ubi-9-appstream-rpms "httpd-\${VERSION}" && microdnf clean all
      `,
    ],
    whenNotToUse: 'Images rebuilt on purpose to pick up every update: pin the base image instead and turn this rule off.',
    differences: {
      hadolint:
        `${RPM_VERSION_VARIABLES} The ` +
        'value of an option such as `--enablerepo x` is not taken for a package; `@group` names are not reported; ' +
        '`dnf5` is checked like dnf. Commands inside `$(…)` are not checked.',
    },
    references: ['https://dnf.readthedocs.io/en/latest/command_ref.html#install-command-label', 'https://dnf.readthedocs.io/en/latest/modularity.html'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of programs(ctx.shell(run), ...DNF_TOOLS)) {
          const sub = rpmCall(cmd);
          if (!sub) continue;
          const { packages, modules } = rpmInstalled(sub);
          for (const w of packages) {
            if (!w.literal) {
              const unset = unsetVersionVariable(ctx, run, info, w, (before) => /^[a-z0-9][^@]*-/i.test(before));
              if (unset) ctx.report({ at: { start: w.start, end: w.end }, message: 'unsetVersion', data: unsetVersionData(ctx, w, unset) });
              continue;
            }
            if (rpmSkipped(w) || rpmPinned(w.value)) continue;
            ctx.report({ at: { start: w.start, end: w.end }, message: 'unpinned', data: { pkg: w.value } });
          }
          for (const w of modules) {
            if (!w.literal) {
              const unset = unsetVersionVariable(ctx, run, info, w, (before) => /^[a-z0-9][^:]*:/i.test(before));
              if (unset) ctx.report({ at: { start: w.start, end: w.end }, message: 'unsetVersion', data: unsetVersionData(ctx, w, unset) });
              continue;
            }
            if (w.value === '' || w.value.includes(':')) continue;
            ctx.report({ at: { start: w.start, end: w.end }, message: 'stream', data: { module: w.value } });
          }
        }
      },
    };
  },
});
