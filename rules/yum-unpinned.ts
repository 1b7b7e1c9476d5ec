import { defineRule, df } from './define.js';
import { programs, rpmCall, rpmInstalled, rpmPinned, rpmSkipped } from './utils/os-packages.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';
import { RPM_VERSION_VARIABLES } from './utils/version-variables.js';

export default defineRule({
  id: 'yum-unpinned',
  aliases: ['DL3033'],
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
    summary: 'A package in `yum install` has no version, or a module in `yum module install` no stream.',
    why:
      '`yum install httpd` installs the newest httpd the repositories offer on the day of the build, so two builds ' +
      'of one Dockerfile can differ, and a rebuild for an unrelated change can bring in an upgrade nobody tested. ' +
      'Naming the version (`httpd-2.4.6`, `httpd-2.4.6-99.el7`) keeps rebuilds predictable; for modules, the stream ' +
      '(`nodejs:18`) decides the major version.',
    bad: [
      {
        code: df`
          FROM centos:7
          RUN yum install -y httpd-2.4.6 mod_ssl && yum clean all
        `,
        note: '`mod_ssl` is reported; `httpd` is pinned.',
      },
      {
        code: df`
          FROM rockylinux:8
          RUN yum module install -y nodejs && yum clean all
        `,
      },
    ],
    good: [
      df`
        FROM centos:7
        RUN yum install -y httpd-2.4.6 openssl-1:1.0.2k gcc-c++-4.8.5 /tmp/tool-1.0-1.x86_64.rpm && yum clean all
      `,
      df`
        FROM rockylinux:8
        RUN yum module install -y nodejs:18/common && yum clean all
      `,
      df`
        FROM centos:7
        ARG HTTPD_VERSION=2.4.6
        RUN yum install -y --enablerepo extras "httpd-\${HTTPD_VERSION}" @development && yum clean all
      `,
    ],
    whenNotToUse: 'Images rebuilt on purpose to pick up every update: pin the base image instead and turn this rule off.',
    differences: {
      hadolint:
        `${RPM_VERSION_VARIABLES} The ` +
        'value of an option such as `--enablerepo extras` is not taken for a package; `@group` names are not ' +
        'reported. Commands inside `$(…)` are not checked.',
    },
    references: ['https://man7.org/linux/man-pages/man8/yum.8.html', 'https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/8/html/installing_managing_and_removing_user-space_components/index'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of programs(ctx.shell(run), 'yum')) {
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
