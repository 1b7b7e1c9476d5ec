/** A small, strict argument parser: known options only, `--x=v` or `--x v`, repeatable lists, `--` ends options. */
import { UsageError } from './io.js';

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  kind: 'flag' | 'value' | 'list';
  /** `--no-<name>` sets the flag false. */
  negatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, boolean>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

/**
 * Parses argv. `hints` maps an option berth does not have (with its dashes, e.g. `--no-fail`) to what to write
 * instead, said in the usage error.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], hints: Readonly<Record<string, string>> = {}): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const out: ParsedArgs = { positionals: [], flags: new Map(), values: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-')) {
      out.positionals.push(a);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: OptionSpec | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
      spec = byLong.get(name);
      if (!spec && name.startsWith('no-')) {
        const base = byLong.get(name.slice(3));
        if (base?.negatable) {
          out.flags.set(base.name, false);
          continue;
        }
      }
    } else {
      name = a.slice(1);
      spec = byShort.get(name);
    }
    if (!spec) {
      const flag = a.startsWith('--') ? `--${name}` : a;
      const hint = Object.prototype.hasOwnProperty.call(hints, flag) ? hints[flag] : undefined;
      throw new UsageError(`unknown option ${a}${hint ? ` (${hint})` : ''}`);
    }
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      out.flags.set(spec.name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${a} needs a value`);
    if (spec.kind === 'value') out.values.set(spec.name, value);
    else out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), value]);
  }
  return out;
}
