/**
 * What the OS package-manager rules (apt-get, apt, apk, yum, dnf, microdnf, zypper) share: which command installs,
 * the words that name its packages, whether it confirms by itself, what cleans its cache afterwards, and where a
 * fix may add a word or append a command.
 */
import { commandsNamed, operandWords, type Instruction, type RunScript, type SemanticModel, type ShellCommand, type ShellFlag, type ShellWord, type Stage } from '../../grammar/index.js';
import type { Edit } from '../define.js';

// -------------------------------------------------------------------------------------------------------------
// Commands and their words

/**
 * The commands of a script run by one of these programs (also through `sudo`, `env`…). Commands inside `$(…)`
 * are left out (their output is what matters there), and so is the `x` of `command -v x`, which only looks it up.
 */
export function programs(script: RunScript, ...names: string[]): ShellCommand[] {
  // (`command -v x` is not listed as running x: the shell model knows it only looks x up.)
  return commandsNamed(script, ...names).filter((c) => !c.where.substitution);
}

/** A package-manager call split the way the tool reads it. */
export interface Invocation {
  cmd: ShellCommand;
  /** The words that are not options nor option values, in order: the subcommand first. */
  words: ShellWord[];
  /** The options written before the subcommand (a tool's global options). */
  globals: ShellFlag[];
}

/** Splits a call into its words; `valueFlags` are the options that take the next word as their value. */
export function invocation(cmd: ShellCommand, valueFlags: readonly string[]): Invocation | undefined {
  const words = cmd.positionals(valueFlags);
  const sub = words[0];
  if (!sub) return undefined;
  const at = cmd.args.indexOf(sub);
  return { cmd, words, globals: cmd.flags.filter((f) => f.index < at) };
}

/** The subcommand as the tool names it: `install`, or two words for `group install` / `module install`. */
export interface Subcommand {
  name: string;
  /** The last word of the subcommand (where an option can be added after it). */
  word: ShellWord;
  /** The words after the subcommand. */
  operands: ShellWord[];
}

const TWO_WORD = new Set(['group', 'groups', 'module']);

/** The subcommand of an rpm tool (yum, dnf, microdnf): `group install` and `module enable` are two words. */
export function rpmSubcommand(inv: Invocation): Subcommand | undefined {
  const [first, second] = inv.words;
  if (!first || !first.literal) return undefined;
  if (TWO_WORD.has(first.value) && second?.literal) {
    const head = first.value === 'groups' ? 'group' : first.value;
    return { name: `${head} ${second.value}`, word: second, operands: inv.words.slice(2) };
  }
  return { name: first.value, word: first, operands: inv.words.slice(1) };
}

/** The subcommand of a one-word tool (apt-get, apk, zypper). */
export function simpleSubcommand(inv: Invocation): Subcommand | undefined {
  const first = inv.words[0];
  if (!first || !first.literal) return undefined;
  return { name: first.value, word: first, operands: inv.words.slice(1) };
}

// -------------------------------------------------------------------------------------------------------------
// apt-get, apt, aptitude

/** apt-get options that take a separate value. */
export const APT_VALUE_FLAGS = ['o', 'option', 'c', 'config-file', 't', 'target-release', 'default-release', 'a', 'host-architecture', 'P', 'build-profiles'];

/** `apt-get … install …`: the call and its package words. */
export function aptGetInstall(cmd: ShellCommand): Subcommand | undefined {
  if (cmd.name !== 'apt-get') return undefined;
  const inv = invocation(cmd, APT_VALUE_FLAGS);
  const sub = inv && simpleSubcommand(inv);
  return sub?.name === 'install' ? sub : undefined;
}

/**
 * A word of `apt-get install` that berth cannot judge or that installs nothing: a variable or substitution, an
 * empty word, or `pkg-` (apt removes a package written with a trailing hyphen).
 */
export function aptSkipped(w: ShellWord): boolean {
  return !w.literal || w.value === '' || w.value.endsWith('-');
}

/** `pkg=1.2`, `pkg=1.2*`, `pkg/bookworm-backports`, `./local.deb`. */
export function aptPinned(value: string): boolean {
  return value.includes('=') || value.includes('/') || value.endsWith('.deb');
}

