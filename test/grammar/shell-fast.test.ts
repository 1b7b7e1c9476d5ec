/**
 * The fast reader of simple scripts (grammar/shell/fast.ts) against tree-sitter-bash itself (loaded by
 * test/helpers/setup-shell.ts): wherever the fast reader takes a script, its tree must be the very tree
 * `parseBash` copies out of tree-sitter — on hand-written cases, on every RUN script of the shared corpus, and on
 * thousands of generated scripts. Where tree-sitter-bash is known to misread a script (see `treeSitterMisreads`),
 * the fast reader is held to what the shell does instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, extractCommands, parse, parseBash, runScript, shellAt, type Instruction, type SNode } from '../../grammar/index.js';
import { parseSimpleScript } from '../../grammar/shell/fast.js';

/**
 * Trees in which tree-sitter-bash misreads the script: a lone `$` token (`b-$v-linux.tgz` is cut after the `$`),
 * an expansion that swallowed the blank before it (`"$A $B"`), a list inside a pipeline (`a | b | c && d` read
 * as `a | (b | c && d)`, where the shell runs `(a | b | c) && d`), or a `[ … ]` that ran on over later lines and
 * swallowed commands.
 */
function treeSitterMisreads(n: SNode, text: string): boolean {
  if (n.type === '$' && !n.named) return true;
  if (n.type === 'pipeline' && n.children.some((c) => c.type === 'list')) return true;
  if (n.type === 'test_command' && n.children.some((c) => c.type === 'command' || c.type === 'redirected_statement' || c.type === 'list')) return true;
  if ((n.type === 'expansion' || n.type === 'simple_expansion' || n.type === 'command_substitution') && text[n.start] !== '$' && text[n.start] !== '`') return true;
  return n.children.some((c) => treeSitterMisreads(c, text));
}

/** The first difference between two trees, as a path, or '' when they are equal. */
function firstDifference(a: SNode | undefined, b: SNode | undefined, text: string, path = ''): string {
  if (!a || !b) return `${path}: ${a ? 'extra' : 'missing'} ${JSON.stringify((a ?? b)?.type)}`;
  for (const k of ['type', 'named', 'field', 'start', 'end'] as const) {
    if (a[k] !== b[k]) return `${path}/${b.type} ${k}: fast ${JSON.stringify(a[k])}, tree-sitter ${JSON.stringify(b[k])} in ${JSON.stringify(text.slice(b.start, b.end))}`;
  }
  for (let i = 0; i < Math.max(a.children.length, b.children.length); i++) {
    const d = firstDifference(a.children[i], b.children[i], text, `${path}/${a.type}[${i}]`);
    if (d) return d;
  }
  return '';
}

/** Compares the fast reader with tree-sitter on one script: 'taken', 'left' (to tree-sitter) or 'misread'. */
function compare(text: string): 'taken' | 'left' | 'misread' {
  const fast = parseSimpleScript(text);
  if (!fast) return 'left';
  const ts = parseBash(text);
  expect(ts, text).toBeDefined();
  if (treeSitterMisreads(ts as SNode, text)) return 'misread';
  const d = firstDifference(fast, ts, text);
  expect(d, `${JSON.stringify(text)}\n${d}`).toBe('');
  return 'taken';
}

