/** `RUN --mount=…` as rules need it: which cache or tmpfs mounts a RUN has, and what they cover. */
import type { Instruction, TextRange } from '../../grammar/index.js';

export interface Mount {
  /** The `--mount=…` flag as written. */
  range: TextRange;
  type: string;
  /** `target`, `dst` or `destination`. */
  target?: string;
  from?: string;
  source?: string;
  /** Every key as written (lower-cased keys). */
  keys: Record<string, string>;
}

/** The mounts of a RUN (none for other instructions; ONBUILD RUN triggers have their own flags). */
export function mountsOf(instr: Instruction): Mount[] {
  const out: Mount[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount' || f.value === undefined) continue;
    const keys: Record<string, string> = {};
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      const k = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      keys[k] = eq < 0 ? 'true' : part.slice(eq + 1).trim();
    }
    const m: Mount = { range: f.range, type: (keys.type ?? 'bind').toLowerCase(), keys };
    const target = keys.target ?? keys.dst ?? keys.destination;
    if (target !== undefined) m.target = target;
    if (keys.from !== undefined) m.from = keys.from;
    const source = keys.source ?? keys.src;
    if (source !== undefined) m.source = source;
    out.push(m);
  }
  return out;
}

/**
 * A cache or tmpfs mount whose target is (inside) one of these directories, or contains one of these fragments:
 * what the package manager writes there never reaches the image, so there is nothing to clean up.
 */
export function hasCacheMount(instr: Instruction, ...fragments: string[]): boolean {
  return cacheMount(instr, ...fragments) !== undefined;
}

/** The first cache or tmpfs mount that `hasCacheMount` would find, with how it covers the fragment it matched. */
export function cacheMount(instr: Instruction, ...fragments: string[]): (Mount & { target: string; above: boolean }) | undefined {
  for (const m of mountsOf(instr)) {
    if ((m.type !== 'cache' && m.type !== 'tmpfs') || m.target === undefined) continue;
    const t = m.target.replace(/\/+$/, '');
    for (const f of fragments) {
      const frag = f.replace(/\/+$/, '');
      // `above`: the mount is a folder holding the fragment (`/var/lib/apt` for `/var/lib/apt/lists`).
      if (t.includes(frag)) return { ...m, target: m.target, above: false };
      if (frag.startsWith(t + '/')) return { ...m, target: m.target, above: true };
    }
  }
  return undefined;
}