/**
 * apt-get answers its own prompt: `-y`/`--yes`/`--assume-yes`, `-o APT::Get::Assume-Yes=true`, or quiet level 2
 * (`-qq`, `-q -q`, `-q=2`, `--quiet=2`; apt caps more `q`s at 2, and level 2 implies yes).
 */
export function aptAssumesYes(cmd: ShellCommand): boolean {
  if (cmd.hasFlag('y', 'yes', 'assume-yes')) return true;
  if (cmd.args.some((a) => /APT::Get::Assume-Yes=(1|true|yes|on)$/i.test(a.value))) return true;
  let quiet = 0;
  for (const f of cmd.flags) {
    if (f.name !== 'q' && f.name !== 'quiet') continue;
    const level = f.long ? f.inlineValue : /^-q=(.*)$/.exec(f.word.value)?.[1];
    if (level !== undefined) quiet = /^\d+$/.test(level) ? Number(level) : quiet;
    else quiet++;
  }
  return quiet >= 2;
}

// -------------------------------------------------------------------------------------------------------------
// apk

/** apk options that take a separate value (global ones and those of `add`). */
export const APK_VALUE_FLAGS = ['X', 'repository', 'p', 'root', 'arch', 'cache-dir', 'keys-dir', 'repositories-file', 'timeout', 'cache-max-age', 'progress-fd', 'wait', 't', 'virtual'];

/** `apk … add …`. */
export function apkAdd(cmd: ShellCommand): Subcommand | undefined {
  if (cmd.name !== 'apk') return undefined;
  const inv = invocation(cmd, APK_VALUE_FLAGS);
  const sub = inv && simpleSubcommand(inv);
  return sub?.name === 'add' ? sub : undefined;
}

/** `pkg=1.2-r0`, `pkg~1.2`, `pkg>=1.2`, `pkg<2`, `./local.apk`. */
export function apkPinned(value: string): boolean {
  return /[=~<>]/.test(value) || value.endsWith('.apk');
}

// -------------------------------------------------------------------------------------------------------------
// yum, dnf, microdnf

/** yum options that take a separate value. */
export const YUM_VALUE_FLAGS = [
  'c', 'config', 'd', 'debuglevel', 'e', 'errorlevel', 'R', 'randomwait', 'installroot', 'enablerepo', 'disablerepo',
  'x', 'exclude', 'setopt', 'releasever', 'downloaddir', 'destdir', 'disableplugin', 'enableplugin', 'color',
  'rpmverbosity', 'advisory', 'bz', 'cve', 'sec-severity',
];

/** dnf, dnf5 and microdnf options that take a separate value. */
export const DNF_VALUE_FLAGS = [
  ...YUM_VALUE_FLAGS, 'repo', 'repoid', 'excludepkgs', 'forcearch', 'comment', 'advisories', 'bzs', 'cves', 'secseverity',
  'repofrompath', 'from-repo',
];

/** The dnf family: dnf (4 or 5, which share one cache) and microdnf, which keeps its own. */
export const DNF_TOOLS = ['dnf', 'dnf5', 'microdnf'];

/** Subcommands that change the system and ask before they do (without `-y`). */
const RPM_PROMPTING = new Set([
  'install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei', 'update', 'upgrade', 'up', 'update-minimal',
  'upgrade-minimal', 'up-min', 'localupdate', 'groupupdate', 'remove', 'rm', 'erase', 'autoremove', 'groupremove',
  'grouperase', 'downgrade', 'dg', 'distro-sync', 'distrosync', 'dsync', 'distribution-synchronization', 'swap',
  'group install', 'group update', 'group upgrade', 'group remove', 'group erase', 'module install', 'module enable',
  'module disable', 'module reset', 'module remove', 'module update', 'module switch-to',
]);

/** Subcommands that download repository metadata and packages into the cache. */
const RPM_DOWNLOADING = new Set([
  'install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei', 'update', 'upgrade', 'up', 'update-minimal',
  'upgrade-minimal', 'up-min', 'localupdate', 'groupupdate', 'downgrade', 'dg', 'distro-sync', 'distrosync', 'dsync',
  'distribution-synchronization', 'swap', 'makecache', 'mc', 'group install', 'group update', 'group upgrade',
  'module install', 'module update',
]);

