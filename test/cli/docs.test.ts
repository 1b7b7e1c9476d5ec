/** The documentation states what the command line does: formats, hadolint's keys, the fail level, explain. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, HADOLINT_FORMATS, HADOLINT_KEYS } from '../../rules/engine/config-file.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';
import { berth, ROOT } from '../helpers/cli.js';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('docs', () => {
  it('docs/cli.md has a row for every format; --help and the action name them all', () => {
    const cli = read('docs/cli.md');
    const help = berth(['--help']).stdout;
    const action = read('action.yml');
    for (const f of FORMATS) {
      expect(cli, f).toContain(`| \`${f}\``);
      expect(help, f).toContain(f);
      expect(action, f).toContain(f);
    }
    for (const name of Object.keys(HADOLINT_FORMATS)) expect(cli + read('docs/configuration.md'), name).toContain(`\`${name}\``);
  });

  it('docs/configuration.md has a row for every key of .hadolint.yaml', () => {
    const config = read('docs/configuration.md');
    for (const key of HADOLINT_KEYS) expect(config, key).toMatch(new RegExp(`^\\| [^|]*\`${key}\``, 'm'));
  });

  it('the fail-level difference from hadolint is written down where people look for it', () => {
    for (const p of ['docs/cli.md', 'docs/configuration.md', 'docs/ci.md']) {
      const text = read(p).replace(/\s+/g, ' ');
      expect(text, p).toContain('failure-threshold');
      expect(text, p).toMatch(/hadolint fails on `info`|hadolint's default is `info`/);
    }
  });

  it('what cannot be turned off is the parser checks `berth rules` marks always on — and the docs say rules can', () => {
    const config = read('docs/configuration.md').replace(/\s+/g, ' ');
    expect(config).toContain('Every rule can be turned off');
    expect(config).toContain('instruction-before-from');
    const always = berth(['rules']).stdout.split('\n').filter((l) => l.endsWith('(always on)')).map((l) => l.split(/\s+/)[0]);
    expect(always).toEqual(BUILTIN_CHECKS.filter((c) => !c.configurable).map((c) => c.id));
    for (const id of ['unknown-instruction', 'missing-argument', 'unterminated-heredoc']) expect(always).toContain(id);
  });

  it('the VS Code extension’s README does not say the server lacks ShellCheck', () => {
    const readme = read('client/README.md').replace(/\s+/g, ' ');
    expect(readme).not.toMatch(/does not run ShellCheck/);
    expect(readme).toContain('berth.shellcheck.enabled');
  });
});
