/**
 * What a RUN executes, as the run-command rules need it: the commands that really run (not `command -v x`), the
 * wrapper a command was found in, the variables a command sees, and the install calls of pip, npm, gem, yarn
 * and go with their package words.
 */
import { operandWords, type Instruction, type RunScript, type SemanticModel, type ShellCommand, type ShellWord, type Stage } from '../../grammar/index.js';

/** The command (`sudo`, `env`, `command`…) whose argument `cmd` is, when `cmd.via` is set. */
export function wrapperOf(cmd: ShellCommand, commands: readonly ShellCommand[]): ShellCommand | undefined {
  if (!cmd.via) return undefined;
  // The commands holding each word, by the word's range, in order (indexed once per list of commands).
  let index = byWord.get(commands);
  if (!index) {
    index = new Map();
    for (const c of commands) {
      for (const a of c.args) {
        const key = `${a.start}:${a.end}`;
        const list = index.get(key);
        if (!list) index.set(key, [c]);
        else if (list[list.length - 1] !== c) list.push(c);
      }
    }
    byWord.set(commands, index);
  }
  return index.get(`${cmd.nameWord.start}:${cmd.nameWord.end}`)?.find((c) => c !== cmd && c.name === cmd.via);
}

const byWord = new WeakMap<readonly ShellCommand[], Map<string, ShellCommand[]>>();

/**
 * The latest start among the commands that satisfy `pred` (-Infinity when none): with it, "does such a command
 * come after this one" costs nothing per command, where asking the list again each time costs its length.
 */
export function latestStart(commands: readonly ShellCommand[], pred: (c: ShellCommand) => boolean): number {
  let latest = -Infinity;
  for (const c of commands) if (c.start > latest && pred(c)) latest = c.start;
  return latest;
}

/** The commands that start in `[start, end]`, found by halving (commands are in order of their start). */
export function commandsFrom(commands: readonly ShellCommand[], start: number, end: number): ShellCommand[] {
  let lo = 0;
  let hi = commands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((commands[mid] as ShellCommand).start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: ShellCommand[] = [];
  for (let i = lo; i < commands.length && (commands[i] as ShellCommand).start <= end; i++) out.push(commands[i] as ShellCommand);
  return out;
}

/** Each command once: the one written, not also its copy found through a wrapper (`sudo pip install` → `sudo`). */
export function written(commands: readonly ShellCommand[]): ShellCommand[] {
  return commands.filter((c) => c.via === undefined);
}

/**
 * Variables set for one command: its own `NAME=value` prefix, and for a command run through `env` the
 * `NAME=value` words given to `env`. The value is undefined when it is not literal.
 */
export function commandVariables(cmd: ShellCommand, commands: readonly ShellCommand[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const a of cmd.assignments) out.set(a.name, a.value === undefined ? '' : a.value.literal ? a.value.value : undefined);
  for (let c: ShellCommand | undefined = cmd, depth = 0; c?.via && depth < 4; depth++) {
    const w = wrapperOf(c, commands);
    if (!w) break;
    for (const a of w.assignments) if (!out.has(a.name)) out.set(a.name, a.value === undefined ? '' : a.value.literal ? a.value.value : undefined);
    if (w.name === 'env') {
      for (const a of w.args) {
        if (a.start >= c.nameWord.start) break;
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.value);
        if (m && !out.has(m[1] as string)) out.set(m[1] as string, a.literal ? (m[2] as string) : undefined);
      }
    }
    c = w;
  }
  return out;
}

/**
 * `export NAME=value` (or `declare -x`) at the top level of the script before `before`: undefined when nothing
 * exports it, else its value (undefined inside when not literal).
 */