/** The call of yum, dnf, dnf5 or microdnf. */
export function rpmCall(cmd: ShellCommand): Subcommand | undefined {
  const inv = invocation(cmd, cmd.name === 'yum' ? YUM_VALUE_FLAGS : DNF_VALUE_FLAGS);
  return inv && rpmSubcommand(inv);
}

/** A subcommand that asks for confirmation. */
export function rpmPrompts(sub: Subcommand): boolean {
  return RPM_PROMPTING.has(sub.name);
}

/** A subcommand that fills the cache. */
export function rpmDownloads(sub: Subcommand): boolean {
  return RPM_DOWNLOADING.has(sub.name);
}

/** `-y`, `--assumeyes`, or `--setopt=assumeyes=1`. */
export function rpmAssumesYes(cmd: ShellCommand): boolean {
  return cmd.hasFlag('y', 'assumeyes') || cmd.args.some((a) => /^(--setopt=)?assumeyes=(1|true|yes|on)$/i.test(a.value));
}

/** The package words of `install`/`in` and the module specs of `module install`, for the pinning rules. */
export function rpmInstalled(sub: Subcommand): { packages: ShellWord[]; modules: ShellWord[] } {
  if (sub.name === 'install' || sub.name === 'in') return { packages: sub.operands, modules: [] };
  if (sub.name === 'module install') return { packages: [], modules: sub.operands };
  return { packages: [], modules: [] };
}

/**
 * An rpm package spec with a version: `name-1.2`, `name-1.2-3.el9`, `name-2:1.2`, `gcc-c++-12.1`, or a local
 * `.rpm`. The parts after the first hyphen must look like version text, and one of them must start with a digit.
 */
export function rpmPinned(value: string): boolean {
  if (value.endsWith('.rpm')) return true;
  const parts = value.split('-');
  if (parts.length < 2) return false;
  const rest = parts.slice(1);
  return rest.every((p) => /^[A-Za-z0-9.~^_:+]*$/.test(p)) && rest.some((p) => /^\d/.test(p));
}

/** A word of an rpm install berth does not judge: not literal, empty, or a group/module (`@name`). */
export function rpmSkipped(w: ShellWord): boolean {
  return !w.literal || w.value === '' || w.value.startsWith('@');
}

/** How a later `clean` of the same tool treats the cache: everything (`clean all`), or only part of it. */
export function rpmClean(cmd: ShellCommand): 'all' | 'partial' | undefined {
  const inv = invocation(cmd, cmd.name === 'yum' ? YUM_VALUE_FLAGS : DNF_VALUE_FLAGS);
  if (!inv || inv.words[0]?.value !== 'clean') return undefined;
  return inv.words.some((w) => w.value === 'all') ? 'all' : 'partial';
}

// -------------------------------------------------------------------------------------------------------------
// zypper

/** zypper options that take a separate value: global ones, and those of install/remove. */
export const ZYPPER_VALUE_FLAGS = [
  'R', 'root', 'c', 'config', 'D', 'reposd-dir', 'C', 'cache-dir', 'raw-cache-dir', 'solv-cache-dir', 'pkg-cache-dir',
  'userdata', 'installroot', 'p', 'plus-repo', 'plus-content', 's', 'table-style', 't', 'type', 'r', 'repo', 'from',
  'download',
];

/** `zypper -t` is `--terse` before the subcommand (no value) but `--type <type>` after it. */
const ZYPPER_GLOBAL_VALUE_FLAGS = ZYPPER_VALUE_FLAGS.filter((f) => !['t', 'type', 'r', 'repo', 'from', 'download'].includes(f));

const ZYPPER_ALIASES: Record<string, string> = {
  in: 'install',
  rm: 'remove',
  si: 'source-install',
  up: 'update',
  dup: 'dist-upgrade',
  inr: 'install-new-recommends',
  ref: 'refresh',
  cc: 'clean',
};

/** The call of zypper, with the subcommand's long name (`in` → `install`). */
export function zypperCall(cmd: ShellCommand): (Subcommand & { long: string; globals: ShellFlag[] }) | undefined {
  if (cmd.name !== 'zypper') return undefined;
  // The subcommand is the first word after the global options; then `install`'s own options apply.
  let i = 0;
  for (; i < cmd.args.length; i++) {
    const v = (cmd.args[i] as ShellWord).value;
    if (v.length < 2 || !v.startsWith('-')) break;
    if (v.includes('=')) continue;
    const name = v.startsWith('--') ? v.slice(2) : v.slice(-1);
    if (ZYPPER_GLOBAL_VALUE_FLAGS.includes(name)) i++;
  }
  const word = cmd.args[i];
  if (!word || !word.literal) return undefined;
  return { name: word.value, long: ZYPPER_ALIASES[word.value] ?? word.value, word, operands: operandWords(cmd.args.slice(i + 1), ZYPPER_VALUE_FLAGS), globals: cmd.flags.filter((f) => f.index < i) };
}