describe('the fast reader builds tree-sitter-bash’s tree', () => {
  const taken = [
    'apt-get update && apt-get install -y curl=1.2 "a b" && rm -rf /var/lib/apt/lists/*',
    'a | b; c',
    'a && b || c | d',
    'A=1 B="$x" cmd foo$BAR "x $Y z" >/dev/null 2>&1',
    'sleep 5 -1 1.5 0x10',
    'export A=1 B; unset X',
    'export -n A "B=c" D=$PATH:/x E="$F"',
    'cd /x && (cd y; make) || exit 1',
    'echo $(nproc) `date` ${A:-x} "${B}"',
    'a=b',
    'a=1 b=2',
    'A= cmd; B+=x c',
    "x 'y' $'z' \"\" ''",
    'cmd -o a=b --x="y z" ~/x *.txt a\\ b',
    'a\nb',
    'a;\nb ;',
    'a &&\n b',
    'a | b > f',
    'a > f && b',
    'a > f | b',
    'a | b > f | c',
    'a && b > f && c',
    'a && b 2>&1 | c',
    'a && b | c 2>&1 | d',
    'x &>/dev/null <in >>o 1>&2 2>/dev/null',
    'echo "a\\"b" a"b"c "$(x "y")"',
    'find . -exec rm {} \\;',
    'echo x{a,b} a[1] /a/{b,c}/d {} +',
    'echo done in if',
    'a&&b;c||d',
    'echo "a \\$b" "x\\\\y" "$A" "${A}x$(b)"',
    'cmd --a=$B:c',
    '  a  ',
    '(a) > f',
    'echo $(a;b) $( c )',
    'a |\n b | c',
    'x 1$A -1b a-1 a=b=c',
    'echo $1 $@ "$#" $?',
    'echo ünïcødé "ü $X ü" 🐳',
    'if [ -f x ]; then a; fi',
    'if [ "$(uname -m)" = "x86_64" ]; then a; elif [ -n "$B" ]; then b; else c; fi > log',
    'if a\nthen\n  b\nelif c\nthen\n  d  \n\nelse\n  e  \n  fi',
    'if ! command -v x; then apt-get install -y x; fi',
    'if [ 1 -lt 2 ] && [ -z "$x" ]; then c; fi',
    'for f in a "b" $C $(ls); do echo $f; done',
    'for f in a b\ndo\n  echo $f\ndone',
    'while read x; do c; done < f',
    'until a; do b; done',
    '{ a; b; } > f',
    'a || { b; c; }',
    '[ -f x ] && a',
    '[ ! -d y ] || mkdir y',
    '[ "$x" ]',
    '! grep x f',
    '! a | b',
    'case "$arch" in amd64) x=a ;; arm64|aarch64) x=b; y=c ;; *) exit 1 ;; esac',
    'case "$(dpkg --print-architecture)" in \n  amd64) a ;;\n  armhf) b ;;\n  *) c ;;\nesac',
    'x "$A " "$A  b"',
    '$MAVEN_HOME/bin/mvn -v && "${JAVA}" -version',
    'cmd > f arg',
    'case "$arch" in \'x86_64\') a ;; \'armhf\'|"armv7") b ;; *) echo >&2 "error: unsupported architecture"; exit 1 ;; esac',
    'a=; b= && c',
    'for p in $JAVA_HOME/bin/*; do tool=`basename $p`; update-alternatives --install /usr/bin/$tool $tool $p 1; done',
  ];
  for (const script of taken) {
    it(`takes ${JSON.stringify(script)}`, () => {
      expect(compare(script)).toBe('taken');
    });
  }

  const left = [
    'case $x in a|b) c;; esac',
    'case $x in (a) b;; esac',
    'case $x in a) b;& c) d;; esac',
    'case $x in i[3-6]86) b;; esac',
    'for ((i = 0; i < 3; i++)); do a; done',
    'for x; do a; done',
    '[ -d ~root ] && a',
    '[ "$a" = b ]',
    '[ -f a -a -f b ]',
    'if a; then fi',
    'select x in a; do b; done',
    'f() { a; }',
    '[[ -f x ]] && a',
    'a & b',
    'a |& b',
    'cat <<EOF\nx\nEOF',
    'echo $((1 + 2))',
    'echo ${A:-$B}',
    'a # comment',
    'a \\\nb',
    'echo x{1..3}',
    'arr=(a b)',
    'a\ncmd > f arg',
    'a | cmd > f arg',
    'a && cmd > f arg',
    'a - > f - 2>&1',
    'diff <(a) <(b)',
    '$(which a) b',
    'echo {a,b}',
    'echo =x',
    'echo ${C}\\\\x',
    'a | b `c` `d`',
    'x ${A}\\* y',
    'apt-key add - 2>&1',
    'echo "unterminated',
    '',
    '   ',
  ];
  for (const script of left) {
    it(`leaves ${JSON.stringify(script)} to tree-sitter`, () => {
      expect(parseSimpleScript(script)).toBeUndefined();
    });
  }

  it('gives up on nesting deeper than it reads (and never overflows the stack)', () => {
    expect(parseSimpleScript('echo ' + '$(echo '.repeat(7000) + 'x' + ')'.repeat(7000))).toBeUndefined();
    expect(parseSimpleScript('echo ' + '$(echo '.repeat(70) + 'x' + ')'.repeat(70))).toBeUndefined();
    expect(compare('echo ' + '$(echo '.repeat(20) + 'x' + ')'.repeat(20))).toBe('taken');
  });

  it('reads a word where tree-sitter-bash cuts it at `-$`, as the shell does', () => {
    const text = 'curl -o f https://a/$v/b-$v-linux.tgz';
    expect(treeSitterMisreads(parseBash(text) as SNode, text)).toBe(true);
    const fast = parseSimpleScript(text) as SNode;
    const [cmd] = extractCommands(fast, text, 0).commands;
    expect(cmd?.args.map((a) => a.value)).toEqual(['-o', 'f', 'https://a/${v}/b-${v}-linux.tgz']);
  });

  it('reads `a | b | c && d` as the shell runs it, where tree-sitter-bash nests the list inside the pipeline', () => {
    const text = 'curl -s u | tar x | sha256sum && echo ok';
    expect(treeSitterMisreads(parseBash(text) as SNode, text)).toBe(true);
    const commands = extractCommands(parseSimpleScript(text) as SNode, text, 0).commands;
    expect(commands.map((c) => [c.name, c.where.pipeline?.index, c.where.pipeline?.size])).toEqual([
      ['curl', 0, 3],
      ['tar', 1, 3],
      ['sha256sum', 2, 3],
      ['echo', undefined, undefined],
    ]);
  });

  it('keeps the blank before an expansion inside a string in the text around it', () => {
    const text = 'echo "$A $B"';
    expect(treeSitterMisreads(parseBash(text) as SNode, text)).toBe(true);
    const [cmd] = extractCommands(parseSimpleScript(text) as SNode, text, 0).commands;
    expect(cmd?.args.map((a) => a.value)).toEqual(['${A} ${B}']);
  });
});

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word parts of everyday scripts, and odd ones that probe where the fast reader must give up. */
const WORD_PARTS = ['a', 'apt-get', 'x1', '-y', '--no-cache', '-', '1', '-1', '0x1', '2', 'k=v', '/p/*', '~', '.', ',', ':', '+', 'é',
  '"s t"', '"$A"', '"${B}"', '"a $C b"', '"$(c d)"', '"\\$x"', '"q\\"q"', "'r s'", "$'t\\n'", '$D', '${E}', '${F:-g}', '$1', '$@', '$?',
  '$(h i)', '$(j | k)', '`l`', '{}', 'x{a,b}', 'a[1]', '\\;'];
