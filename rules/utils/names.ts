/** Names: suggestions for typos and fresh stage names. */
import { editDistanceWithin } from '../../grammar/index.js';
import type { SuggestionBudget } from './buildkit-checks.js';

/**
 * The candidate `name` most likely mistyped, if one is close enough (case-insensitive). With a budget, the search
 * stops (no suggestion) when it is spent.
 */
export function suggestName(name: string, candidates: Iterable<string>, budget?: SuggestionBudget): string | undefined {
  const w = name.toLowerCase();
  const limit = w.length <= 3 ? 1 : w.length <= 7 ? 2 : 3;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    if (budget && !budget.spend(c.length + w.length)) return undefined;
    const dist = editDistanceWithin(w, c.toLowerCase(), bestD - 1);
    if (dist > 0 && dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}

/** What a stage is for, judged by the commands its RUN instructions run. */
export type StageRole = 'build' | 'test' | 'deps' | 'download';

/** A command as the role table reads it: the program's base name and its words (flags included). */
export interface RoleCommand {
  name: string;
  args: readonly string[];
}

const JS_PM = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const BUILD_SCRIPT = /^(build|compile|dist|bundle|package|prod)([:-].*)?$/;
const TEST_SCRIPT = /^(test|tests|check|lint)([:-].*)?$/;
/** Programs whose run means the stage compiles or bundles something, whatever their arguments. */
const COMPILERS = new Set([
  'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'javac', 'rustc', 'swiftc', 'tsc', 'webpack', 'rollup', 'esbuild',
  'ninja', 'msbuild', 'hugo', 'zola', 'jekyll', 'mkdocs', 'sphinx-build', 'gatsby', 'parcel', 'bazel', 'bazelisk', 'buck',
]);

/**
 * The role of one command: `go build`, `npm run build`, `mvn package`, `cargo build`, `gradle build`, `make`,
 * `dotnet publish` build; `go test`, `npm test`, `pytest` test; `npm ci`, `pip install`, `go mod download` fetch
 * dependencies; `curl`, `wget`, `git clone` download.
 */
function roleOf(c: RoleCommand): StageRole | undefined {
  const a = c.args;
  const words = a.filter((w) => !w.startsWith('-'));
  const first = words[0] ?? '';
  const has = (...xs: string[]): boolean => words.some((w) => xs.includes(w));
  const name = c.name.replace(/\.(exe|cmd|bat)$/, '');
  if (COMPILERS.has(name)) return 'build';
  switch (name) {
    case 'go':
      return first === 'build' || first === 'install' ? 'build' : first === 'test' || first === 'vet' ? 'test' : first === 'mod' || first === 'get' ? 'deps' : undefined;
    case 'cargo':
      return ['build', 'install', 'rustc'].includes(first) ? 'build' : first === 'test' ? 'test' : first === 'fetch' || first === 'vendor' ? 'deps' : undefined;
    case 'dotnet':
      return ['publish', 'build', 'pack', 'msbuild'].includes(first) ? 'build' : first === 'test' ? 'test' : first === 'restore' ? 'deps' : undefined;
    case 'mvn':
    case 'mvnw':
      return has('package', 'install', 'verify', 'compile', 'deploy') || words.some((w) => w.endsWith(':repackage')) ? 'build' : has('test') ? 'test' : words.some((w) => w.startsWith('dependency:')) ? 'deps' : undefined;
    case 'gradle':
    case 'gradlew':
      return words.some((w) => /^(.*:)?(build|assemble|jar|bootJar|shadowJar|war|bootWar|installDist|distTar|distZip|nativeCompile)$/.test(w))
        ? 'build'
        : words.some((w) => /^(.*:)?(test|check)$/.test(w))
          ? 'test'
          : has('dependencies', 'downloadDependencies')
            ? 'deps'
            : undefined;
    case 'make':
    case 'gmake':
      return has('test', 'check', 'lint') ? 'test' : has('deps', 'dependencies', 'vendor') ? 'deps' : 'build';
    case 'cmake':
      return 'build';
    case 'sbt':
    case 'lein':
    case 'mix':
    case 'stack':
    case 'cabal':
    case 'dune':
    case 'zig':
    case 'swift':
    case 'poetry':
    case 'rebar3':
      return has('build', 'compile', 'package', 'assembly', 'stage', 'uberjar', 'release', 'escriptize', 'install')
        ? name === 'poetry' && first === 'install'
          ? 'deps'
          : 'build'
        : has('test')
          ? 'test'
          : has('deps.get', 'update', 'lock', 'fetch')
            ? 'deps'
            : undefined;
    case 'python':
    case 'python3':
      if (has('setup.py')) return has('test') ? 'test' : 'build';
      if (a.includes('-m')) {
        const mod = a[a.indexOf('-m') + 1];
        if (mod === 'build' || mod === 'compileall' || mod === 'nuitka' || mod === 'PyInstaller') return 'build';
        if (mod === 'pytest' || mod === 'unittest' || mod === 'tox') return 'test';
        if (mod === 'pip') return a.includes('wheel') || a.includes('download') ? 'build' : 'deps';
      }
      return undefined;
    case 'pip':
    case 'pip3':
    case 'pipenv':
    case 'uv':
      return first === 'wheel' ? 'build' : ['install', 'sync', 'download'].includes(first) || (name === 'uv' && first === 'pip') ? 'deps' : undefined;
    case 'pyinstaller':
    case 'nuitka':
      return 'build';
    case 'pytest':
    case 'tox':
    case 'nox':
    case 'jest':
    case 'vitest':
    case 'mocha':
    case 'phpunit':
    case 'rspec':
      return 'test';
    case 'bundle':
    case 'composer':
      return first === 'install' || first === 'update' ? 'deps' : has('rspec', 'test') ? 'test' : has('assets:precompile', 'build') ? 'build' : undefined;
    case 'ng':
    case 'next':
    case 'nuxt':
    case 'vite':
    case 'astro':
    case 'remix':
    case 'svelte-kit':
      return first === 'build' || first === 'generate' || first === 'export' ? 'build' : first === 'test' ? 'test' : undefined;
    case 'curl':
    case 'wget':
      return 'download';
    case 'git':
      return first === 'clone' || first === 'fetch' ? 'download' : undefined;
    default:
      if (JS_PM.has(name)) {
        if (words.length === 0 || ['ci', 'install', 'i', 'add', 'fetch'].includes(first)) return 'deps';
        // `npm run build`, `yarn build`, `pnpm test`: a package script, named for what it does.
        const script = first === 'run' || first === 'run-script' ? (words[1] ?? '') : first;
        if (BUILD_SCRIPT.test(script)) return 'build';
        if (TEST_SCRIPT.test(script) || first === 't') return 'test';
      }
      return undefined;
  }
}

/** Most telling first: a stage that builds is `build` even when it also fetches and tests. */
const PRIORITY: readonly StageRole[] = ['build', 'test', 'deps', 'download'];

/** The role of a stage from the commands it runs (every RUN, in order), if any is telling. */
export function stageRole(commands: readonly RoleCommand[]): StageRole | undefined {
  let best: number | undefined;
  for (const c of commands) {
    const role = roleOf(c);
    if (role === undefined) continue;
    const rank = PRIORITY.indexOf(role);
    if (best === undefined || rank < best) best = rank;
    if (best === 0) break;
  }
  return best === undefined ? undefined : PRIORITY[best];
}

/**
 * A name for a stage that has none: its role (`build`, `test`, `deps`, `download`), else a neutral `stage-<index>`;
 * never one of `taken` (then `build-2`, `build-3`…).
 */
export function stageNameFor(role: StageRole | undefined, index: number, taken: ReadonlySet<string>): string {
  const base: string = role ?? `stage-${index}`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  return name;
}