/** `zypper clean --all` / `zypper cc -a` empties every cache; a plain `zypper clean` only drops downloaded packages. */
export function zypperClean(cmd: ShellCommand): 'all' | 'partial' | undefined {
  const call = zypperCall(cmd);
  if (call?.long !== 'clean') return undefined;
  const after = cmd.flags.filter((f) => f.index > cmd.args.indexOf(call.word));
  const has = (...names: string[]): boolean => after.some((f) => names.includes(f.name));
  return has('a', 'all') || (has('m', 'metadata') && has('M', 'raw-metadata')) ? 'all' : 'partial';
}

/** The option value of `-t`/`--type` after the zypper subcommand. */
export function zypperType(cmd: ShellCommand, after: ShellWord): string | undefined {
  const at = cmd.args.indexOf(after);
  for (let i = at + 1; i < cmd.args.length; i++) {
    const v = (cmd.args[i] as ShellWord).value;
    if (v === '--') break;
    const inline = /^--type=(.*)$/.exec(v)?.[1];
    if (inline !== undefined) return inline;
    if (v === '-t' || v === '--type') return cmd.args[i + 1]?.value;
  }
  return undefined;
}

/**
 * zypper runs without asking: the global `-n`/`--non-interactive` (before the subcommand — after `install`, `-n`
 * is `--name`), or the subcommand's `-y`/`--no-confirm`.
 */
export function zypperNonInteractive(call: { globals: ShellFlag[] }, cmd: ShellCommand): boolean {
  if (call.globals.some((f) => f.name === 'n' || f.name === 'non-interactive')) return true;
  return cmd.hasFlag('y', 'no-confirm', 'non-interactive');
}

/** zypper subcommands (long names) that ask before changing the system. */
export const ZYPPER_PROMPTING: ReadonlySet<string> = new Set(['install', 'remove', 'source-install', 'patch', 'update', 'dist-upgrade', 'install-new-recommends']);

/** zypper subcommands (long names) that download metadata or packages into /var/cache/zypp. */
export const ZYPPER_DOWNLOADING: ReadonlySet<string> = new Set(['install', 'source-install', 'patch', 'update', 'dist-upgrade', 'install-new-recommends', 'refresh']);

/** `name=1.2`, `name>=1.2`, `name<2`, a local `.rpm`. */
export function zypperPinned(value: string): boolean {
  return /[=<>]/.test(value) || value.endsWith('.rpm');
}

// -------------------------------------------------------------------------------------------------------------
// Cleanup