export function exportedBefore(name: string, before: number, commands: readonly ShellCommand[]): { value: string | undefined } | undefined {
  // The commands that export or unset the name, each with what is exported after it (found once per list and name).
  let byName = exports.get(commands);
  if (!byName) exports.set(commands, (byName = new Map()));
  let events = byName.get(name);
  if (!events) {
    events = [];
    let found: { value: string | undefined } | undefined;
    for (const c of commands) {
      if (c.via || c.where.subshell || c.where.substitution || c.where.func || c.where.pipeline) continue;
      const exporting = c.name === 'export' || ((c.name === 'declare' || c.name === 'typeset') && c.hasFlag('x'));
      if (exporting) {
        let changed = false;
        for (const a of c.args) {
          if (!a.value.startsWith(name + '=')) continue;
          found = { value: a.literal && !/[$`]/.test(a.value) ? a.value.slice(name.length + 1) : undefined };
          changed = true;
        }
        if (changed) events.push({ start: c.start, found });
      } else if (c.name === 'unset' && c.hasArg(name)) {
        found = undefined;
        events.push({ start: c.start, found });
      }
    }
    byName.set(name, events);
  }
  // The last of them that starts before `before` (commands are in order of their start).
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as { start: number }).start < before) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (events[lo - 1] as { found: { value: string | undefined } | undefined }).found : undefined;
}

const exports = new WeakMap<readonly ShellCommand[], Map<string, Array<{ start: number; found: { value: string | undefined } | undefined }>>>();

export { reachesFinalImage } from './stages.js';

/**
 * The RUN's fix may edit the script in place: not inside a JSON array, where offsets may not map one to one, and not
 * in a script the shell reads only by guessing what is missing (an unterminated quote, a command missing after
 * `&&`), where inserted text may land inside the quote and change nothing, so fix-all would insert it again.
 */
export function editable(script: RunScript): boolean {
  return (script.form === 'shell' || script.form === 'heredoc') && !script.hasErrors;
}

/** The text of the instruction right after `offset`, skipping blanks and line continuations. */
export function nextToken(text: string, offset: number, instr: Instruction): string {
  let i = offset;
  const end = instr.range.end;
  while (i < end) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') i++;
    else if ((ch === '\\' || ch === '`') && (text[i + 1] === '\n' || text[i + 1] === '\r')) i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
    else break;
  }
  if (i >= end) return '';
  return text.slice(i, Math.min(end, i + 2));
}

// -------------------------------------------------------------------------------------------------------------
// Generic argument walking

/** The words after `from` that are not options (see operandWords); gem passes words after `--` to the build. */
function operands(args: readonly ShellWord[], from: number, valueOptions: ReadonlySet<string>, stopAtDashDash = false): ShellWord[] {
  return operandWords(args.slice(from), valueOptions, stopAtDashDash);
}

/** Index of the first word after `from` that is not an option, skipping option values. */
function firstOperand(args: readonly ShellWord[], from: number, valueOptions: ReadonlySet<string>): number {
  for (let i = from; i < args.length; i++) {
    const v = (args[i] as ShellWord).value;
    if (v === '--') return i + 1 < args.length ? i + 1 : -1;
    if (v.length < 2 || !v.startsWith('-')) return i;
    if (v.includes('=')) continue;
    const name = v.startsWith('--') ? v.slice(2) : v.slice(-1);
    if (valueOptions.has(name)) i++;
  }
  return -1;
}

// -------------------------------------------------------------------------------------------------------------
// pip

/** pip's general options that take a separate value (they may stand before the subcommand). */
const PIP_GENERAL = ['log', 'log-file', 'proxy', 'retries', 'timeout', 'exists-action', 'trusted-host', 'cert', 'client-cert', 'cache-dir', 'python', 'use-feature', 'use-deprecated', 'keyring-provider', 'resume-retries'];

/** `pip install` options that take a separate value. */
const PIP_INSTALL_VALUES: ReadonlySet<string> = new Set([
  ...PIP_GENERAL,
  'r', 'requirement', 'c', 'constraint', 'e', 'editable', 't', 'target', 'platform', 'python-version', 'implementation', 'abi',
  'root', 'prefix', 'src', 'upgrade-strategy', 'progress-bar', 'root-user-action', 'report', 'i', 'index-url', 'extra-index-url',
  'f', 'find-links', 'no-binary', 'only-binary', 'C', 'config-settings', 'global-option', 'install-option', 'build-option', 'b',
  'build', 'group',
]);

export interface PipInstall {
  /** The `pip` / `python` command. */
  cmd: ShellCommand;
  /** The `install` word. */
  install: ShellWord;
  /** The words naming what to install (not option values, not requirement or constraint files). */
  packages: ShellWord[];
  /** A `-c`/`--constraint` file may pin every package. */
  constrained: boolean;
}

const PIP_NAME = /^pip(\d+(\.\d+)*)?$/;
const PYTHON_NAME = /^python(\d+(\.\d+)*)?$/;

/** `pip install …`, `pip3.12 install …`, `python3 -m pip install …` (pipx and pipenv are other tools). */
export function pipInstall(cmd: ShellCommand): PipInstall | undefined {
  let from = 0;
  if (PYTHON_NAME.test(cmd.name)) {
    const m = cmd.args.findIndex((a, i) => (a.value === '-m' && cmd.args[i + 1]?.value === 'pip') || a.value === '-mpip');
    if (m < 0) return undefined;
    from = (cmd.args[m] as ShellWord).value === '-mpip' ? m + 1 : m + 2;
  } else if (!PIP_NAME.test(cmd.name)) return undefined;
  const sub = firstOperand(cmd.args, from, new Set(PIP_GENERAL));
  const install = cmd.args[sub];
  if (sub < 0 || !install || install.value !== 'install') return undefined;
  const rest = cmd.args.slice(sub + 1);
  const constrained = rest.some((a) => a.value === '-c' || a.value === '--constraint' || a.value.startsWith('--constraint='));
  return { cmd, install, packages: operands(rest, 0, PIP_INSTALL_VALUES), constrained };
}

/** pipx options that take a separate value (`-e`/`--editable` is a switch in pipx, unlike in pip). */
const PIPX_VALUES: ReadonlySet<string> = new Set(['python', 'suffix', 'pip-args', 'i', 'index-url', 'preinstall', 'backend', 'r', 'requirement', 'spec', 'with-suffix']);

/**
 * `pipx install <pkg>…` (also `python -m pipx`), `pipx inject <venv> <pkg>…`, whose first word names the
 * application the packages go into, and `pipx runpip <venv> install <pkg>…`, pip run in that application's
 * environment. pipx installs each application from PyPI with pip, so an unpinned name is as
 * unpinned as it is with pip.
 */
export function pipxInstall(cmd: ShellCommand): PipInstall | undefined {
  let from = 0;
  if (PYTHON_NAME.test(cmd.name)) {
    const m = cmd.args.findIndex((a, i) => a.value === '-m' && cmd.args[i + 1]?.value === 'pipx');
    if (m < 0) return undefined;
    from = m + 2;
  } else if (cmd.name !== 'pipx') return undefined;
  const sub = firstOperand(cmd.args, from, PIPX_VALUES);
  const word = cmd.args[sub];
  if (word?.value === 'runpip') {
    // `pipx runpip <venv> install <pkg>…`: pip itself, run in the application's environment.
    const venv = firstOperand(cmd.args, sub + 1, PIPX_VALUES);
    if (venv < 0) return undefined;
    const tail = cmd.args.slice(venv + 1);
    const install = tail[0];
    if (!install || install.value !== 'install') return undefined;
    const rest = tail.slice(1);
    const constrained = rest.some((a) => a.value === '-c' || a.value === '--constraint' || a.value.startsWith('--constraint='));
    return { cmd, install, packages: operands(rest, 0, PIP_INSTALL_VALUES), constrained };
  }
  if (sub < 0 || !word || (word.value !== 'install' && word.value !== 'inject')) return undefined;
  const rest = cmd.args.slice(sub + 1);
  let packages = operands(rest, 0, PIPX_VALUES);
  if (word.value === 'inject') packages = packages.slice(1);
  return { cmd, install: word, packages, constrained: false };
}

/** A requirement that names one exact thing: a version specifier, a file, a path, a URL, a VCS reference at a revision. */
export function pipPinned(value: string): boolean {
  const v = value.trim();
  if (/^(git|hg|svn|bzr)\+/.test(v)) {
    const path = v.replace(/#.*$/, '');
    return (path.split('/').pop() ?? '').includes('@');
  }
  if (/(===|==|~=|!=|>=|<=|<|>)/.test(v)) return true;
  if (/ @ /.test(v)) return true;
  if (/\.(whl|tar\.gz|tgz|tar\.bz2|zip)$/i.test(v)) return true;
  if (v.includes('/') || v.startsWith('.') || v.startsWith('~')) return true;
  return false;
}

// -------------------------------------------------------------------------------------------------------------
// npm

/** What npm accepts for `install` (its aliases and common misspellings it forgives). */
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const NPM_VALUES: ReadonlySet<string> = new Set([
  'loglevel', 'registry', 'prefix', 'cache', 'userconfig', 'globalconfig', 'w', 'workspace', 'omit', 'include', 'install-strategy',
  'tag', 'before', 'cpu', 'os', 'libc', 'save-prefix', 'otp', 'C',
]);

export interface PackageInstall {
  cmd: ShellCommand;
  /** The subcommand word (`install`, `i`, `add`). */
  install: ShellWord;
  packages: ShellWord[];
}

/** `npm install <pkg>…` and its aliases (`npm i`, `npm add`). */
export function npmInstall(cmd: ShellCommand): PackageInstall | undefined {
  if (cmd.name !== 'npm') return undefined;
  const sub = firstOperand(cmd.args, 0, NPM_VALUES);
  const install = cmd.args[sub];
  if (sub < 0 || !install || !NPM_INSTALL.has(install.value)) return undefined;
  return { cmd, install, packages: operands(cmd.args, sub + 1, NPM_VALUES) };
}

/** A package spec that names one version: `x@1.2.3`, `@scope/x@^2`, a path, a tarball, a git URL with `#ref`. */
export function npmPinned(value: string): boolean {
  const v = value.trim();
  if (/^(\.{1,2}\/|\/|~\/|file:)/.test(v) || v === '.' || v === '..') return true;
  if (/\.(tgz|tar\.gz|tar)$/i.test(v)) return true;
  if (/^(git(\+[a-z]+)?:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/i.test(v) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(v)) return v.includes('#');
  if (/^https?:\/\//i.test(v)) return true;
  const at = v.indexOf('@', v.startsWith('@') ? 1 : 0);
  if (at < 0) return false;
  const spec = v.slice(at + 1);
  return spec !== '' && spec !== 'latest';
}

// -------------------------------------------------------------------------------------------------------------
// gem

/** `gem install` options that take a separate value; flags such as `--no-document` take none. */
const GEM_VALUES: ReadonlySet<string> = new Set(['v', 'version', 'platform', 'i', 'install-dir', 'n', 'bindir', 's', 'source', 'build-root', 'P', 'trust-policy', 'config-file', 'target-rbconfig']);

/** `gem install <gem>…` / `gem i <gem>…`. */
export function gemInstall(cmd: ShellCommand): (PackageInstall & { versioned: boolean }) | undefined {
  if (cmd.name !== 'gem') return undefined;
  const sub = firstOperand(cmd.args, 0, GEM_VALUES);
  const install = cmd.args[sub];
  if (sub < 0 || !install || (install.value !== 'install' && install.value !== 'i')) return undefined;
  const before = cmd.args.findIndex((a) => a.value === '--');
  const own = before < 0 ? cmd.args : cmd.args.slice(0, before);
  const versioned = own.some((a) => a.value === '-v' || a.value === '--version' || a.value.startsWith('--version=') || /^-[A-Za-z]*v$/.test(a.value));
  return { cmd, install, packages: operands(cmd.args, sub + 1, GEM_VALUES, true), versioned };
}

/** `name:version`, or a local `.gem` file. */
export function gemPinned(value: string): boolean {
  return value.includes(':') || /\.gem$/i.test(value) || value.includes('/');
}

// -------------------------------------------------------------------------------------------------------------
// yarn

const YARN_VALUES: ReadonlySet<string> = new Set([
  'cwd', 'cache-folder', 'modules-folder', 'registry', 'network-timeout', 'mutex', 'global-folder', 'link-folder', 'preferred-cache-folder',
  'use-yarnrc', 'network-concurrency', 'child-concurrency',
]);

/** `yarn`, `yarn install`, `yarn add x`, `yarn global add x`: the calls that fill yarn's download cache. */
export function yarnFillsCache(cmd: ShellCommand): boolean {
  if (cmd.name !== 'yarn') return false;
  const pos = operands(cmd.args, 0, YARN_VALUES);
  const sub = pos[0]?.value;
  if (sub === undefined) return !cmd.hasFlag('v', 'version', 'h', 'help');
  return sub === 'install' || sub === 'add' || (sub === 'global' && pos[1]?.value === 'add');
}

/** `yarn cache clean`, or an `rm` of yarn's cache directory. */
export function yarnCacheCleaned(cmd: ShellCommand): boolean {
  if (cmd.name === 'yarn') {
    const pos = operands(cmd.args, 0, YARN_VALUES);
    return pos[0]?.value === 'cache' && pos[1]?.value === 'clean';
  }
  if (cmd.name === 'rm') return cmd.args.some((a) => /\.cache\/yarn|\.yarn\/(berry\/)?cache|yarn cache dir/.test(a.value));
  return false;
}

// -------------------------------------------------------------------------------------------------------------
// go

/** Build flags of `go install/get/run` that take a separate value (Go flags are single words: `-ldflags`). */
const GO_VALUES: ReadonlySet<string> = new Set([
  'C', 'o', 'p', 'tags', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'mod', 'modfile', 'overlay', 'pkgdir', 'toolexec',
  'compiler', 'buildmode', 'installsuffix', 'pgo', 'exec', 'covermode', 'coverpkg', 'buildvcs', 'modcacherw',
]);

export interface GoFetch {
  cmd: ShellCommand;
  /** `install`, `get` or `run`. */
  sub: 'install' | 'get' | 'run';
  /** Package arguments (for `go run`, only the package: what follows are the program's arguments). */
  packages: ShellWord[];
}

/** `go install x@v`, `go get x@v`, `go run x@v`. */
export function goFetch(cmd: ShellCommand): GoFetch | undefined {
  if (cmd.name !== 'go') return undefined;
  const subIndex = cmd.args.findIndex((a) => !a.value.startsWith('-'));
  const sub = cmd.args[subIndex]?.value;
  if (sub !== 'install' && sub !== 'get' && sub !== 'run') return undefined;
  const packages: ShellWord[] = [];
  for (let i = subIndex + 1; i < cmd.args.length; i++) {
    const w = cmd.args[i] as ShellWord;
    const v = w.value;
    if (v === '--') {
      if (sub !== 'run') packages.push(...cmd.args.slice(i + 1));
      else if (cmd.args[i + 1]) packages.push(cmd.args[i + 1] as ShellWord);
      break;
    }
    if (v.length > 1 && v.startsWith('-')) {
      if (!v.includes('=') && GO_VALUES.has(v.replace(/^--?/, ''))) i++;
      continue;
    }
    packages.push(w);
    if (sub === 'run') break;
  }
  return { cmd, sub, packages };
}

/** Version queries that move over time: `@latest`, `@upgrade`, `@patch`, a branch name. */
export function goVersionMoves(version: string): boolean {
  if (/^v\d+(\.\d+){0,2}([-+][0-9A-Za-z.+-]*)?$/.test(version)) return false; // a semantic version or pseudo-version
  if (/^[0-9a-f]{7,40}$/i.test(version)) return false; // a commit
  if (version === 'none') return false; // `go get x@none` removes a requirement: it fetches nothing
  return true;
}

/** A package path inside the main module or on disk rather than a remote module (`.`, `./cmd/x`, `/src`, `main.go`). */
export function goLocal(value: string): boolean {
  const path = value.split('@')[0] as string;
  if (path === '' || path.startsWith('.') || path.startsWith('/') || path.endsWith('.go')) return true;
  return false;
}
