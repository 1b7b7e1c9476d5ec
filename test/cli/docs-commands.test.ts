/**
 * Every command README.md, client/README.md and docs/*.md show — in shell code blocks and as inline code — is run
 * here, offline, against the built berth, in a folder of Dockerfiles with findings. A command the docs show but that
 * cannot run here (it installs from the registry, or is the test suite itself) must be listed in NOT_RUN with the
 * test that covers it instead, so a new command in the docs is either run or accounted for.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { berth, project, ROOT } from '../helpers/cli.js';

const DOCS = ['README.md', 'client/README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Commands the docs show that are not run here, and what runs them instead. */
const NOT_RUN: ReadonlyArray<[RegExp, string]> = [
  [/^npm ci$/, 'installs this repository: what CI does before anything else'],
  [/^npm test$/, 'the test suite this file is part of'],
  [/^npm install (-g|--save-dev) berth-lint$/, 'installs from the registry: test/cli/pack.test.ts runs it with the packed tarball'],
  [/^npm run build$/, 'npm test builds first; building again here would replace dist/ under the tests running beside this one'],
  [/^sh scripts\/install-code-server\.sh$/, 'installs code-server from the registry: .ci/run runs it before the tests'],
  [/^npx vitest run test\/[\w/.-]+\.test\.ts$/, 'one file of the test suite this file is part of'],
  [/^npm run web$/, 'serves the playground until stopped: test/web/playground.test.ts builds, serves and drives it'],
];

interface Shown {
  doc: string;
  command: string;
}

/** Shell commands of code blocks (comments and prompts dropped, `a && b` split) and inline `berth …` code. */
function shownCommands(): Shown[] {
  const out: Shown[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const m of text.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
      const lang = m[1] ?? '';
      // Shell blocks; blocks without a language only for their command synopses (docs/cli.md).
      if (!['sh', 'bash', 'shell', 'console', ''].includes(lang)) continue;
      for (const raw of (m[2] ?? '').split('\n')) {
        const line = raw.replace(/^\$ /, '').replace(/\s+#.*$/, '').trim();
        if (!line || line.startsWith('#')) continue;
        if (!lang && !/^(npx |berth )/.test(line)) continue;
        for (const part of line.split(/\s+&&\s+/)) out.push({ doc, command: lang ? part : synopsis(part) });
      }
    }
    // Inline code spans outside code blocks, read left to right so that one span's closing backtick never opens the next.
    const prose = text.replace(/```[\s\S]*?```/g, '');
    for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
      const code = m[1] as string;
      if (/^(?:npx (?:--yes )?)?berth(?:-lint)?(?:@[\w.]+)? \S/.test(code)) out.push({ doc, command: code });
    }
  }
  return out;
}

/** A usage line (`berth parse FILE [--format F]   what it does`) as a command to run. */
function synopsis(line: string): string {
  return line
    .replace(/\s{2,}.*$/, '')
    .replace(/\[PATH\.\.\.\]/g, '.')
    .replace(/\[options\]/g, '')
    .replace(/\[--format F\]/g, '')
    .replace(/\[([^\]]+)\]/g, '$1')
    .trim();
}

/** The arguments for the built berth, or undefined when the command is not berth. Placeholders get examples. */
function berthArgs(command: string): string[] | undefined {
  const m = /^(?:npx (?:--yes )?(?:berth-lint(?:@\S+)?|berth)|berth) ?(.*)$/.exec(command);
  if (!m) return undefined;
  const args = (m[1] ?? '').split(/\s+/).filter(Boolean);
  return args.map((a, i) => {
    if (a === 'FILE' && ['--config', '-c'].includes(args[i - 1] ?? '')) return '.berth.yaml';
    return ({ FILE: 'Dockerfile', RULE: 'DL3023', 'RULE...': 'DL3023', CODE: 'DL3005', F: 'json', NAME: 'DL3025', DIR: '.' } as Record<string, string>)[a] ?? a;
  });
}

/** A folder like a user's project: Dockerfiles with findings, a clean one, the bundled example. */
function workspace(): string {
  const dir = project({
    Dockerfile: 'FROM alpine AS build\nRUN apk add curl\nFROM build\nCMD ./app\n',
    'services/api/Dockerfile': 'FROM alpine:3.20\nCMD ["true"]\n',
    '.berth.yaml': 'rules:\n  image-without-tag: error\n',
  });
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  return dir;
}

/** `berth lsp --stdio` answers initialize and exits on shutdown + exit. */
async function lspSession(args: string[]): Promise<{ code: number | null; result: { capabilities?: object; serverInfo?: { name: string } } }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'berth.js'), ...args], { cwd: workspace(), stdio: ['pipe', 'pipe', 'pipe'] });
  const send = (msg: object): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  let buffer = '';
  const result = await new Promise<{ capabilities?: object }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to initialize within 30 s')), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString('utf8');
      const m = /Content-Length: (\d+)\r\n\r\n/.exec(buffer);
      if (!m) return;
      const start = (m.index ?? 0) + m[0].length;
      if (Buffer.byteLength(buffer.slice(start)) < Number(m[1])) return;
      const msg = JSON.parse(buffer.slice(start, start + Number(m[1]))) as { id?: number; result?: { capabilities?: object } };
      if (msg.id === 1) {
        clearTimeout(timer);
        resolve(msg.result ?? {});
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  });
  send({ method: 'initialized', params: {} });
  send({ id: 2, method: 'shutdown' });
  send({ method: 'exit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, result };
}

const shown = shownCommands();

describe('the commands the docs show', () => {
  it('are found: the README alone shows a dozen', () => {
    expect(shown.filter((s) => s.doc === 'README.md').length).toBeGreaterThan(12);
  });

  it('are each run here or accounted for in NOT_RUN', () => {
    const unaccounted = shown.filter((s) => berthArgs(s.command) === undefined && !NOT_RUN.some(([re]) => re.test(s.command)));
    expect(unaccounted).toEqual([]);
  });

  const runnable = [...new Map(shown.filter((s) => berthArgs(s.command) !== undefined).map((s) => [s.command, s])).values()];
  it.each(runnable.map((s) => [`${s.doc}: ${s.command}`, s] as const))('%s', async (_, s) => {
    const args = berthArgs(s.command) ?? [];
    if (args[0] === 'lsp') {
      const r = await lspSession(args);
      expect(r.result.capabilities, s.command).toBeDefined();
      expect(r.code).toBe(0);
      return;
    }
    const r = berth(args, { cwd: workspace() });
    // 0 or 1 (findings): never a usage error (2) or a crash (3).
    expect([0, 1], `${s.command}\n${r.stderr}`).toContain(r.code);
    expect(r.stderr).not.toMatch(/unknown|internal error/i);
    if (args[0] === 'lint' && !args.includes('-o') && !args.includes('--output-file')) expect(r.stdout.length, s.command).toBeGreaterThan(0);
  });
});