const ODD_PARTS = ['=', '%', '@', '{', '}', '[', ']', '\\ ', '\\\\', '#', '$', '(', '!', '{1..2}', '${G}\\*', '"`e`"', '==', '=~', '&'];
const CONDITIONS = ['[ -f x ]', '[ "$A" = "b" ]', '[ $n -eq 1 ]', '[ ! -d y ]', 'true', '! a', '[ "$x" ]', '[ x = y ]', '[ -d ~root ]', '[ -n "$(c)" ]',
  '[ "$a" != \'b\' ]', '[ -f a -a -f b ]', '[[ -f x ]]', 'a | b', '[ 1 -lt 2 ] && [ -z "$x" ]'];
const PATTERNS = ['amd64', 'arm64|aarch64', '*', 'armhf', 'dev|beta', 'x86_64', 'a.b', '1ab', 'i[3-6]86', '"q"', 'arm*'];
const OPERATORS = [' ', ' ', ' ', ' ', ' && ', ' || ', ' | ', '; ', '\n', ' &&\n', ' > f ', ' 2>&1 ', ' >>log ', ' <in ', ' &>/dev/null ', ' 2>/dev/null', '\t'];

function generate(next: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const part = (): string => (next() < 0.9 ? pick(WORD_PARTS) : pick(ODD_PARTS));
  let out = next() < 0.1 ? 'A=1 ' : '';
  const n = 1 + Math.floor(next() * 10);
  for (let i = 0; i < n; i++) {
    let word = i === 0 || next() < 0.5 ? pick(['a', 'apt-get', 'x1', 'rm', './run.sh', 'k=v']) : part();
    while (next() < 0.3) word += part();
    out += word + (i < n - 1 ? pick(OPERATORS) : '');
  }
  if (next() < 0.1) out = `(${out})`;
  if (next() < 0.1) out = `export X=${out}`;
  // Compound commands around it, with `;` or newlines.
  const sep = (): string => pick(['; ', ';\n', '\n', '\n  ', ' ;\n\n', '  \n']);
  const cond = (): string => pick(CONDITIONS);
  const wrap = next();
  if (wrap < 0.08) out = `if ${cond()}${sep()}then ${out}${sep()}fi`;
  else if (wrap < 0.14) out = `if ${cond()}${sep()}then ${out}${sep()}elif ${cond()}${sep()}then a${sep()}else ${out}${sep()}fi`;
  else if (wrap < 0.2) out = `for x in a "$B" $(c)${sep()}do ${out}${sep()}done`;
  else if (wrap < 0.25) out = `while ${cond()}${sep()}do ${out}${sep()}done`;
  else if (wrap < 0.3) out = `{ ${out}${sep()}}`;
  else if (wrap < 0.36) out = `${cond()} && ${out}`;
  else if (wrap < 0.4) out = `${out} || ${cond()}`;
  else if (wrap < 0.46) out = `case "$A" in${sep()}${pick(PATTERNS)}) ${out}${sep()};;${sep()}${pick(PATTERNS)}) a ;; esac`;
  return out;
}

