/**
 * ShellCheck, when a `shellcheck` binary is found: every shell-form RUN script of a Dockerfile (line, heredoc
 * bodies a shell reads, ONBUILD RUN) is written to a temporary file and all of them are checked by ONE ShellCheck
 * process, started directly (no shell in between) with a timeout. Each script starts with a shebang for the
 * dialect in force (SHELL, or the heredoc's own shebang) and declares the ARG/ENV names visible at that RUN, so
 * `$VERSION` after `ARG VERSION` is not "referenced but not assigned". Findings come back as `SC####` diagnostics
 * at exact Dockerfile ranges, with ShellCheck's fixes as unsafe fixes.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, runScript, shellAt, type Instruction, type ParseResult, type ScriptPiece } from '../grammar/index.js';
import type { Severity } from '../rules/define.js';
import { docsUrlFor, type Diagnostic } from '../rules/engine/lint.js';

import type { ShellcheckSetup } from './shellcheck-find.js';

/** Codes that make no sense here: sourced files we cannot follow, dialects ShellCheck does not support. */
const EXCLUDED = ['SC1090', 'SC1091', 'SC2187', 'SC1071', 'SC1008'];

const SHEBANG: Record<string, string> = { sh: '#!/bin/sh', bash: '#!/bin/bash', dash: '#!/bin/dash', ash: '#!/bin/dash', ksh: '#!/bin/ksh' };

interface Job {
  file: string;
  piece: ScriptPiece;
  /** Characters of our own header before the script (0 when the script keeps its own shebang). */
  prefixLines: number;
  lineStarts: number[];
}

export interface ShellcheckResult {
  diagnostics: Diagnostic[];
  /** Why ShellCheck could not run on this file (timeout, crash); the lint goes on without its findings. */
  error?: string;
}

/** The scripts of a file, written to a temporary folder for one ShellCheck process; undefined when there are none. */
function prepare(parse: ParseResult): { dir: string; jobs: Job[] } | undefined {
  const model = analyze(parse);
  const runs: Instruction[] = [];
  for (const i of parse.dockerfile.instructions) {
    if (i.kind === 'Run') runs.push(i);
    else if (i.kind === 'Onbuild') {
      const t = (i as unknown as { trigger?: Instruction }).trigger;
      if (t?.kind === 'Run') runs.push(t);
    }
  }
  const pieces: Array<{ piece: ScriptPiece; names: string[] }> = [];
  for (const run of runs) {
    const at = run.range.start;
    const script = runScript(run, shellAt(model, model.stageAt(at), at));
    if (!script.analysed || (script.form !== 'shell' && script.form !== 'heredoc')) continue;
    const names = [...model.visibleAt(at).keys()].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
    for (const piece of script.pieces) if (SHEBANG[piece.dialect]) pieces.push({ piece, names });
  }
  if (pieces.length === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'berth-sc-'));
  const jobs: Job[] = pieces.map(({ piece, names }, n) => {
    const own = piece.text.startsWith('#!');
    const header = own ? '' : `${SHEBANG[piece.dialect]}\n${names.length > 0 ? `export ${names.map((x) => `${x}=1`).join(' ')}\n` : '\n'}`;
    const file = join(dir, `run-${n + 1}.sh`);
    writeFileSync(file, header + piece.text);
    return { file, piece, prefixLines: own ? 0 : 2, lineStarts: lineStarts(piece.text) };
  });
  return { dir, jobs };
}

const argsFor = (jobs: readonly Job[]): string[] => ['--format=json1', `--exclude=${EXCLUDED.join(',')}`, '--severity=style', ...jobs.map((j) => j.file)];

/** ShellCheck's JSON output (it exits 1 when it found something) → diagnostics at Dockerfile ranges. */
function collect(jobs: readonly Job[], stdout: string, stderr: string, status: number | null): ShellcheckResult {
  let out: { comments?: ShellcheckComment[] };
  try {
    out = JSON.parse(stdout) as { comments?: ShellcheckComment[] };
  } catch {
    return { diagnostics: [], error: `ShellCheck failed (exit ${status}): ${(stderr || stdout).trim().split('\n')[0] ?? ''}` };
  }
  const byFile = new Map(jobs.map((j) => [j.file, j]));
  const diagnostics: Diagnostic[] = [];
  for (const c of out.comments ?? []) {
    const job = byFile.get(c.file);
    if (!job) continue;
    const d = toDiagnostic(c, job);
    if (d) diagnostics.push(d);
  }
  return { diagnostics };
}

