/**
 * Finding and loading configuration. For each linted file: the nearest folder (from the file's folder upward) that
 * holds `.berth.yaml`/`.berth.yml` or `.hadolint.yaml`/`.hadolint.yml` (berth's own file wins in the same folder);
 * failing that, hadolint's global locations, so a hadolint user keeps their settings. `--config FILE` replaces the
 * search. Loaded files are cached per path.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { kindOfText, parseConfigText, useYaml, yamlLoaded, type ConfigError, type ConfigFragment, type ConfigKind } from '../rules/engine/config-file.js';
import { ruleNames } from '../rules/engine/lint.js';
import { RULES_BY_ID } from '../rules/index.js';
import { describeError, readFileBytes } from './files.js';

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly errors: ConfigError[],
    /** Why the file could not be read at all (then `errors` is empty). */
    readonly unreadable?: string,
  ) {
    super(unreadable !== undefined ? `cannot read the configuration file ${file}: ${unreadable}` : errors.map((e) => located(file, e)).join('\n'));
  }

  /** The whole message for the terminal. */
  report(): string {
    return this.unreadable !== undefined ? this.message : `invalid configuration\n${this.message}`;
  }
}

/** A regular file (or a link to one): a folder or a named pipe called `.berth.yaml` is not a configuration file. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `file:line:column: key: message`, the way config errors and warnings are shown. */
export function located(file: string, e: ConfigError): string {
  return `${file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ''}${e.message}`;
}

export interface LoadedConfig {
  path: string;
  kind: ConfigKind;
  fragment: ConfigFragment;
  /** Settings read but without effect (a key hadolint skips, a second report format), as `file:line:col: key: message`. */
  warnings: string[];
}

const BERTH_NAMES = ['.berth.yaml', '.berth.yml'];
const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/**
 * Whose schema a file follows: hadolint's files by name (`.hadolint.yaml`, `hadolint.yml`, `~/.hadolint/config.yaml`),
 * berth's by name (`.berth.yaml`); any other name (given with --config) by its keys.
 */
export function kindOf(path: string, text?: string): ConfigKind {
  if (/hadolint/i.test(basename(path)) || /[/\\]\.hadolint[/\\]/.test(path)) return 'hadolint';
  if (/^\.?berth\.ya?ml$/i.test(basename(path)) || text === undefined) return 'berth';
  return kindOfText(text);
}

/** Loads the YAML reader (once); only needed when a configuration file is read. */
export async function loadYaml(): Promise<void> {
  if (yamlLoaded()) return;
  // yaml is CommonJS: depending on the loader its exports come as the namespace or as its default.
  const mod = (await import('yaml')) as unknown as { LineCounter?: unknown; default?: unknown };
  useYaml((typeof mod.LineCounter === 'function' ? mod : mod.default) as Parameters<typeof useYaml>[0]);
}

export class ConfigLoader {
  private readonly cache = new Map<string, LoadedConfig>();
  private readonly dirCache = new Map<string, LoadedConfig | null>();
  private readonly fileCache = new Map<string, string | null>();

  constructor(
    private readonly cwd: string = process.cwd(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Reads and validates one config file; throws ConfigFileError (named as given) when it is unusable. */
  load(path: string): LoadedConfig {
    const abs = resolve(this.cwd, path);
    const hit = this.cache.get(abs);
    if (hit) return hit;
    let text: string;
    try {
      text = new TextDecoder().decode(readFileBytes(abs));
    } catch (e) {
      throw new ConfigFileError(path, [], describeError(e));
    }
    const kind = kindOf(abs, text);
    const { fragment, errors, warnings } = parseConfigText(text, kind, ruleNames(), RULES_BY_ID);
    if (errors.length > 0) throw new ConfigFileError(path, errors);
    const loaded = { path: abs, kind, fragment, warnings: warnings.map((w) => located(path, w)) };
    this.cache.set(abs, loaded);
    return loaded;
  }

  /** The config that applies to a file in `dir` (searching upward, then hadolint's global places). */
  forDirectory(dir: string): LoadedConfig | undefined {
    const start = resolve(dir);
    const cached = this.dirCache.get(start);
    if (cached !== undefined) return cached ?? undefined;
    const file = this.fileFor(start);
    const found = file ? this.load(file) : null;
    this.dirCache.set(start, found);
    return found ?? undefined;
  }

  /** The path of the config file that applies to a file in `dir`, without reading it. */
  fileFor(dir: string): string | undefined {
    const start = resolve(dir);
    const hit = this.fileCache.get(start);
    if (hit !== undefined) return hit ?? undefined;
    let file: string | undefined;
    for (let d = start; ; d = dirname(d)) {
      file = [...BERTH_NAMES, ...HADOLINT_NAMES].map((n) => join(d, n)).find(isFile);
      if (file) break;
      if (dirname(d) === d) {
        file = this.globalHadolint();
        break;
      }
    }
    this.fileCache.set(start, file ?? null);
    return file;
  }

  /** hadolint's own lookup beyond the working folder: XDG config, ~/.hadolint/, ~/.hadolint.yaml. */
  private globalHadolint(): string | undefined {
    const home = this.env.HOME ?? homedir();
    const xdg = this.env.XDG_CONFIG_HOME ?? join(home, '.config');
    const candidates = [
      join(xdg, 'hadolint.yaml'),
      join(xdg, 'hadolint.yml'),
      join(home, '.hadolint', 'hadolint.yaml'),
      join(home, '.hadolint', 'hadolint.yml'),
      join(home, '.hadolint', 'config.yaml'),
      join(home, '.hadolint', 'config.yml'),
      join(home, '.hadolint.yaml'),
      join(home, '.hadolint.yml'),
    ];
    return candidates.find(isFile);
  }
}

/** The configuration a run starts from: a loader for per-folder lookups, `-c FILE` and the working folder's file. */
export interface RunConfig {
  loader: ConfigLoader;
  /** The file `-c` names, when given. */
  explicit: LoadedConfig | undefined;
  /** What applies in the working folder: the `-c` file, else the nearest one (none with --no-config). */
  cwdConfig: LoadedConfig | undefined;
}

/**
 * Loads a run's configuration up front (`berth lint`, `berth format`): the `-c` file and the working folder's, the
 * YAML reader only when one exists. Throws ConfigFileError for a broken file: the command stops with exit 2.
 */
export async function loadRunConfig(cwd: string, opts: { config?: string | undefined; noConfig?: boolean }): Promise<RunConfig> {
  const loader = new ConfigLoader(cwd);
  let explicit: LoadedConfig | undefined;
  if (opts.config) {
    await loadYaml();
    explicit = loader.load(opts.config);
  }
  if (!opts.noConfig && !explicit && loader.fileFor(cwd)) await loadYaml();
  return { loader, explicit, cwdConfig: opts.noConfig ? undefined : (explicit ?? loader.forDirectory(cwd)) };
}
