import { describe, expect, it } from 'vitest';
import { expandWord, scanShellVariables } from '../../grammar/index.js';

const env = (vars: Record<string, string>) => (name: string) => (name in vars ? (vars[name] as string) : null);

function value(word: string, vars: Record<string, string> = {}, escape = 0x5c): string | undefined {
  const r = expandWord(word, 0, word.length, { env: env(vars), escape });
  expect(r.errors).toEqual([]);
  return r.value;
}

describe('builder expansion follows BuildKit', () => {
  it.each([
    ['$A', { A: 'x' }, 'x'],
    ['${A}b', { A: 'x' }, 'xb'],
    ['$Ab', { A: 'x', Ab: 'y' }, 'y'],
    ['${A:-d}', {}, 'd'],
    ['${A:-d}', { A: '' }, 'd'],
    ['${A-d}', { A: '' }, ''],
    ['${A:+alt}', { A: 'x' }, 'alt'],
    ['${A:+alt}', { A: '' }, ''],
    ['${A+alt}', { A: '' }, 'alt'],
    ['${A#*/}', { A: 'a/b/c' }, 'b/c'],
    ['${A##*/}', { A: 'a/b/c' }, 'c'],
    ['${A%/*}', { A: 'a/b/c' }, 'a/b'],
    ['${A%%/*}', { A: 'a/b/c' }, 'a'],
    ['${A/b/X}', { A: 'abcb' }, 'aXcb'],
    ['${A//b/X}', { A: 'abcb' }, 'aXcX'],
    ['${A:-${B:-deep}}', {}, 'deep'],
    ["'$A'", { A: 'x' }, '$A'],
    ['"$A b"', { A: 'x' }, 'x b'],
    ['"a\\nb"', {}, 'a\\nb'],
    ['\\$A', { A: 'x' }, '$A'],
    ['a\\ b', {}, 'a b'],
    ['$', {}, '$'],
    ['$.', {}, '$.'],
    ['$1$@', {}, ''],
  ])('%s with %j → %s', (word, vars, expected) => {
    expect(value(word, vars)).toBe(expected);
  });

  it('the backtick escape character escapes in expansion too', () => {
    expect(value('`$A', { A: 'x' }, 0x60)).toBe('$A');
  });

  it('an unknown variable makes the value unknown, but references are still found', () => {
    const r = expandWord('${A}/${B}', 0, 9, { env: (n) => (n === 'A' ? 'a' : undefined) });
    expect(r.value).toBeUndefined();
    expect(r.refs.map((x) => x.name)).toEqual(['A', 'B']);
  });

  it.each([
    ['${v:=w}', 'assigning a default'],
    ['${v=w}', 'assigning a default'],
    ['${#v}', 'length operator'],
    ['${v:1}', 'substring'],
    ['${v:1:2}', 'substring'],
    ['${v^^}', 'changing case'],
    ['${v,,}', 'changing case'],
    ['${v:#x}', '`:#` and `:%`'],
    ['${!v}', 'indirect expansion'],
    ['${}', 'names no variable'],
    ['${v', 'missing `}`'],
    ['${v/pat}', "missing '/'"],
    ["'open", 'single quote is never closed'],
  ])('%s is rejected: %s', (word, message) => {
    const r = expandWord(word, 0, word.length, { env: () => null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toContain(message);
    expect(r.value).toBeUndefined();
  });

  it('nested references carry their own ranges', () => {
    const w = 'x${A:-$B}';
    const r = expandWord(w, 0, w.length, { env: () => null });
    expect(r.refs.map((x) => [x.name, w.slice(x.start, x.end), w.slice(x.nameStart, x.nameEnd), x.modifier])).toEqual([['A', '${A:-$B}', 'A', ':-']]);
    expect(r.refs[0]!.nested.map((x) => w.slice(x.start, x.end))).toEqual(['$B']);
  });
});

describe('shell text', () => {
  it('finds $name and ${name…} outside single quotes, accepting every shell modifier', () => {
    const s = `echo $A "\${B:-x}" '$C' \${#D} \\$E $(cat $F) \${G^^}`;
    expect(scanShellVariables(s, 0, s.length).map((r) => r.name)).toEqual(['A', 'B', 'D', 'F', 'G']);
  });
});