const failure = (error: NodeJS.ErrnoException, setup: ShellcheckSetup): ShellcheckResult => ({
  diagnostics: [],
  error: error.code === 'ETIMEDOUT' || (error as { killed?: boolean }).killed ? `ShellCheck took longer than ${setup.timeoutMs} ms and was stopped` : `ShellCheck could not run: ${error.message}`,
});

/** Runs ShellCheck over every shell script of a parsed Dockerfile (blocking: for the command line). */
export function runShellcheck(parse: ParseResult, setup: ShellcheckSetup): ShellcheckResult {
  const prepared = prepare(parse);
  if (!prepared) return { diagnostics: [] };
  try {
    const r = spawnSync(setup.path, argsFor(prepared.jobs), { encoding: 'utf8', timeout: setup.timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true });
    if (r.error) return failure(r.error, setup);
    return collect(prepared.jobs, r.stdout, r.stderr, r.status);
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

/** The same without blocking (for the language server); `signal` stops a run whose document has changed. */
export function runShellcheckAsync(parse: ParseResult, setup: ShellcheckSetup, signal?: AbortSignal): Promise<ShellcheckResult> {
  const prepared = prepare(parse);
  if (!prepared) return Promise.resolve({ diagnostics: [] });
  return new Promise<ShellcheckResult>((resolve) => {
    execFile(setup.path, argsFor(prepared.jobs), { encoding: 'utf8', timeout: setup.timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true, ...(signal ? { signal } : {}) }, (error, stdout, stderr) => {
      rmSync(prepared.dir, { recursive: true, force: true });
      // exit status 1 means "found something": not an error here.
      if (error && typeof error.code !== 'number') resolve(failure(error as unknown as NodeJS.ErrnoException, setup));
      else resolve(collect(prepared.jobs, stdout, stderr, typeof error?.code === 'number' ? error.code : 0));
    });
  });
}

interface ShellcheckComment {
  file: string;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
  fix: { replacements: Array<{ line: number; column: number; endLine: number; endColumn: number; replacement: string; insertionPoint: string }> } | null;
}

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'style' };

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** ShellCheck's 1-based line and column (code points; json1 counts a tab as one) → offset in the script. */
function scriptOffset(job: Job, line: number, column: number): number | undefined {
  const l = line - 1 - job.prefixLines;
  if (l < 0) return 0;
  const start = job.lineStarts[l];
  if (start === undefined) return job.piece.text.length;
  const text = job.piece.text;
  let o = start;
  for (let cp = 1; cp < column && o < text.length && text.charCodeAt(o) !== 10; cp++) {
    const c = text.charCodeAt(o);
    o += c >= 0xd800 && c <= 0xdbff && o + 1 < text.length ? 2 : 1;
  }
  return o;
}

function toDiagnostic(c: ShellcheckComment, job: Job): Diagnostic | undefined {
  const s = scriptOffset(job, c.line, c.column);
  const e = scriptOffset(job, c.endLine, c.endColumn);
  if (s === undefined || e === undefined) return undefined;
  const map = job.piece.map;
  const start = map.toDoc(s);
  const end = Math.max(start, map.toDoc(e, true));
  const rule = `SC${c.code}`;
  const d: Diagnostic = {
    rule,
    aliases: [],
    severity: LEVELS[c.level] ?? 'warning',
    message: c.message,
    start,
    end,
    kind: 'rule',
    url: docsUrlFor(rule),
  };
  // ShellCheck's own fix, when every edit maps onto one contiguous stretch of the Dockerfile.
  if (c.fix && c.fix.replacements.length > 0) {
    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const rep of c.fix.replacements) {
      const rs = scriptOffset(job, rep.line, rep.column);
      const re = scriptOffset(job, rep.endLine, rep.endColumn);
      if (rs === undefined || re === undefined || re < rs) return d;
      const ds = map.toDoc(rs);
      const de = re === rs ? ds : map.toDoc(re, true);
      if (de - ds !== re - rs) return d;
      edits.push({ start: ds, end: de, text: rep.replacement });
    }
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    d.fix = { title: `Apply ShellCheck's fix for ${rule}`, applicability: 'unsafe', edits };
  }
  return d;
}
