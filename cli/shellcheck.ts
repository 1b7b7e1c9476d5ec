/**
 * ShellCheck, when a `shellcheck` binary is found: every shell-form RUN script of a Dockerfile (line, heredoc
 * bodies a shell reads, ONBUILD RUN) is written to a temporary file and all of them are checked by ONE ShellCheck
 * process, started directly (no shell in between) with a timeout. Each script starts with a shebang for the
 * dialect in force (SHELL, or the heredoc's own shebang) and declares the ARG/ENV names visible at that RUN, so
 * `$VERSION` after `ARG VERSION` is not "referenced but not assigned". Findings come back as `SC####` diagnostics
 * at exact Dockerfile ranges, with ShellCheck's fixes as unsafe fixes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, runScript, shellAt, type Instruction, type ParseResult, type ScriptPiece } from '../grammar/index.js';
import type { Severity } from '../rules/define.js';
import type { Diagnostic } from '../rules/engine/lint.js';

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

/** Runs ShellCheck over every shell script of a parsed Dockerfile. */
export function runShellcheck(parse: ParseResult, setup: ShellcheckSetup): ShellcheckResult {
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
  if (pieces.length === 0) return { diagnostics: [] };

  const dir = mkdtempSync(join(tmpdir(), 'berth-sc-'));
  try {
    const jobs: Job[] = pieces.map(({ piece, names }, n) => {
      const own = piece.text.startsWith('#!');
      const header = own ? '' : `${SHEBANG[piece.dialect]}\n${names.length > 0 ? `export ${names.map((x) => `${x}=1`).join(' ')}\n` : '\n'}`;
      const file = join(dir, `run-${n + 1}.sh`);
      writeFileSync(file, header + piece.text);
      return { file, piece, prefixLines: own ? 0 : 2, lineStarts: lineStarts(piece.text) };
    });
    const r = spawnSync(setup.path, ['--format=json1', `--exclude=${EXCLUDED.join(',')}`, '--severity=style', ...jobs.map((j) => j.file)], {
      encoding: 'utf8',
      timeout: setup.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
    });
    if (r.error) {
      const timedOut = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
      return { diagnostics: [], error: timedOut ? `ShellCheck took longer than ${setup.timeoutMs} ms and was stopped` : `ShellCheck could not run: ${r.error.message}` };
    }
    // ShellCheck exits 1 when it found something; anything else without JSON is a failure.
    let out: { comments?: ShellcheckComment[] };
    try {
      out = JSON.parse(r.stdout) as { comments?: ShellcheckComment[] };
    } catch {
      return { diagnostics: [], error: `ShellCheck failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}` };
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    url: `https://www.shellcheck.net/wiki/${rule}`,
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