describe('the fast reader on generated scripts', () => {
  // Another seed or more scripts when teaching the fast reader something new:
  // BERTH_FUZZ_SEED=7 BERTH_FUZZ_COUNT=50000 npx vitest run test/grammar/shell-fast.test.ts
  const seed = Number(process.env.BERTH_FUZZ_SEED ?? 20261130);
  const count = Number(process.env.BERTH_FUZZ_COUNT ?? 4000);
  it(`builds tree-sitter’s tree for every generated script it takes (seed ${seed}, ${count} scripts)`, () => {
    const next = random(seed);
    const counts = { taken: 0, left: 0, misread: 0 };
    for (let i = 0; i < count; i++) counts[compare(generate(next))]++;
    // The generator must exercise the fast reader, not only its refusals.
    expect(counts.taken).toBeGreaterThan(count / 10);
  });
});

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const present = existsSync(`${CORPUS}MANIFEST.tsv`);
if (!present) console.warn(`[shell-fast] corpus check skipped: the shared corpus is not at ${CORPUS}`);

describe.skipIf(!present)('the fast reader on every RUN script of the corpus', () => {
  it('builds tree-sitter’s tree for each script it takes, and takes most of them', () => {
    const files = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[0] as string);
    const scripts = new Set<string>();
    for (const f of files) {
      const p = parse(readFileSync(`${CORPUS}${f}`, 'utf8'));
      const m = analyze(p);
      for (const i of p.dockerfile.instructions) {
        const run = i.kind === 'Onbuild' ? (i as unknown as { trigger?: Instruction }).trigger : i;
        if (run?.kind !== 'Run') continue;
        for (const piece of runScript(run, shellAt(m, m.stageAt(run.range.start), run.range.start)).pieces) scripts.add(piece.text);
      }
    }
    const counts = { taken: 0, left: 0, misread: 0 };
    for (const s of scripts) counts[compare(s)]++;
    expect(scripts.size).toBeGreaterThan(3000);
    expect(counts.taken / scripts.size).toBeGreaterThan(0.8);
  });
});
