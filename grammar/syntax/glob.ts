/**
 * The shell patterns of `${name#pattern}`, `${name%pattern}` and `${name/pattern/replacement}`: `*` (any text),
 * `?` (one character) and literal characters, `\*`, `\?`, `\\` for the literal ones. They are matched by running
 * all the ways through the pattern at once (one set of positions in the pattern per character of the value), so
 * the work is at most (characters of the value) × (length of the pattern) per search, whatever the pattern: a
 * regular expression made of `.*` would backtrack, and a pattern such as `*a*a*a*b` on a long value would take
 * time that grows with a power of its length. Every step is charged to a meter, which may stop the work, and so
 * is every character of the strings these functions return, before it is built: `${v//a/${v}}` on a value of
 * 30,000 characters would build 900 million (past what a JavaScript string can hold), and the meter stops it at
 * its limit instead.
 *
 * Characters are code points (a character outside the BMP is one `?`). A match follows the regular expression
 * the pattern reads as, with every `*` greedy: the leftmost match, and from there the longest.
 */

const STAR = -1;
const ANY = -2;

/** A compiled pattern: code points, `STAR` or `ANY`. */
export type Glob = readonly number[];

/** Counts work; `charge` and `output` throw (whatever the owner chose) when there is no more to spend. */
export interface Meter {
  charge(steps: number): void;
  /**
   * Characters about to be added to the string a function here returns, called before they are copied (the
   * owner may hold them to a limit of its own); charged as steps when the meter has no `output`.
   */
  output?(chars: number): void;
}

/** Charges `chars` characters of a result about to be built. */
function output(meter: Meter, chars: number): void {
  if (chars === 0) return;
  if (meter.output) meter.output(chars);
  else meter.charge(chars);
}

/**
 * Compiles a pattern; undefined when it holds an escape the builder does not take (`\x` other than `\*`, `\?`,
 * `\\`; `\}` and `\/` stand for `}` and `/`).
 */
export function compileGlob(pattern: string): Glob | undefined {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern.codePointAt(i) as number;
    i += c > 0xffff ? 2 : 1;
    if (c === 0x2a) out.push(STAR);
    else if (c === 0x3f) out.push(ANY);
    else if (c === 0x5c) {
      const n = pattern.charCodeAt(i);
      if (n === 0x7d || n === 0x2f) continue; // the backslash goes; `}` or `/` is read next as itself
      if (n !== 0x2a && n !== 0x3f && n !== 0x5c) return undefined;
      out.push(n);
      i++;
    } else out.push(c);
  }
  return out;
}

/** Runs of the pattern: the set of positions reached, with the smallest start that reached each. */
class Runner {
  private readonly m: number;
  /** start[i] = the smallest start offset of a run at pattern position i, or -1 when none is. */
  private cur: Int32Array;
  private next: Int32Array;
  private active: number[] = [];
  private nextActive: number[] = [];

  constructor(
    private readonly glob: Glob,
    private readonly meter: Meter,
  ) {
    this.m = glob.length;
    // Setting up is work too (a search per match of `${v//p/r}`).
    meter.charge(this.m + 1);
    this.cur = new Int32Array(this.m + 1).fill(-1);
    this.next = new Int32Array(this.m + 1).fill(-1);
  }

  /** Clears every run. */
  reset(): void {
    for (const i of this.active) this.cur[i] = -1;
    this.active = [];
  }

  /** Adds a run at position `i` from `start`, and follows the `*` that may match nothing. */
  private addTo(set: Int32Array, list: number[], i: number, start: number): void {
    for (;;) {
      const have = set[i] as number;
      if (have !== -1 && have <= start) return;
      if (have === -1) list.push(i);
      set[i] = start;
      if (i < this.m && this.glob[i] === STAR) i++;
      else return;
    }
  }

  begin(start: number): void {
    this.addTo(this.cur, this.active, 0, start);
  }

  /** The start of the run that has matched the whole pattern here, or -1. */
  get accepted(): number {
    return this.cur[this.m] as number;
  }

  get alive(): boolean {
    return this.active.length > 0;
  }

  /** The smallest start among the live runs (or Infinity). */
  get minStart(): number {
    let min = Infinity;
    for (const i of this.active) min = Math.min(min, this.cur[i] as number);
    return min;
  }

