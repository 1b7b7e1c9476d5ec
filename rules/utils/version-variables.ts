/**
 * Package versions written as variables (`curl=$CURL_VERSION`, `flask==${FLASK}`, `tool@$V`): the pinning rules
 * trust a variable that an ARG or ENV of the stage declares — its value comes with the build — but one that nothing
 * can set there is certainly empty, and the install then takes whatever version is newest (npm, go) or fails
 * (apt, pip). Also where the base-image environment that berth cannot see is known to set such names.
 */
import { PROXY_ARGS, type Instruction, type ShellWord, type Stage } from '../../grammar/index.js';
import type { RuleContext, VisitInfo } from '../define.js';
import { builtOnImage } from './buildkit-checks.js';
import { lineageRoot } from './stages.js';

/**
 * Variables that official and widespread base images set with ENV. berth cannot see a base image's ENV, so in a
 * stage built on an image these names may be set.
 */
export const COMMON_IMAGE_ENV: ReadonlySet<string> = new Set([
  'PATH', 'HOME', 'USER', 'HOSTNAME', 'SHELL', 'TERM', 'TZ', 'LANG', 'LANGUAGE', 'LC_ALL', 'DEBIAN_FRONTEND',
  'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'PKG_CONFIG_PATH', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GPG_KEY',
  'JAVA_HOME', 'JAVA_VERSION', 'JDK_VERSION', 'JRE_HOME', 'MAVEN_HOME', 'MAVEN_CONFIG', 'MAVEN_VERSION',
  'GRADLE_HOME', 'GRADLE_VERSION', 'CATALINA_HOME', 'TOMCAT_VERSION', 'TOMCAT_MAJOR',
  'GOPATH', 'GOROOT', 'GOLANG_VERSION', 'GOTOOLCHAIN', 'CARGO_HOME', 'RUSTUP_HOME', 'RUST_VERSION',
  'NODE_VERSION', 'YARN_VERSION', 'NPM_CONFIG_PREFIX', 'PYTHON_VERSION', 'PYTHON_PIP_VERSION',
  'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256', 'PYTHON_SHA256', 'PYTHONPATH',
  'PIP_NO_CACHE_DIR', 'VIRTUAL_ENV', 'CONDA_DIR', 'MAMBA_ROOT_PREFIX', 'PHP_VERSION', 'PHP_INI_DIR', 'PHPIZE_DEPS',
  'PHP_CFLAGS', 'PHP_CPPFLAGS', 'PHP_LDFLAGS', 'RUBY_VERSION', 'RUBY_MAJOR', 'RUBY_DOWNLOAD_SHA256', 'GEM_HOME',
  'BUNDLE_PATH', 'BUNDLE_APP_CONFIG', 'BUNDLE_SILENCE_ROOT_WARNING', 'PERL_VERSION', 'R_VERSION', 'ERLANG_VERSION',
  'OTP_VERSION', 'ELIXIR_VERSION', 'DOTNET_VERSION', 'ASPNET_VERSION', 'ASPNETCORE_HTTP_PORTS',
  'DOTNET_RUNNING_IN_CONTAINER', 'APP_UID', 'NGINX_VERSION', 'NJS_VERSION', 'NJS_RELEASE', 'PKG_RELEASE',
  'HTTPD_PREFIX', 'HTTPD_VERSION', 'PG_MAJOR', 'PG_VERSION', 'PGDATA', 'MYSQL_MAJOR', 'MYSQL_VERSION',
  'MARIADB_VERSION', 'MONGO_VERSION', 'REDIS_VERSION', 'RABBITMQ_VERSION', 'DOCKER_VERSION', 'JENKINS_HOME',
  'CUDA_VERSION', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'NV_CUDA_LIB_VERSION',
]);

/**
 * Whether the base image of a stage may set `name`: a name common images set, or one that starts with the image's
 * own name (`ELASTICSEARCH_VERSION` in a stage built on `elasticsearch`). False for a stage that ends in scratch.
 */
export function mayComeFromImage(stage: Stage, name: string): boolean {
  if (!builtOnImage(stage)) return false;
  if (COMMON_IMAGE_ENV.has(name)) return true;
  const root = lineageRoot(stage);
  // An image chosen by a build argument without default: it may set anything.
  if (root && root.base.value === undefined) return true;
  const repo = root?.base.image?.repository.value ?? root?.base.value ?? '';
  const last = repo.split('/').pop() ?? '';
  const prefix = last.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return prefix !== '' && name.startsWith(`${prefix}_`);
}

/** A variable a package's version is read from, which nothing sets at the RUN. */
export interface UnsetVersion {
  name: string;
  /** A global ARG of that name exists: the stage did not import it with `ARG name`. */
  global: boolean;
}

