/**
 * V8's code cache of `berth` (bin/berth.js): where it goes, how it is keyed, and that nothing that can happen to it
 * changes what berth does — a missing or unwritable folder, a truncated, corrupt or foreign file, two first runs at
 * once, a bundle changed under an old cache. Each case runs the real bin/berth.js and compares its output with a
 * run without the cache (BERTH_NO_CACHE=1). A cache that V8 accepts is not written again, which is how a test sees
 * that a good one is used and a bad one replaced.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const DOCKERFILE = 'FROM alpine:3.20 AS Build\nRUN apt-get install curl\nCMD ["a"]\n';
const work = mkdtempSync(join(tmpdir(), 'berth-cache-'));
writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
const ARGS = ['lint', '--no-shellcheck', '--no-config', 'Dockerfile'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function berth(cache: string, env: Record<string, string> = {}, bin = BIN): Run {
  const r = spawnSync(process.execPath, [bin, ...ARGS], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: work, XDG_CACHE_HOME: cache, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function berthAsync(cache: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...ARGS], { cwd: work, env: { ...process.env, NO_COLOR: '1', HOME: work, XDG_CACHE_HOME: cache } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'berth-cache-home-'));
const cacheFiles = (cache: string): string[] => (existsSync(join(cache, 'berth')) ? readdirSync(join(cache, 'berth')) : []);
const only = (cache: string): string => {
  const files = cacheFiles(cache);
  expect(files).toHaveLength(1);
  return join(cache, 'berth', files[0] as string);
};

const expected = berth(fresh(), { BERTH_NO_CACHE: '1' });

describe.skipIf(process.platform === 'win32' || process.platform === 'darwin')('code cache', { timeout: 60_000 }, () => {
  it('reference run: findings, exit 1', () => {
    expect(expected.code).toBe(1);
    expect(expected.stdout).toContain('stage-name-casing');
    expect(expected.stderr).toBe('');
  });

  it('the first run writes $XDG_CACHE_HOME/berth/cli-<version>-<bundle hash>-…; the next one uses it as it is', () => {
    const cache = fresh();
    expect(berth(cache)).toEqual(expected);
    const file = only(cache);
    const [, version, hash] = /berth-bundle (\S+) ([0-9a-f]{64})/.exec(readFileSync(join(ROOT, 'dist', 'cli', 'berth.cjs'), 'utf8').slice(0, 300)) ?? [];
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(file).toContain(`cli-${version}-${(hash as string).slice(0, 16)}-`);
    expect(file).toContain(`-${process.version}-${process.arch}.v8`);
    const before = statSync(file);
    expect(before.size).toBeGreaterThan(100_000);
    expect(berth(cache)).toEqual(expected);
    const after = statSync(file);
    // Accepted, so not written again.
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('keeps the eight newest files of a bundle (a developer rebuilding all day), and leaves other bundles alone', () => {
    const cache = fresh();
    mkdirSync(join(cache, 'berth'));
    const old = Array.from({ length: 12 }, (_, i) => `cli-0.0.1-old${i}.v8`);
    old.forEach((name, i) => {
      const f = join(cache, 'berth', name);
      writeFileSync(f, 'stale');
      const t = new Date(Date.now() - (i + 1) * 60_000);
      utimesSync(f, t, t);
    });
    for (const name of ['lsp-0.0.1-a.v8', 'lsp-core-0.0.1-a.v8']) writeFileSync(join(cache, 'berth', name), 'other bundle');
    expect(berth(cache)).toEqual(expected);
    const left = cacheFiles(cache);
    expect(left.filter((f) => f.startsWith('cli-')).sort()).toEqual([...old.slice(0, 7), left.find((f) => f.startsWith('cli-0.') && !f.includes('old'))].sort());
    expect(left).toContain('lsp-0.0.1-a.v8');
    expect(left).toContain('lsp-core-0.0.1-a.v8');
  });

  it('BERTH_NO_CACHE=1 neither reads nor writes it', () => {
    const cache = fresh();
    expect(berth(cache, { BERTH_NO_CACHE: '1' })).toEqual(expected);
    expect(existsSync(join(cache, 'berth'))).toBe(false);
  });

  it('a missing folder is created; one that cannot be created or written costs nothing but the cache', () => {
    const deep = join(fresh(), 'a', 'b');
    expect(berth(deep)).toEqual(expected);
    expect(cacheFiles(deep)).toHaveLength(1);
    // The cache folder's parent is a file: nothing can be created there.
    const blocked = fresh();
    writeFileSync(join(blocked, 'file'), 'x');
    expect(berth(join(blocked, 'file', 'cache'))).toEqual(expected);
    // No home folder and no XDG_CACHE_HOME (a relative one is ignored, as the XDG spec says).
    expect(berth('relative/cache', { HOME: '' })).toEqual(expected);
    expect(existsSync(join(work, 'relative'))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only cache folder is read but not written', () => {
    const cache = fresh();
    berth(cache);
    const file = only(cache);
    chmodSync(join(cache, 'berth'), 0o555);
    truncateSync(file, 1000);
    try {
      expect(berth(cache)).toEqual(expected);
      expect(statSync(file).size).toBe(1000);
    } finally {
      chmodSync(join(cache, 'berth'), 0o755);
    }
  });

  it('a truncated, corrupt or foreign cache file is rejected, the run is the same, and a good file replaces it', () => {
    const cache = fresh();
    berth(cache);
    const file = only(cache);
    const good = readFileSync(file);
    const damage: Array<[string, (b: Buffer) => Buffer]> = [
      ['truncated', (b) => b.subarray(0, b.length >> 1)],
      ['empty', () => Buffer.alloc(0)],
      ['bytes flipped in the middle', (b) => {
        const c = Buffer.from(b);
        for (let i = c.length >> 1; i < (c.length >> 1) + 64; i++) c[i] = (c[i] as number) ^ 0xff;
        return c;
      }],
      ['a byte flipped near the end', (b) => {
        const c = Buffer.from(b);
        c[c.length - 100] = (c[c.length - 100] as number) ^ 0x01;
        return c;
      }],
      ['foreign bytes of the same length', (b) => Buffer.alloc(b.length, 0x5a)],
    ];
    for (const [what, harm] of damage) {
      const bad = harm(good);
      writeFileSync(file, bad);
      expect(berth(cache), what).toEqual(expected);
      // Replaced by a whole new file (V8's data differs a little from run to run), which the next run accepts.
      expect(readFileSync(file).equals(bad), what).toBe(false);
      expect(readFileSync(file).length, what).toBeGreaterThan(good.length * 0.9);
      const replaced = statSync(file);
      expect(berth(cache), what).toEqual(expected);
      expect(statSync(file).mtimeMs, what).toBe(replaced.mtimeMs);
    }
  });

  it('two (four) first runs at once: every output right, one whole file, no temporary file left', async () => {
    const cache = fresh();
    const runs = await Promise.all([0, 1, 2, 3].map(() => berthAsync(cache)));
    for (const r of runs) expect(r).toEqual(expected);
    const file = only(cache);
    const before = statSync(file);
    expect(berth(cache)).toEqual(expected);
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('a changed bundle never runs from the old cache, even at the same size with the same first line', () => {
    // A copy of the package: bin/, the bundle, and node_modules linked.
    const pkg = fresh();
    cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
    const bundle = join(pkg, 'dist', 'cli', 'berth.cjs');
    cpSync(join(ROOT, 'dist', 'cli', 'berth.cjs'), bundle);
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const bin = join(pkg, 'bin', 'berth.js');
    const cache = fresh();
    expect(berth(cache, {}, bin)).toEqual(expected);
    expect(cacheFiles(cache)).toHaveLength(1);
    // Same length, same header: only the content (and so the modification time) differs.
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('stage-name-casing');
    writeFileSync(bundle, text.replaceAll('stage-name-casing', 'STAGE-NAME-CASING'));
    const changed = berth(cache, {}, bin);
    expect(changed.stdout).toContain('STAGE-NAME-CASING');
    expect(changed.stdout).toBe(expected.stdout.replaceAll('stage-name-casing', 'STAGE-NAME-CASING'));
    expect(cacheFiles(cache)).toHaveLength(2);
  });
});

/**
 * `berth lsp`: two bundles (the part that answers `initialize`, and the core loaded after it), each with its own
 * cache file, written once the session has run three seconds. A session answers the same with a cache, without one,
 * and with damaged ones.
 */
