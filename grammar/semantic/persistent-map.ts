/**
 * A persistent map from strings: `set` returns a new map and leaves the old one as it was, sharing all but the
 * path it changed (a hash array mapped trie: 32 branches per level, 7 levels at most). Reading and writing cost
 * O(log₃₂ n) whatever the history, where a chain of one small map per declaration costs a walk down the chain
 * per lookup: the semantic model keeps the variables each instruction sees this way, and a file with thousands
 * of ENV lines (or a long chain of stages) made every lookup walk all of them.
 */

const BITS = 5;
const MASK = (1 << BITS) - 1;

interface Leaf<V> {
  leaf: true;
  hash: number;
  /** Keys with this hash (almost always one). */
  keys: string[];
  values: V[];
}

interface Branch<V> {
  leaf: false;
  bitmap: number;
  children: Array<Node<V>>;
}

type Node<V> = Leaf<V> | Branch<V>;

/** 32-bit FNV-1a of the UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function getIn<V>(node: Node<V> | undefined, key: string, hash: number): V | undefined {
  for (let shift = 0; node; shift += BITS) {
    if (node.leaf) {
      if (node.hash !== hash) return undefined;
      const i = node.keys.indexOf(key);
      return i < 0 ? undefined : node.values[i];
    }
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** Two leaves of different hashes under one branch (or a chain of branches while their bits agree). */
function join<V>(a: Leaf<V>, b: Leaf<V>, shift: number): Branch<V> {
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return { leaf: false, bitmap: 1 << ia, children: [join(a, b, shift + BITS)] };
  return { leaf: false, bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] };
}

function setIn<V>(node: Node<V> | undefined, key: string, hash: number, value: V, shift: number): Node<V> {
  if (!node) return { leaf: true, hash, keys: [key], values: [value] };
  if (node.leaf) {
    if (node.hash === hash) {
      const i = node.keys.indexOf(key);
      const keys = node.keys.slice();
      const values = node.values.slice();
      if (i < 0) {
        keys.push(key);
        values.push(value);
      } else values[i] = value;
      return { leaf: true, hash, keys, values };
    }
    return join(node, { leaf: true, hash, keys: [key], values: [value] }, shift);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const at = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if (node.bitmap & bit) {
    children[at] = setIn(children[at], key, hash, value, shift + BITS);
    return { leaf: false, bitmap: node.bitmap, children };
  }
  children.splice(at, 0, { leaf: true, hash, keys: [key], values: [value] });
  return { leaf: false, bitmap: node.bitmap | bit, children };
}

function eachIn<V>(node: Node<V> | undefined, fn: (key: string, value: V) => void): void {
  if (!node) return;
  if (node.leaf) {
    for (let i = 0; i < node.keys.length; i++) fn(node.keys[i] as string, node.values[i] as V);
    return;
  }
  for (const c of node.children) eachIn(c, fn);
}

export class PersistentMap<V> {
  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(undefined, 0);
  }

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    return getIn(this.root, key, hashOf(key));
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A map with `key` set to `value` (this one unchanged). */
  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    const had = getIn(this.root, key, hash) !== undefined;
    return new PersistentMap(setIn(this.root, key, hash, value, 0), had ? this.size : this.size + 1);
  }

  /** Every entry, in no particular order. */
  forEach(fn: (key: string, value: V) => void): void {
    eachIn(this.root, fn);
  }
}