/** `${NAME}` with no modifier, as the shell model writes `$NAME` and `${NAME}`. */
const PLAIN = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;

/**
 * The variable of a package word's version that is certainly unset at this RUN, if there is one. `versionAt` says
 * whether the text before the first `$` ends in (or holds) the tool's separator between name and version (`=`,
 * `==`, `@`, `-`…), so that the variable is part of the version; with `whole`, the word is a version by itself (the
 * value of `gem install -v`). Undefined whenever berth cannot be sure: a modifier (`${V:-1.0}`), a command
 * substitution, an ARG or ENV of that name in scope, a name the base image may set, a script that may set it.
 */
export function unsetVersionVariable(
  ctx: RuleContext,
  run: Instruction,
  info: VisitInfo,
  word: ShellWord,
  versionAt: ((before: string) => boolean) | 'whole',
): UnsetVersion | undefined {
  const stage = info.stage;
  if (!stage || info.onbuild || word.literal) return undefined;
  const value = word.value;
  if (value.includes('$(') || value.includes('`')) return undefined;
  const first = value.indexOf('$');
  if (first < 0) return undefined;
  if (versionAt === 'whole' ? first !== 0 : first === 0 || !versionAt(value.slice(0, first))) return undefined;
  const names: string[] = [];
  for (let i = first; i < value.length; i = value.indexOf('$', i + 1)) {
    if (i < 0) break;
    const m = PLAIN.exec(value.slice(i));
    if (!m) return undefined;
    names.push(m[1] as string);
  }
  const script = ctx.shell(run);
  if (!script.analysed || script.form === 'exec') return undefined;
  for (const name of names) {
    if (!certainlyUnset(ctx, run, stage, name)) continue;
    return { name, global: ctx.model.globalArgs.some((g) => g.name === name) };
  }
  return undefined;
}

/** Commands after which any variable may be set: they read names and values from elsewhere. */
const SETS_ANYTHING = new Set(['.', 'source', 'eval']);
const DECLARES = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

function certainlyUnset(ctx: RuleContext, run: Instruction, stage: Stage, name: string): boolean {
  if (ctx.model.resolve(name, run.range.start)) return false;
  if ((PROXY_ARGS as readonly string[]).includes(name)) return false;
  if (mayComeFromImage(stage, name)) return false;
  // The script may set it: the name written other than as `$NAME`/`${NAME…}` (`NAME=1`, `for NAME in`, `read NAME`,
  // a secret mount's `env=NAME`), or a command that can set anything.
  const text = ctx.slice(run.range);
  const bare = new RegExp(`(?<![A-Za-z0-9_{$])${name}(?![A-Za-z0-9_])`);
  if (bare.test(text)) return false;
  for (const c of ctx.shell(run).commands) {
    if (SETS_ANYTHING.has(c.name)) return false;
    if (DECLARES.has(c.name) && c.args.some((a) => !a.literal)) return false;
  }
  return true;
}

/** The message template every pinning rule uses for an unset version variable (its `unsetVersion` message). */
export const UNSET_VERSION_MESSAGE = '`{word}` takes its version from `${name}`, which nothing sets in this stage, so the version is empty{hint}';

/** The message data of a finding about an unset version variable: the word as written, the name, and a hint. */
export function unsetVersionData(ctx: RuleContext, word: ShellWord, unset: UnsetVersion, written = ctx.slice(word)): Record<string, string> {
  const hint = unset.global
    ? ` (the ARG before the first FROM is seen only by FROM lines: write \`ARG ${unset.name}\` in this stage)`
    : ': declare it with ARG or ENV, or write the version';
  return { word: written, name: unset.name, hint };
}

/** How yum-unpinned and dnf-unpinned judge package words made of variables, as their pages tell it (one text). */
export const RPM_VERSION_VARIABLES =
  'A word that is a variable or a command substitution as a whole (`$PACKAGES`) is never reported, and a ' +
  'version from a variable is trusted when an ARG or ENV the RUN can see declares it: in its stage, in a stage ' +
  'it is built on, or a global ARG the stage imports. A variable declared only in another stage is not: Docker ' +
  'does not carry it across, so it is empty there and reported (hadolint trusts an ARG declared in any stage). ' +
  'A version taken from a variable that nothing sets at the RUN (no ARG or ENV declares it, the RUN does not ' +
  'set it, and the base image is not known to set it, like `PYTHON_VERSION` on python images) is reported on ' +
  'its own: the version is then empty (`git-core-${GIT_VERSION}`, `nodejs:${STREAM}`).';
