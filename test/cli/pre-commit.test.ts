/**
 * The pre-commit hook, installed for real: Debian's `pre-commit try-repo` against this repository, which clones it,
 * builds berth from the clone (npm install, npm pack, npm install -g of the tarball: what pre-commit does for every
 * `language: node` hook) and runs the hook of .pre-commit-hooks.yaml on a project of Dockerfiles.
 * Needs `pre-commit` and the npm registry. .ci/run installs pre-commit and sets BERTH_REQUIRE_PRECOMMIT=1, so CI
 * cannot skip it; elsewhere it is skipped, saying why.
 * It installs the hook at this repository's HEAD: commit a change to the hook or the packaging before running it.
 * The second test runs `pre-commit run` with the configuration docs/ci.md shows, pointed at this repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { project, registryReachable, ROOT } from '../helpers/cli.js';

const REQUIRED = process.env.BERTH_REQUIRE_PRECOMMIT === '1';
const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const missing = found.status === 0 ? (await registryReachable()) : 'pre-commit is not installed (Debian: apt-get install pre-commit)';
if (missing && !REQUIRED) console.warn(`test/cli/pre-commit.test.ts is skipped: ${missing}`);

/** The `.pre-commit-config.yaml` docs/ci.md shows, pointed at this repository's HEAD instead of a release. */
function documentedConfig(head: string): string {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const yaml = /```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)```/.exec(doc)?.[1];
  if (!yaml) throw new Error('docs/ci.md shows no .pre-commit-config.yaml');
  return yaml.replace(/repo: \S+/, `repo: ${ROOT}`).replace(/rev: \S+/, `rev: ${head}`);
}

describe.skipIf(missing !== undefined && !REQUIRED)('pre-commit', { timeout: 600_000 }, () => {
  let repo = '';
  let home = '';
  let head = '';
  const run = (args: string[]): { code: number | null; out: string } => {
    const r = spawnSync('pre-commit', [...args, '--all-files', '--color', 'never'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 540_000,
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  beforeAll(() => {
    if (missing) throw new Error(`BERTH_REQUIRE_PRECOMMIT=1 but ${missing}`);
    home = mkdtempSync(join(tmpdir(), 'berth-pre-commit-home-'));
    head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    repo = project({
      Dockerfile: 'FROM alpine AS build\nCMD ["true"]\n',
      'services/api/Containerfile': 'FROM alpine:3.20\nCMD ["true"]\n',
      // Matched by neither the hook's `files` nor its `exclude`: never given to berth.
      'Dockerfile.template': 'FROM {{ image }}\n',
      'docs/Dockerfile.md': '# not a Dockerfile\n',
    });
    for (const args of [['init', '-q'], ['add', '.']]) execFileSync('git', args, { cwd: repo });
  });

  // try-repo installs into a store of its own every time: one run.
  it('`pre-commit try-repo` installs the hook from a clone and reports the findings of the Dockerfiles it matches', () => {
    const r = run(['try-repo', ROOT, 'berth', '--ref', head]);
    expect(r.out).toMatch(/^berth\.+Failed$/m);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('Dockerfile:1:6: warning: `alpine` has no tag');
    expect(r.out).toContain('2 files checked, 1 with findings: 0 errors, 1 warning');
    expect(r.out).not.toContain('Dockerfile.template');
    expect(r.out).not.toContain('Dockerfile.md');
  });

  it("docs/ci.md's .pre-commit-config.yaml runs the hook, which passes once the finding is fixed", () => {
    writeFileSync(join(repo, '.pre-commit-config.yaml'), documentedConfig(head));
    writeFileSync(join(repo, 'Dockerfile'), 'FROM alpine:3.20 AS build\nCMD ["true"]\n');
    execFileSync('git', ['add', '.'], { cwd: repo });
    const r = run(['run']);
    expect(r.out).toMatch(/^berth\.+Passed$/m);
    expect(r.code, r.out).toBe(0);
  });
});
