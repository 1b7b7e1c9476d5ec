/**
 * Fuzz, the command line: the built `bin/berth.js` on batches of generated files written as bytes (valid UTF-8,
 * invalid UTF-8, NUL bytes, Latin-1, UTF-16 with a BOM, random bytes), with `lint` and `lint --fix
 * --unsafe-fixes`, and on the hostile shapes and odd invocations of issue #14.
 *
 * What must hold: berth never exits 3 (an internal error) and never prints a stack trace; a file berth does not
 * fix keeps every byte; a file it fixes holds what the library's fix-all makes of its text, and every stretch
 * outside the fixes keeps its bytes exactly (compared byte for byte through a map from text offsets to bytes).
 * One process lints a whole batch (spawning is slow); a failure shrinks the batch to the file that breaks it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { chooseFixes } from '../../rules/engine/fix.js';
import { lint, type Diagnostic } from '../../rules/engine/lint.js';
import { berth, project, type Run } from '../helpers/cli.js';
import { fileBytes, HOSTILE, richDockerfile } from '../helpers/dockerfile-arbitraries.js';
import { decode, encodingOf, isValidUtf8, sameBytes } from './bytes.js';
import { EditTracker } from './edits.js';
import { FUZZ_TIMEOUT, fuzzParams } from './options.js';

/** The CLI's configuration with no configuration file: berth's defaults. */
const CONFIG = defaultConfig();
const lintText = (t: string): Diagnostic[] => lint(parse(t), CONFIG).diagnostics;

const STACK = /^\s+at\s.*:\d+:\d+\)?\s*$/m;

/** berth did not fail: no internal error (exit 3), no stack trace, no unhandled anything. */
function expectSane(r: Run, what: string): void {
  const said = `${what}: exit ${r.code}\n${r.stderr.slice(0, 4000)}`;
  expect(r.code, said).not.toBe(3);
  expect(r.code === 0 || r.code === 1 || r.code === 2, said).toBe(true);
  expect(STACK.test(r.stderr), said).toBe(false);
  expect(STACK.test(r.stdout), said).toBe(false);
  expect(r.stderr, said).not.toMatch(/internal error|unhandled|TypeError|RangeError/i);
}

/**
 * The file after `--fix --unsafe-fixes`, against the file before: unchanged, or exactly what the library's fix-all
 * makes of its text, with every stretch outside the fixes byte for byte as it was.
 */
function expectFixedInPlace(before: Uint8Array, after: Uint8Array, what: string): void {
  if (sameBytes(before, after)) return;
  const encoding = encodingOf(before);
  const b = decode(before, encoding);
  const a = decode(after, encoding);
  // The library's fix-all, pass by pass, knowing which stretches of the original no edit touched.
  const tracker = new EditTracker(b.text);
  // In a file with bytes that are not UTF-8, berth leaves out a fix whose new text holds U+FFFD (it would write other
  // bytes than the file had): so must the oracle.
  const lossy = encoding === 'utf-8' && !isValidUtf8(before);
  for (let pass = 0; pass < 10; pass++) {
    const found = lintText(tracker.text);
    const chosen = chooseFixes(lossy ? found.filter((d) => !d.fix?.edits.some((e) => e.text.includes('\uFFFD'))) : found, true);
    if (chosen.length === 0) break;
    tracker.apply(chosen.flatMap((c) => c.fix.edits));
  }
  expect(a.text, `${what}: the fixed file is not what fix-all makes of it`).toBe(tracker.text);
  for (const k of tracker.kept) {
    const was = before.subarray(b.byteAt[k.from], b.byteAt[k.to]);
    const is = after.subarray(a.byteAt[k.at], a.byteAt[k.at + (k.to - k.from)]);
    if (!sameBytes(was, is)) {
      throw new Error(`${what}: the bytes of ${JSON.stringify(b.text.slice(k.from, k.to))}, outside every fix, changed from [${Array.from(was).join(' ')}] to [${Array.from(is).join(' ')}]`);
    }
  }
}

interface Batch {
  dir: string;
  paths: string[];
  before: Uint8Array[];
}

function writeBatch(files: ReadonlyArray<{ bytes: Uint8Array }>): Batch {
  const entries = files.map((f, i) => [`d${i}/Dockerfile`, Buffer.from(f.bytes)] as const);
  const dir = project(Object.fromEntries(entries));
  return { dir, paths: entries.map(([p]) => p), before: files.map((f) => f.bytes) };
}

/** `lint`, then `lint --fix --unsafe-fixes`, on one batch: both sane; each file unchanged or fixed in place. */
function lintAndFix(files: ReadonlyArray<{ kind: string; bytes: Uint8Array }>, checkBytes: (f: { kind: string; bytes: Uint8Array }) => boolean): void {
  const batch = writeBatch(files);
  expectSane(berth(['lint', '--no-config', ...batch.paths], { cwd: batch.dir }), 'berth lint');
  // `lint` never writes.
  batch.paths.forEach((p, i) => expect(sameBytes(readFileSync(join(batch.dir, p)), batch.before[i] as Uint8Array), `lint changed ${p}`).toBe(true));
  expectSane(berth(['lint', '--no-config', '--fix', '--unsafe-fixes', ...batch.paths], { cwd: batch.dir }), 'berth lint --fix --unsafe-fixes');
  batch.paths.forEach((p, i) => {
    const file = files[i] as { kind: string; bytes: Uint8Array };
    if (checkBytes(file)) expectFixedInPlace(batch.before[i] as Uint8Array, readFileSync(join(batch.dir, p)), `${p} (${file.kind})`);
  });
}