  /** Advances every run over one character. */
  step(cp: number): void {
    this.meter.charge(this.active.length + 1);
    const glob = this.glob;
    for (const i of this.active) {
      const start = this.cur[i] as number;
      this.cur[i] = -1;
      if (i === this.m) continue;
      const t = glob[i] as number;
      if (t === STAR) this.addTo(this.next, this.nextActive, i, start);
      else if (t === ANY || t === cp) this.addTo(this.next, this.nextActive, i + 1, start);
    }
    const set = this.cur;
    this.cur = this.next;
    this.next = set;
    const list = this.active;
    this.active = this.nextActive;
    this.nextActive = list;
    list.length = 0;
  }
}

/** The offset after the code point at `i`. */
function after(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? i + 2 : i + 1;
}

/** The offset before the code point that ends at `i`. */
function before(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? i - 2 : i - 1;
}

/**
 * `${v#p}` / `${v##p}` (prefix) and `${v%p}` / `${v%%p}` (suffix): removes the shortest (or longest) part at that
 * end that the pattern matches entirely; the value unchanged when none does.
 */
export function trimGlob(value: string, glob: Glob, longest: boolean, side: 'prefix' | 'suffix', meter: Meter): string {
  const prefix = side === 'prefix';
  // A suffix is matched from the end of the value backwards, by the pattern read backwards.
  const runner = new Runner(prefix ? glob : [...glob].reverse(), meter);
  runner.begin(0);
  let cut = runner.accepted === -1 ? -1 : prefix ? 0 : value.length;
  if (cut === -1 || longest) {
    let i = prefix ? 0 : value.length;
    while (runner.alive && (prefix ? i < value.length : i > 0)) {
      const j = prefix ? after(value, i) : before(value, i);
      runner.step(value.codePointAt(prefix ? i : j) as number);
      i = j;
      if (runner.accepted !== -1) {
        cut = i;
        if (!longest) break;
      }
    }
  }
  if (cut === -1 || (prefix ? cut === 0 : cut === value.length)) {
    output(meter, value.length);
    return value;
  }
  output(meter, prefix ? value.length - cut : cut);
  return prefix ? value.slice(cut) : value.slice(0, cut);
}

/** The leftmost match at or after `from`, the longest there: [start, end), or undefined. */
function search(value: string, glob: Glob, from: number, meter: Meter): [number, number] | undefined {
  const runner = new Runner(glob, meter);
  let best = -1;
  let i = from;
  for (;;) {
    // A new run may start here only while no match has been found (a later start cannot be leftmost).
    if (best === -1) runner.begin(i);
    const accepted = runner.accepted;
    if (accepted !== -1 && (best === -1 || accepted < best)) best = accepted;
    if (best !== -1 && runner.minStart >= best) break;
    if (i >= value.length) break;
    const j = after(value, i);
    runner.step(value.codePointAt(i) as number);
    i = j;
  }
  if (best === -1) return undefined;
  // The longest match from that start.
  const anchored = new Runner(glob, meter);
  anchored.begin(best);
  let end = anchored.accepted !== -1 ? best : -1;
  for (let k = best; anchored.alive && k < value.length; ) {
    const j = after(value, k);
    anchored.step(value.codePointAt(k) as number);
    k = j;
    if (anchored.accepted !== -1) end = k;
  }
  return [best, end];
}

/**
 * `${v/p/r}` (the first match) and `${v//p/r}` (every match, left to right, not overlapping; after a match of
 * nothing the search goes on one character further, and an empty match right after a match is skipped, as Go's
 * ReplaceAllString does for BuildKit). The result may be far
 * longer than the value (every character replaced by a long text): each part is charged to the meter before it
 * is added, so a limit stops the work before the string is built.
 */
export function replaceGlob(value: string, glob: Glob, replacement: string, all: boolean, meter: Meter): string {
  const parts: string[] = [];
  let copied = 0;
  let from = 0;
  let previousEnd = -1;
  while (from <= value.length) {
    const m = search(value, glob, from, meter);
    if (!m) break;
    const [s, e] = m;
    // Go's ReplaceAllString, which BuildKit runs: an empty match right where the previous match ended is skipped
    // (`${V//*/x}` of `ab` is `x`, where JavaScript's replace would make `xx`).
    if (s === e && s === previousEnd) {
      from = s < value.length ? after(value, s) : s + 1;
      continue;
    }
    previousEnd = e;
    output(meter, s - copied + replacement.length);
    parts.push(value.slice(copied, s), replacement);
    copied = e;
    if (!all) break;
    from = e > s ? e : e < value.length ? after(value, e) : e + 1;
  }
  output(meter, value.length - copied);
  if (parts.length === 0) return value;
  parts.push(value.slice(copied));
  return parts.join('');
}
