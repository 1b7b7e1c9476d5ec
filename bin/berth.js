#!/usr/bin/env node
'use strict';
/*
 * The `berth` command (CommonJS: bin/package.json says so, and Node starts a CommonJS entry faster).
 *
 * `berth lsp` runs the ESM build (dist/cli/main.js). Every other command runs dist/cli/berth.cjs, one CommonJS
 * file, through `vm.Script` with V8's code cache: the first run compiles it and then writes what V8 compiled to
 * the user's cache folder; later runs deserialise that instead of compiling ~1 MB of JavaScript again.
 *
 * The cache file is named by berth's version and the bundle's SHA-256 (its first line, written by the build), the
 * bundle's size and modification time, Node's version and the CPU architecture, so an upgrade, a rebuild or an edit
 * never runs old code: it just misses, and the next run writes a new file. V8 itself rejects data from another V8
 * or other flags, and checks a checksum (--verify-snapshot-checksum) so that a corrupt file is rejected rather than
 * run. Whatever goes wrong with the cache (no home folder, a read-only or missing folder, a truncated or corrupt
 * file, two first runs at once) only costs the time it would have saved: berth runs as without it. A file is
 * written to a temporary name and renamed into place, so a reader never sees half of one.
 *
 * Where: $XDG_CACHE_HOME/berth (else ~/.cache/berth) on Linux and other Unix systems, ~/Library/Caches/berth on
 * macOS, %LOCALAPPDATA%\berth\Cache on Windows. BERTH_NO_CACHE=1 neither reads nor writes it.
 */
const argv = process.argv.slice(2);
const threads = require('node:worker_threads');

if (!threads.isMainThread && threads.workerData && threads.workerData.berthLintWorker) {
  // A worker thread of `berth lint --jobs` (cli/jobs.ts): the same bundle, from the same cache.
  loadCli().lintWorker();
} else if (argv.find((a) => !a.startsWith('-')) === 'lsp') {
  // Node 22.1 and later keep V8's compiled code for ESM modules on disk (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
  require('node:module').enableCompileCache?.();
  import('../dist/cli/main.js').then(({ main }) => main(argv, { workerScript: __filename })).then(exitWith, failed);
} else {
  const v8 = require('node:v8');
  // The bash parser is WebAssembly. V8's optimizing tier would compile all 1.3 MB of it in the background and hold
  // the process at exit for half a second; the baseline compiler alone is faster for a command-line run.
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--verify-snapshot-checksum');
  let cli;
  try {
    cli = loadCli();
  } catch (e) {
    failed(e);
  }
  if (cli) {
    cli.main(argv, { workerScript: __filename }).then((code) => {
      exitWith(code);
      return cli.saveCache();
    }, failed);
  }
}

function exitWith(code) {
  process.exitCode = code;
}

function failed(e) {
  process.stderr.write(`berth: internal error: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 3;
}

/** Runs dist/cli/berth.cjs from V8's code cache when there is a usable one; returns its exports and a way to save it. */
function loadCli() {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const file = path.join(__dirname, '..', 'dist', 'cli', 'berth.cjs');
  // The build checks that the bundle is ASCII: read as Latin-1, it needs no decoding and V8 keeps one byte a character.
  const source = fs.readFileSync(file, 'latin1');
  const cacheFile = cacheFileFor(file, source);
  let cached;
  if (cacheFile) {
    try {
      cached = fs.readFileSync(cacheFile);
    } catch {
      cached = undefined;
    }
  }
  // The file is one function expression: CommonJS's module wrapper (and __berth_import_meta_url) around the bundle.
  const script = new vm.Script(source, {
    filename: file,
    cachedData: cached,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, path.dirname(file), require('node:url').pathToFileURL(file).href);
  const exports = mod.exports;
  return {
    main: exports.main,
    lintWorker: exports.lintWorker,
    async saveCache() {
      if (!cacheFile || (cached && !script.cachedDataRejected)) return;
      try {
        // The cache holds what has been compiled so far: make that what `berth lint` needs, whatever ran.
        await exports.warmUp();
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A cache that cannot be written is no cache: this run has done its work.
      }
    },
  };
}

/** The cache file for this bundle, or undefined when caching is off or there is no cache folder. */
function cacheFileFor(file, source) {
  const off = process.env.BERTH_NO_CACHE;
  if (off !== undefined && off !== '' && off !== '0') return undefined;
  const header = /^[^\n]*\/\/ berth-bundle (\S+) ([0-9a-f]{64})\n/.exec(source.slice(0, 300));
  if (!header) return undefined;
  const dir = cacheFolder();
  if (!dir) return undefined;
  let stat;
  try {
    stat = require('node:fs').statSync(file);
  } catch {
    return undefined;
  }
  const key = [header[1], header[2].slice(0, 16), stat.size, Math.floor(stat.mtimeMs), process.version, process.arch].join('-');
  return require('node:path').join(dir, `cli-${key}.v8`);
}

function cacheFolder() {
  const path = require('node:path');
  const env = process.env;
  let home;
  try {
    home = require('node:os').homedir();
  } catch {
    home = '';
  }
  if (process.platform === 'win32') {
    const local = env.LOCALAPPDATA || (home && path.join(home, 'AppData', 'Local'));
    return local ? path.join(local, 'berth', 'Cache') : undefined;
  }
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'berth') : undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'berth');
  return home ? path.join(home, '.cache', 'berth') : undefined;
}

/** Writes to a name of its own and renames it into place (readers see the old file or the new one, never half). */
function writeAtomically(file, data) {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never written
    }
    throw e;
  }
  prune(dir, path.basename(file));
}

/** Removes cache files nobody wrote for 30 days (other versions, old builds) and temporary files left by a crash. */
function prune(dir, keep) {
  const fs = require('node:fs');
  const path = require('node:path');
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !name.startsWith('cli-')) continue;
    const age = name.endsWith('.tmp') ? 3_600_000 : name.endsWith('.v8') ? 30 * 86_400_000 : undefined;
    if (age === undefined) continue;
    try {
      if (now - fs.statSync(path.join(dir, name)).mtimeMs > age) fs.unlinkSync(path.join(dir, name));
    } catch {
      // gone already, or not ours to remove
    }
  }
}