/** A file of valid UTF-8, or one berth leaves alone today (NUL bytes, UTF-16): bytes are checked for these. */
const bytesKeptToday = (f: { bytes: Uint8Array }): boolean => isValidUtf8(f.bytes) || encodingOf(f.bytes) !== 'utf-8' || f.bytes.slice(0, 8000).includes(0);

describe('fuzz: berth lint on generated files', () => {
  it('lint and lint --fix --unsafe-fixes: never exit 3 or a stack trace; fixed files change only inside their fixes', () => {
    fc.assert(
      fc.property(fc.array(fileBytes, { minLength: 6, maxLength: 12 }), (files) => lintAndFix(files, bytesKeptToday)),
      fuzzParams('cli batches', 3, { share: 1 / 50, limitMs: 45_000 }),
    );
  }, FUZZ_TIMEOUT);

  // Issue #14 (CLI part, "Data loss") found: `--fix` rewrites every invalid UTF-8 byte of a file as
  // U+FFFD (EF BF BD), far from any fix.
  it('--fix keeps every byte outside the fixes of a file that is not valid UTF-8 (Latin-1, stray bytes)', () => {
    const invalid = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xe9]] as const;
    // Every file starts with a line the fixes always change (MAINTAINER → LABEL), so each run writes files.
    const file = fc
      .tuple(richDockerfile, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...invalid)), { minLength: 1, maxLength: 3 }))
      .map(([t, ins]) => {
        const head = new TextEncoder().encode('FROM alpine:3.20\nMAINTAINER someone\n# caf');
        let rest = Array.from(new TextEncoder().encode(`\n${t}`));
        for (const [at, seq] of ins) {
          const i = 1 + (at % rest.length);
          rest = [...rest.slice(0, i), ...seq, ...rest.slice(i)];
        }
        return { kind: 'invalid utf-8', bytes: Uint8Array.from([...head, 0xe9, ...rest]) };
      });
    fc.assert(fc.property(fc.array(file, { minLength: 2, maxLength: 4 }), (files) => lintAndFix(files, () => true)), { ...fuzzParams('cli invalid utf-8', 1, { share: 1 / 50 }), endOnFailure: true });
  });
});

describe('berth lint on the hostile shapes and odd invocations of issue #14', () => {
  it('deep $( nesting, thousands of heredocs, a line over 64 KiB, many stages, long continuations: lint and --fix', () => {
    const shapes = [HOSTILE.nestedSubshells(2000), HOSTILE.manyHeredocs(150), HOSTILE.longLine(70_000), HOSTILE.manyStages(40), HOSTILE.longContinuation(200), HOSTILE.argDoubling(12)];
    lintAndFix(
      shapes.map((t) => ({ kind: 'hostile', bytes: new TextEncoder().encode(t) })),
      () => true,
    );
  });

  // Issue #14 (scaling part) found: a chain of ARGs that double their value makes expansion build a
  // string too long for JavaScript, and berth exits 3.
  it('a chain of 30 ARGs that each double the value before', () => {
    const dir = project({ Dockerfile: HOSTILE.argDoubling(30) });
    expectSane(berth(['lint', '--no-config', 'Dockerfile'], { cwd: dir }), 'berth lint');
    expectSane(berth(['lint', '--no-config', '--fix', '--unsafe-fixes', 'Dockerfile'], { cwd: dir }), 'berth lint --fix');
  });

  it('standard input with NUL, invalid UTF-8, a BOM and lone CRs: no crash', () => {
    const nul = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0x00, 0x0a]);
    const odd = Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('from a\rRUN x\r\nMAINTAINER me\n# '), 0xff, 0x0a]);
    expectSane(berth(['lint', '--no-config', '-'], { input: nul }), 'berth lint - (NUL)');
    expectSane(berth(['lint', '--no-config', '-'], { input: '' }), 'berth lint - (empty)');
    expectSane(berth(['lint', '--no-config', '--fix', '--unsafe-fixes', '-'], { input: odd }), 'berth lint --fix -');
  });

  it('a missing file: exit 2, named in a one-line message', () => {
    const dir = project({});
    const r = berth(['lint', 'no/such/Dockerfile'], { cwd: dir });
    expectSane(r, 'berth lint no/such/Dockerfile');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/Dockerfile');
  });

  // Issue #14 (CLI part, "Small") found: a negative --max-warnings is accepted.
  it('--max-warnings -1 is a usage error', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\n' });
    const r = berth(['lint', '--max-warnings', '-1', 'Dockerfile'], { cwd: dir });
    expectSane(r, 'berth lint --max-warnings -1');
    expect(r.code).toBe(2);
  });

  // Issue #14 (CLI part, "Small") found: a missing -c file is reported as `FILE:0:0: no such file`.
  it('a missing -c file: exit 2 and a message that says the configuration file is missing', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\n' });
    const r = berth(['lint', '-c', 'missing.yaml', 'Dockerfile'], { cwd: dir });
    expectSane(r, 'berth lint -c missing.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml');
    expect(r.stderr).not.toContain(':0:0:');
  });

  // Issue #14 (CLI part, "Small") found: UTF-16 with a BOM is called "a binary file". It should be read,
  // or named for what it is.
  it('a UTF-16 file with a BOM is named as UTF-16, not as binary', () => {
    const text = 'FROM alpine:3.20\nRUN echo hi\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const dir = project({ 'le/Dockerfile': le });
    const r = berth(['lint', 'le/Dockerfile'], { cwd: dir });
    expectSane(r, 'berth lint (UTF-16)');
    expect(`${r.stdout}${r.stderr}`).toMatch(/UTF-16/i);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/binary/i);
  });
});
