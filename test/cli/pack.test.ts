/**
 * The package as npm publishes it: `npm pack` (without scripts: npm test has just built dist/, and a rebuild would
 * pull dist/ from under the tests running in parallel), checked for what it holds, then installed from the tarball
 * into an empty folder as a user would (dependencies from the registry — tree-sitter-bash and web-tree-sitter bring
 * the WebAssembly), its `berth` binary run on a Dockerfile and its library imported and type-checked.
 * Needs the npm registry; skipped, saying so, only when the registry cannot be reached.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function registryReachable(): Promise<string | undefined> {
  let registry = 'https://registry.npmjs.org/';
  try {
    registry = execFileSync(NPM, ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8' }).trim() || registry;
  } catch {
    // the default registry
  }
  try {
    const res = await fetch(new URL('-/ping', registry.endsWith('/') ? registry : `${registry}/`), { signal: AbortSignal.timeout(8000) });
    return res.ok ? undefined : `${registry} answered ${res.status}`;
  } catch (e) {
    return `${registry} is unreachable (${e instanceof Error ? e.message : String(e)})`;
  }
}

const unreachable = await registryReachable();
if (unreachable) console.warn(`test/cli/pack.test.ts is skipped: it installs the packed tarball's dependencies, and ${unreachable}`);

const DOCKERFILE = 'from alpine:3.20 AS Build\nRUN apt-get install curl\n';

describe.skipIf(unreachable !== undefined)('npm pack', { timeout: 120_000 }, () => {
  let files: string[] = [];
  let app = '';

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'berth-pack-'));
    const packed = JSON.parse(
      execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const info = packed[0]!;
    files = info.files.map((f) => f.path);
    app = mkdtempSync(join(tmpdir(), 'berth-install-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'berth-pack-test', private: true, type: 'module' }));
    writeFileSync(join(app, 'Dockerfile'), DOCKERFILE);
    const r = spawnSync(NPM, ['install', join(out, info.filename), '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      cwd: app,
      encoding: 'utf8',
      timeout: 100_000,
    });
    if (r.status !== 0) throw new Error(`npm install of the tarball failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }, 120_000);

  it('holds the bin, the compiled code, declarations and the docs, and nothing else', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/berth.js', 'dist/cli/main.js', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/grammar/index.js', 'dist/grammar/index.d.ts']) {
      expect(files, f).toContain(f);
    }
    const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|bin\/berth\.js|dist\/.+\.(js|d\.ts))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|scripts|client|examples|docs|\.scratch)\//.test(f) || f.startsWith('dist/berth-cli'))).toEqual([]);
  });

  it('installs with the WebAssembly of tree-sitter-bash and web-tree-sitter', () => {
    expect(existsSync(join(app, 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'))).toBe(true);
  });

  it('runs the installed `berth lint`, RUN scripts included', () => {
    const r = spawnSync(join(app, 'node_modules', '.bin', 'berth'), ['lint', '--no-shellcheck', '--format', 'json', 'Dockerfile'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { tool: { name: string }; results: Array<{ file: string; findings: Array<{ rule: string; line: number }> }> };
    expect(report.tool.name).toBe('berth');
    const rules = report.results[0]!.findings.map((f) => f.rule);
    expect(rules).toContain('stage-name-casing');
    // Found by reading the RUN script with the bash parser: the .wasm loaded from the installed dependencies.
    expect(rules).toContain('apt-get-install-recommends');
    expect(spawnSync(join(app, 'node_modules', '.bin', 'berth'), ['--version'], { cwd: app, encoding: 'utf8' }).stdout).toContain(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it("exposes parse, lint and format from import('berth-lint')", () => {
    const script = `
      const berth = await import('berth-lint');
      const text = ${JSON.stringify(DOCKERFILE)};
      const parsed = berth.parse(text);
      const result = berth.lint(text);
      console.log(JSON.stringify({
        types: [typeof berth.parse, typeof berth.lint, typeof berth.format, typeof berth.analyze],
        instructions: parsed.dockerfile.instructions.length,
        rules: result.diagnostics.map((d) => d.rule),
        shell: berth.shellParserError ?? null,
        formatted: berth.format(text),
      }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { types: string[]; instructions: number; rules: string[]; shell: string | null; formatted: string };
    expect(out.types).toEqual(['function', 'function', 'function', 'function']);
    expect(out.instructions).toBe(2);
    expect(out.rules).toEqual(expect.arrayContaining(['stage-name-casing', 'apt-get-install-recommends']));
    expect(out.shell).toBeNull();
    expect(out.formatted).toBe(DOCKERFILE.replace('from', 'FROM'));
  });

  it('comes with declarations a TypeScript user compiles against', () => {
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { parse, lint, format, type Diagnostic, type LintResult } from 'berth-lint';",
        "const result: LintResult = lint(parse('FROM alpine\\n'));",
        'const first: Diagnostic | undefined = result.diagnostics[0];',
        "const text: string = format('from alpine\\n', { tabSize: 2 });",
        'export { first, text };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] }, files: ['use.ts'] }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