/** Removes a folder's leading, doubled and trailing slashes' noise: `/var//lib/apt/` → `/var/lib/apt`. */
function normalize(path: string): string {
  const p = path.replace(/\/{2,}/g, '/');
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * Whether removing `path` removes what `dir` holds: the folder itself, a folder above it, or a glob for everything
 * in the folder or in one above it (`/var/lib/apt/lists/*`, `/var/lib/apt/*`).
 */
export function pathCovers(path: string, dir: string): boolean {
  const d = normalize(dir);
  let p = normalize(path);
  if (!p.startsWith('/')) return false;
  if (/\/\*+$/.test(p)) p = normalize(p.replace(/\/\*+$/, '')) || '/';
  if (p.includes('*') || p.includes('?') || p.includes('[')) return false;
  return p === d || p === '/' || d.startsWith(p + '/');
}

/**
 * `rm` of one of these folders (or their contents, or a folder above them). A glob the shell does not expand —
 * quoted (`"/var/cache/yum/*"`) or in the JSON form of RUN — removes nothing and does not count.
 */
export function removesDir(cmd: ShellCommand, text: string, ...dirs: string[]): boolean {
  if (cmd.name !== 'rm') return false;
  for (const w of cmd.positionals()) {
    if (!w.literal) continue;
    const raw = text.slice(w.start, w.end);
    // Offsets map one to one unless the word sits in an escaped JSON string; only then can its quoting be read.
    const exact = raw.replace(/["'\\]/g, '') === w.value.replace(/["'\\]/g, '');
    if (exact && w.value.endsWith('*') && !raw.endsWith('*')) continue;
    if (dirs.some((d) => pathCovers(w.value, d))) return true;
  }
  return false;
}

// -------------------------------------------------------------------------------------------------------------
// Stages

/** The stage is the last one, or a later stage is built `FROM` it: what its RUN leaves behind is in an image. */
export { stageIsShipped } from './stages.js';

// -------------------------------------------------------------------------------------------------------------
// Fixes

/**
 * An edit adding the option `arg` right after `word`: ` -y` in shell text, `, "-y"` in a JSON-form RUN.
 * Undefined where the word's offsets do not map one to one (an escaped string inside `["sh", "-c", "…"]`).
 */
export function addOption(text: string, script: RunScript, word: ShellWord, arg: string): Edit | undefined {
  const raw = text.slice(word.start, word.end);
  if (script.form === 'exec' && script.dialect === 'other') {
    return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? { start: word.end, end: word.end, text: `, ${JSON.stringify(arg)}` } : undefined;
  }
  if (script.form === 'exec' && raw !== word.value) return undefined;
  return { start: word.end, end: word.end, text: ` ${arg}` };
}

/**
 * Where ` && more` can go at the end of a RUN: a shell-form line (no heredoc) whose last command ends the line,
 * so the new command runs after everything else and only when it succeeded. Undefined for trailing comments,
 * `done`/`fi`/`)` endings, `&`, JSON form and heredocs.
 */
export function appendPoint(run: Instruction, script: RunScript): number | undefined {
  if (script.form !== 'shell' || !script.analysed || script.hasErrors || run.heredocs.length > 0) return undefined;
  const rest = run.rest;
  if (rest.end <= rest.start || script.commands.length === 0) return undefined;
  const end = rest.logical.toSource(rest.end - 1) + 1;
  let last = 0;
  for (const c of script.commands) {
    last = Math.max(last, c.end);
    for (const r of c.redirects) last = Math.max(last, r.end);
  }
  return last === end ? end : undefined;
}

/** `sudo ` when the command ran through sudo or doas, so the appended cleanup has the same rights. */
export function privilegePrefix(cmd: ShellCommand): string {
  return cmd.via === 'sudo' || cmd.via === 'doas' ? `${cmd.via} ` : '';
}

// -------------------------------------------------------------------------------------------------------------
// Caches left behind

/** A command that fills a package cache and is not followed by a full cleanup in the same RUN. */
export interface Uncleaned {
  /** The last command that filled the cache. */
  cmd: ShellCommand;
  /** A cleanup after it that empties only part of the cache (`yum clean packages`, `zypper clean`). */
  partial?: { cmd: ShellCommand; range: { start: number; end: number }; text: string };
}

export interface CacheTool {
  /** Does this command fill the cache? */
  fills(cmd: ShellCommand): boolean;
  /** Does it empty the cache: completely, partly, or not at all? */
  cleans(cmd: ShellCommand): 'all' | 'partial' | undefined;
  /** Folders an `rm` of which empties the cache. */
  dirs: readonly string[];
}

/**
 * The last command of `filling` (in source order) after which the script neither runs a full cleanup nor removes
 * the cache folders. Commands inside `$(…)` still clean: they run.
 */
export function uncleaned(script: RunScript, text: string, filling: readonly ShellCommand[], tool: CacheTool): Uncleaned | undefined {
  const fills = new Set(filling.filter((c) => tool.fills(c)));
  let pending: Uncleaned | undefined;
  for (const c of script.commands) {
    if (fills.has(c)) {
      pending = { cmd: c };
      continue;
    }
    if (!pending) continue;
    if (removesDir(c, text, ...tool.dirs)) {
      pending = undefined;
      continue;
    }
    const how = tool.cleans(c);
    if (how === 'all') pending = undefined;
    else if (how === 'partial') {
      const last = c.args[c.args.length - 1] ?? c.nameWord;
      pending.partial = { cmd: c, range: { start: c.nameWord.start, end: last.end }, text: [c.name, ...c.args.map((a) => a.value)].join(' ') };
    }
  }
  return pending;
}
