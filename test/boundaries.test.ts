import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, findCycles, roomOf } from '../scripts/check-boundaries.js';

/** A project of the given files (path → text) in a temporary folder; its violations as `file:line why`. */
function violations(files: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'berth-bounds-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return checkBoundaries(root).map((v) => `${v.file}:${v.line} ${v.why}`);
}

describe('boundaries of this repository', () => {
  it('every import goes where the table allows, the pure rooms use no Node, and no room has an import cycle', () => {
    expect(checkBoundaries()).toEqual([]);
  });
});

describe('the check itself', () => {
  it('catches a forbidden import and a process global in the core', () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-bounds-'));
    mkdirSync(join(root, 'grammar'));
    writeFileSync(join(root, 'grammar', 'bad.ts'), "import { readFileSync } from 'node:fs';\nexport const x = process.env.X;\n");
    expect(checkBoundaries(root).map((v) => v.line)).toEqual([1, 2]);
  });

  it('knows each file’s room', () => {
    expect(['grammar/a.ts', 'rules/utils/b.ts', 'format/c.ts', 'server/features/d.ts', 'server/server.ts', 'server/main.ts', 'server/node-host.ts', 'server/framing.ts', 'host/e.ts', 'cli/commands/f.ts', 'api/index.ts', 'test/g.ts', 'scripts/h.ts'].map(roomOf)).toEqual([
      'grammar',
      'rules',
      'format',
      'server/features',
      'server',
      'server/node',
      'server/node',
      'server/node',
      'host',
      'cli',
      'api',
      undefined,
      undefined,
    ]);
  });

  it('grammar/ imports nothing of ours', () => {
    expect(violations({ 'grammar/a.ts': "import { x } from '../rules/x.js';\n", 'rules/x.ts': 'export const x = 1;\n' })).toEqual(['grammar/a.ts:1 grammar/ may not import rules/ (rules/x.ts)']);
  });

  it('rules/ imports only grammar/, and so does format/', () => {
    expect(
      violations({
        'rules/a.ts': "import { g } from '../grammar/g.js';\nimport { f } from '../server/features/f.js';\nimport { k } from '../format/k.js';\n",
        'format/b.ts': "import { g } from '../grammar/g.js';\nimport { applyEdits } from '../rules/engine/fix.js';\n",
      }),
    ).toEqual([
      'format/b.ts:2 format/ may not import rules/ (rules/engine/fix.ts)',
      'rules/a.ts:2 rules/ may not import server/features/ (server/features/f.ts)',
      'rules/a.ts:3 rules/ may not import format/ (format/k.ts)',
    ]);
  });

  it('server/features/ speaks no LSP and uses no Node, not even through a type or a dynamic import', () => {
    expect(
      violations({
        'server/features/a.ts': "import type { Hover } from 'vscode-languageserver';\nconst m = await import('node:fs');\nexport type T = import('../session.js').Session;\nexport * from '../../host/x.js';\n",
      }),
    ).toEqual([
      'server/features/a.ts:1 server/features/ knows nothing of LSP: no vscode-languageserver',
      'server/features/a.ts:2 server/features/ must run without Node: no node:fs',
      'server/features/a.ts:3 server/features/ may not import server/ (server/session.ts)',
      'server/features/a.ts:4 server/features/ may not import host/ (host/x.ts)',
    ]);
  });

  it('the server proper uses no Node, no host/ and no cli/; its Node side may', () => {
    expect(
      violations({
        'server/server.ts': [
          "import { createConnection } from 'vscode-languageserver/node';",
          "import { ErrorCodes } from 'vscode-languageserver';",
          "import { dirname } from 'node:path';",
          "import { VERSION } from '../host/version.js';",
          "import { main } from '../cli/main.js';",
          "import { hover } from './features/hover.js';",
          'export const cwd = process.cwd();',
          '',
        ].join('\n'),
        'server/main.ts': "import { inspect } from 'node:util';\nimport { createConnection } from 'vscode-languageserver/node';\nimport { nodeHost } from './node-host.js';\nimport { startServer } from './server.js';\n",
        'server/node-host.ts': "import { resolve } from 'node:path';\nimport { ConfigLoader } from '../host/config.js';\nexport const cwd = process.cwd();\n",
      }),
    ).toEqual([
      'server/server.ts:1 the server proper runs without Node: vscode-languageserver/node is Node\'s entry (use the package\'s root entry)',
      'server/server.ts:3 server/ must run without Node: no node:path',
      'server/server.ts:4 server/ may not import host/ (host/version.ts)',
      'server/server.ts:5 server/ may not import cli/ (cli/main.ts)',
      'server/server.ts:7 server/ must run without Node: no process',
    ]);
  });

  it('host/ may use Node, grammar/ and rules/, but neither cli/ nor server/', () => {
    expect(
      violations({
        'host/a.ts': "import { statSync } from 'node:fs';\nimport { parse } from '../grammar/index.js';\nimport { lint } from '../rules/engine/lint.js';\nimport { x } from '../cli/io.js';\nimport type { ServerHost } from '../server/host.js';\n",
      }),
    ).toEqual(['host/a.ts:4 host/ may not import cli/ (cli/io.ts)', 'host/a.ts:5 host/ may not import server/ (server/host.ts)']);
  });

  it('cli/ reaches the server only through its Node entry', () => {
    expect(
      violations({
        'cli/a.ts': "const { startNodeServer } = await import('../server/main.js');\nimport { Session } from '../server/session.js';\nimport { hover } from '../server/features/hover.js';\nimport { ConfigLoader } from '../host/config.js';\n",
      }),
    ).toEqual(['cli/a.ts:2 cli/ may not import server/ (server/session.ts)', 'cli/a.ts:3 cli/ may not import server/features/ (server/features/hover.ts)']);
  });

  it('api/ uses grammar/, rules/, format/ and server/features/, never the server, the CLI, the host or LSP', () => {
    expect(
      violations({
        'api/index.ts': [
          "import { parse } from '../grammar/index.js';",
          "import { AnalyzedDocument } from '../server/features/document.js';",
          "import { Session } from '../server/session.js';",
          "import { readSource } from '../cli/source.js';",
          "import { loadShellParser } from '../host/shell-loader.js';",
          "import type { Range } from 'vscode-languageserver-types';",
          '',
        ].join('\n'),
      }),
    ).toEqual([
      'api/index.ts:3 api/ may not import server/ (server/session.ts)',
      'api/index.ts:4 api/ may not import cli/ (cli/source.ts)',
      'api/index.ts:5 api/ may not import host/ (host/shell-loader.ts)',
      'api/index.ts:6 api/ speaks no LSP (only server/ does): no vscode-languageserver-types',
    ]);
  });

  it('web/ (the playground) runs the server proper in a browser: no Node, no host/, no cli/, no server Node side', () => {
    expect(
      violations({
        'web/src/worker.ts': [
          "import { startServer } from '../../server/server.js';",
          "import { BrowserMessageReader } from 'vscode-languageserver/browser';",
          "import { parse } from '../../grammar/index.js';",
          "import { nodeHost } from '../../server/node-host.js';",
          "import { ConfigLoader } from '../../host/config.js';",
          "import { main } from '../../cli/main.js';",
          "import { readFileSync } from 'node:fs';",
          "import { createConnection } from 'vscode-languageserver/node';",
          'export const cwd = process.cwd();',
          '',
        ].join('\n'),
      }),
    ).toEqual([
      'web/src/worker.ts:4 web/ may not import server/node/ (server/node-host.ts)',
      'web/src/worker.ts:5 web/ may not import host/ (host/config.ts)',
      'web/src/worker.ts:6 web/ may not import cli/ (cli/main.ts)',
      'web/src/worker.ts:7 web/ must run without Node: no node:fs',
      'web/src/worker.ts:8 the server proper runs without Node: vscode-languageserver/node is Node\'s entry (use the package\'s root entry)',
      'web/src/worker.ts:9 web/ must run without Node: no process',
    ]);
  });

  it('an import cycle in any room is caught, type-only and dynamic imports included', () => {
    expect(
      violations({
        'grammar/index.ts': "export { analyze } from './model.js';\nexport type { ParseResult } from './parse.js';\n",
        'grammar/model.ts': "import type { ParseResult } from './index.js';\nexport const analyze = (p: ParseResult) => p;\n",
        'grammar/parse.ts': 'export interface ParseResult { text: string }\n',
        'rules/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'rules/b.ts': "import { c } from './sub/c.js';\nexport const b = () => c;\n",
        'rules/sub/c.ts': "import { a } from '../a.js';\nexport const c = () => a;\n",
        'server/x.ts': "import { y } from './y.js';\nexport const x = () => y;\n",
        'server/y.ts': "import { x } from './x.js';\nexport const y = () => x;\n",
        'cli/commands/run.ts': "export async function run() { return (await import('../jobs.js')).jobs; }\n",
        'cli/jobs.ts': "import type { run } from './commands/run.js';\nexport const jobs: typeof run | undefined = undefined;\n",
      }),
    ).toEqual([
      'cli/commands/run.ts:1 import cycle: cli/commands/run.ts → cli/jobs.ts → cli/commands/run.ts',
      'grammar/index.ts:1 import cycle: grammar/index.ts → grammar/model.ts → grammar/index.ts',
      'rules/a.ts:1 import cycle: rules/a.ts → rules/b.ts → rules/sub/c.ts → rules/a.ts',
      'server/x.ts:1 import cycle: server/x.ts → server/y.ts → server/x.ts',
    ]);
  });

  it('finds every separate circle once, and none in a graph without one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['c']],
      ['e', ['a']],
      ['s', ['s']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'c'],
      ['s', 's'],
    ]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('a clean project of every room has nothing to report', () => {
    expect(
      violations({
        'grammar/index.ts': "export { parse } from './parse.js';\n",
        'grammar/parse.ts': 'export const parse = (t: string) => t;\n',
        'rules/r.ts': "import { parse } from '../grammar/index.js';\nexport const r = parse;\n",
        'format/f.ts': "import { parse } from '../grammar/index.js';\nexport const f = parse;\n",
        'server/features/h.ts': "import { r } from '../../rules/r.js';\nimport { f } from '../../format/f.js';\nexport const h = [r, f];\n",
        'server/server.ts': "import { Connection } from 'vscode-languageserver';\nimport { h } from './features/h.js';\nexport const s = h;\n",
        'server/main.ts': "import { argv } from 'node:process';\nimport { s } from './server.js';\nimport { v } from '../host/v.js';\n",
        'host/v.ts': "import { readFileSync } from 'node:fs';\nimport { r } from '../rules/r.js';\nexport const v = process.version;\n",
        'cli/main.ts': "import { v } from '../host/v.js';\nconst m = () => import('../server/main.js');\nimport { f } from '../format/f.js';\n",
        'api/index.ts': "import { createRequire } from 'node:module';\nimport { h } from '../server/features/h.js';\n",
      }),
    ).toEqual([]);
  });
});