async function lspSession(cache: string, env: Record<string, string> = {}): Promise<string[]> {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: work, env: { ...process.env, HOME: work, XDG_CACHE_HOME: cache, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Promise<string[]>((resolve) =>
    conn.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: Array<{ code?: string | number }> }) => resolve(p.diagnostics.map((d) => String(d.code)).sort())),
  );
  conn.listen();
  await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///lsp-cache/Dockerfile', languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
  const codes = await diagnostics;
  // The cache is written three seconds into a session.
  await new Promise((r) => setTimeout(r, 3_500));
  const exited = new Promise((r) => child.once('exit', r));
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await exited;
  conn.dispose();
  return codes;
}

describe.skipIf(process.platform === 'win32' || process.platform === 'darwin')('code cache of the language server', { timeout: 60_000 }, () => {
  it('writes lsp-… and lsp-core-… once; later sessions use them, answer the same, and survive damaged files', async () => {
    const reference = await lspSession(fresh(), { BERTH_NO_CACHE: '1' });
    expect(reference).toContain('stage-name-casing');
    const cache = fresh();
    expect(await lspSession(cache)).toEqual(reference);
    const files = cacheFiles(cache).sort();
    expect(files.map((f) => f.replace(/-.*/, ''))).toEqual(['lsp', 'lsp']);
    expect(files.some((f) => f.startsWith('lsp-core-'))).toBe(true);
    const paths = files.map((f) => join(cache, 'berth', f));
    const written = paths.map((p) => statSync(p).mtimeMs);
    expect(await lspSession(cache)).toEqual(reference);
    // Accepted, so not written again.
    expect(paths.map((p) => statSync(p).mtimeMs)).toEqual(written);
    for (const p of paths) {
      const c = readFileSync(p);
      for (let i = c.length >> 1; i < (c.length >> 1) + 64; i++) c[i] = (c[i] as number) ^ 0xff;
      writeFileSync(p, c);
    }
    expect(await lspSession(cache)).toEqual(reference);
    // Rejected, and replaced by good ones, which the next session accepts.
    const replaced = paths.map((p) => statSync(p).mtimeMs);
    expect(replaced.every((m, i) => m !== written[i])).toBe(true);
    expect(await lspSession(cache)).toEqual(reference);
    expect(paths.map((p) => statSync(p).mtimeMs)).toEqual(replaced);
  });

  it('the first half holds no grammar, rules or parser: only what answers initialize', () => {
    const first = readFileSync(join(ROOT, 'dist', 'cli', 'lsp.cjs'), 'latin1');
    const second = readFileSync(join(ROOT, 'dist', 'cli', 'lsp-core.cjs'), 'latin1');
    // Chevrotain's parser construction, berth's parser class and a rule's id: in the second half, never the first.
    for (const marker of ['performSelfAnalysis', 'DockerfileParser', '"apt-get-unpinned"']) {
      expect(first, marker).not.toContain(marker);
      expect(second, marker).toContain(marker);
    }
  });

  it('a cache folder that cannot be written costs nothing but the cache', async () => {
    const reference = await lspSession(fresh(), { BERTH_NO_CACHE: '1' });
    const cache = fresh();
    writeFileSync(join(cache, 'berth'), 'a file where the folder should be');
    expect(await lspSession(cache)).toEqual(reference);
  });
});
