/**
 * berth against real Dockerfiles: the shared corpus (../shared/corpus, 2,196 files from 61 repositories) and
 * BuildKit's own parse of each one (buildkit-parse.jsonl). For every file: no crash, a lossless tree, no syntax
 * error, and the same instructions on the same lines with the same flags, arguments, JSON form and heredocs as
 * BuildKit. Skips with a message when the corpus is not there (it is not part of this repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, dumpInstruction, parse, type Instruction, ListInstruction, CommandInstruction } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { ALL_RULES } from '../../rules/index.js';
import { lint } from '../../rules/engine/lint.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const present = existsSync(`${CORPUS}buildkit-parse.jsonl`);
if (!present) {
  console.warn(`[corpus] skipped: the shared corpus is not at ${CORPUS} (it lives beside the repository, not in it)`);
}

interface BkHeredoc {
  name: string;
  content: string;
  expand: boolean;
  chomp: boolean;
  fd: number;
}
interface BkNode {
  instruction: string;
  flags: string[];
  start_line: number;
  end_line: number;
  json_form: boolean;
  heredocs: BkHeredoc[];
  dump: string;
}
interface BkRecord {
  path: string;
  error: string | null;
  escape_token: string;
  nodes: BkNode[];
  warnings: unknown[];
}

function records(): BkRecord[] {
  return readFileSync(`${CORPUS}buildkit-parse.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BkRecord);
}

function formOf(i: Instruction): boolean {
  if (i instanceof CommandInstruction || i instanceof ListInstruction) return i.form === 'exec';
  return false;
}

describe.skipIf(!present)('corpus: real Dockerfiles parse exactly as BuildKit parses them', () => {
  const recs = present ? records() : [];

  it('covers the whole corpus', () => {
    expect(recs.length).toBeGreaterThan(2000);
  });

  it('no crash, lossless, no syntax error, BuildKit agreement', () => {
    const problems: string[] = [];
    let instructions = 0;
    let heredocs = 0;
    for (const rec of recs) {
      const text = readFileSync(CORPUS + rec.path, 'utf8');
      let result;
      try {
        result = parse(text);
        analyze(result);
      } catch (e) {
        problems.push(`${rec.path}: threw ${String(e)}`);
        continue;
      }
      if (result.tree.text() !== text) problems.push(`${rec.path}: tree text differs from the file`);
      for (const e of result.errors) {
        if (e.severity === 'error') problems.push(`${rec.path}:${result.lines.positionAt(e.start).line + 1}: false error ${e.code}: ${e.message}`);
      }
      if (result.dockerfile.escape !== rec.escape_token) problems.push(`${rec.path}: escape ${result.dockerfile.escape} vs ${rec.escape_token}`);
      const ours = result.dockerfile.instructions;
      if (ours.length !== rec.nodes.length) problems.push(`${rec.path}: ${ours.length} instructions, BuildKit has ${rec.nodes.length}`);
      for (let k = 0; k < Math.min(ours.length, rec.nodes.length); k++) {
        const a = ours[k] as Instruction;
        const b = rec.nodes[k] as BkNode;
        const where = `${rec.path} instruction ${k + 1}`;
        instructions++;
        const dump = dumpInstruction(a);
        if (dump !== b.dump) problems.push(`${where}: ${JSON.stringify(dump)} vs BuildKit ${JSON.stringify(b.dump)}`);
        if (a.keywordText !== b.instruction) problems.push(`${where}: keyword ${a.keywordText} vs ${b.instruction}`);
        const start = result.lines.positionAt(a.range.start).line + 1;
        const end = result.lines.positionAt(Math.max(a.range.start, a.range.end - 1)).line + 1;
        if (start !== b.start_line || end !== b.end_line) problems.push(`${where}: lines ${start}-${end} vs ${b.start_line}-${b.end_line}`);
        if (formOf(a) !== b.json_form) problems.push(`${where}: JSON form ${formOf(a)} vs ${b.json_form}`);
        const flags = a.flags.map((f) => f.word);
        if (a.kind !== 'Onbuild' && JSON.stringify(flags) !== JSON.stringify(b.flags)) problems.push(`${where}: flags ${JSON.stringify(flags)} vs ${JSON.stringify(b.flags)}`);
        const hs = a.heredocs;
        if (hs.length !== b.heredocs.length) problems.push(`${where}: ${hs.length} heredocs vs ${b.heredocs.length}`);
        hs.forEach((h, i) => {
          const bh = b.heredocs[i];
          if (!bh) return;
          heredocs++;
          const got = { name: h.name, content: h.content, expand: h.expand, chomp: h.chomp, fd: h.fd };
          if (JSON.stringify(got) !== JSON.stringify({ name: bh.name, content: bh.content, expand: bh.expand, chomp: bh.chomp, fd: bh.fd })) {
            problems.push(`${where}: heredoc ${JSON.stringify(got)} vs ${JSON.stringify(bh)}`);
          }
        });
      }
    }
    expect(problems.slice(0, 50)).toEqual([]);
    // The corpus exercises what it claims to: thousands of instructions and a hundred-odd heredocs.
    expect(instructions).toBeGreaterThan(20000);
    expect(heredocs).toBeGreaterThan(100);
  });

  it('expansion errors only where the file really is broken', () => {
    // microsoft/vscode-dev-containers ships template Dockerfiles with placeholders such as
    // `ARG VARIANT="${templateOption:imageVariant}"`; BuildKit parses them but a build fails expanding
    // `${name:word}` ("unsupported modifier"). Those are the only expected findings; anything else is a berth bug.
    const unexpected: string[] = [];
    let templates = 0;
    for (const rec of recs) {
      const text = readFileSync(CORPUS + rec.path, 'utf8');
      for (const e of analyze(parse(text)).errors) {
        const what = text.slice(e.start, e.end);
        if (rec.path.includes('microsoft__vscode-dev-containers') && what.startsWith('${templateOption:')) templates++;
        else unexpected.push(`${rec.path}: ${what}: ${e.message}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(templates).toBeGreaterThan(0);
  });

  it('lint: no rule crashes, and error-severity correctness findings only where the file really is broken', () => {
    // Each entry is a real bug in the file, checked by hand:
    const psEnv = 'env-self-reference'; // `ENV ProgramFiles=… PSCORE="$ProgramFiles\…"`: the builder expands the old (unset) value
    const known: Record<string, string[]> = {
      'files/PowerShell__PowerShell-Docker/release__7-2__nanoserver1809__docker__Dockerfile': [psEnv],
      'files/PowerShell__PowerShell-Docker/release__7-2__nanoserver2022__docker__Dockerfile': [psEnv],
      'files/PowerShell__PowerShell-Docker/release__7-2__windowsserver2022__docker__Dockerfile': [psEnv],
      'files/PowerShell__PowerShell-Docker/release__7-2__windowsservercore2022__docker__Dockerfile': [psEnv],
      'files/PowerShell__PowerShell-Docker/release__7-3__nanoserver1809__docker__Dockerfile': [psEnv],
      // `ENV NVM_DIR=… PATH="${NVM_DIR}/current/bin:${PATH}"`: PATH gets the NVM_DIR from before this ENV (none).
      'files/microsoft__vscode-dev-containers/containers__azure-static-web-apps__.devcontainer__Dockerfile': ['env-self-reference'],
      // Templates whose FROM holds a placeholder a script replaces before building: Docker rejects them as written.
      'files/carlossg__docker-maven/tests__Dockerfile': ['invalid-image-reference'], // FROM TO_BE_REPLACED
      'files/microsoft__vscode-dev-containers/build__assets__alpine.Dockerfile': ['invalid-image-reference'], // FROM REPLACE-ME
      'files/microsoft__vscode-dev-containers/build__assets__debian.Dockerfile': ['invalid-image-reference'], // FROM REPLACE-ME
    };
    // hadolint rates some style rules `error` (DL3020 ADD for local files, DL4000 MAINTAINER, DL3004 sudo); berth
    // keeps its severities, but those findings are advice, not a broken file: only correctness rules count here.
    const correctness = new Set(ALL_RULES.filter((r) => r.meta.category === 'correctness').map((r) => r.meta.id));
    const crashes: string[] = [];
    const unexpected: string[] = [];
    const config = defaultConfig();
    for (const rec of recs) {
      const text = readFileSync(CORPUS + rec.path, 'utf8');
      const result = lint(parse(text), config);
      for (const e of result.internalErrors) crashes.push(`${rec.path}: ${e.rule}: ${e.error.split('\n')[0]}`);
      for (const d of result.diagnostics) {
        if (d.severity !== 'error' || d.kind !== 'rule' || !correctness.has(d.rule)) continue;
        if (!(known[rec.path] ?? []).includes(d.rule)) unexpected.push(`${rec.path}: ${d.rule}: ${d.message}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(unexpected).toEqual([]);
  });

  it('empty continuation lines: warned where BuildKit warns', () => {
    const mismatches: string[] = [];
    for (const rec of recs) {
      const text = readFileSync(CORPUS + rec.path, 'utf8');
      const ours = parse(text).errors.some((e) => e.code === 'empty-continuation-line');
      const theirs = rec.warnings.length > 0;
      if (ours !== theirs) mismatches.push(`${rec.path}: berth ${ours}, BuildKit ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });
});
