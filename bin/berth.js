#!/usr/bin/env node
'use strict';
/*
 * The `berth` command (CommonJS: bin/package.json says so, and Node starts a CommonJS entry faster).
 *
 * Two bundles, each one CommonJS file run through `vm.Script` with V8's code cache: the first run compiles it and
 * then writes what V8 compiled to the user's cache folder; later runs deserialise that instead of compiling ~1 MB of
 * JavaScript again. dist/cli/lsp.cjs is `berth lsp`, the language server; dist/cli/berth.cjs every other command
 * (and `berth lsp` written in a way the short path below does not recognise: it starts the server the same way).
 *
 * The cache file is named by the bundle, berth's version and the bundle's SHA-256 (its first line, written by the
 * build), the bundle's size and modification time, Node's version and the CPU architecture, so an upgrade, a
 * rebuild or an edit never runs old code: it just misses, and the next run writes a new file. V8 itself rejects data
 * from another V8 or other flags, and checks a checksum (--verify-snapshot-checksum) so that a corrupt file is
 * rejected rather than run. Whatever goes wrong with the cache (no home folder, a read-only or missing folder, a
 * truncated or corrupt file, two first runs at once) only costs the time it would have saved: berth runs as without
 * it. A file is written to a temporary name and renamed into place, so a reader never sees half of one.
 *
 * Where: $XDG_CACHE_HOME/berth (else ~/.cache/berth) on Linux and other Unix systems, ~/Library/Caches/berth on
 * macOS, %LOCALAPPDATA%\berth\Cache on Windows. BERTH_NO_CACHE=1 neither reads nor writes it.
 */
const argv = process.argv.slice(2);
const v8 = require('node:v8');
v8.setFlagsFromString('--verify-snapshot-checksum');

/**
 * How one bundle reaches another (`berth lsp`'s two halves, see scripts/bundle.mjs): `load` runs a bundle once and
 * returns its exports, `shared` holds the modules the first half hands to the second.
 */
const parts = {
  loaded: new Map(),
  shared: {},
  bundle(name) {
    return parts.loaded.get(name) ?? loadBundle(name);
  },
  load(name, shared) {
    Object.assign(parts.shared, shared);
    return parts.bundle(name).exports;
  },
};

/** `berth lsp --stdio`, `berth lsp --node-ipc --clientProcessId=N` (what editors run): the server, straight away. */
const LSP_ARGS = /^(lsp|--stdio|--node-ipc|--clientProcessId=\d+)$/;
const isServer = argv[0] === 'lsp' && argv.every((a) => LSP_ARGS.test(a)) && (argv.includes('--stdio') || argv.includes('--node-ipc'));

if (argv[0] === '--berth-lint-worker' && !require('node:worker_threads').isMainThread) {
  // A worker thread of `berth lint --jobs` (cli/jobs.ts, which passes that argument): the same bundle, from the same
  // cache. (node:worker_threads is loaded only here: it costs every other start 3 ms.)
  parts.bundle('berth').exports.lintWorker();
} else if (isServer) {
  startServer();
} else {
  // The bash parser is WebAssembly. V8's optimizing tier would compile all 1.3 MB of it in the background and hold
  // the process at exit for half a second; the baseline compiler alone is faster for a command-line run (not for a
  // language server, which lives for hours).
  if (argv.find((a) => !a.startsWith('-')) !== 'lsp') v8.setFlagsFromString('--liftoff-only');
  let cli;
  try {
    cli = parts.bundle('berth');
  } catch (e) {
    failed(e);
  }
  if (cli) {
    cli.exports.main(argv, { workerScript: __filename, startServer }).then((code) => {
      exitWith(code);
      return cli.saveCache();
    }, failed);
  }
}

/**
 * The language server, from its bundle. Its code cache is written once per build and Node version, when the session
 * has settled in (after three seconds: by then the editor has opened a file and the server has answered it), so that
 * it holds the code a session runs; the timer does not keep the process alive.
 */
function startServer() {
  let lsp;
  try {
    lsp = parts.bundle('lsp');
  } catch (e) {
    failed(e);
    return;
  }
  lsp.exports.startNodeServer();
  setTimeout(async () => {
    // Both halves (lsp-core.cjs is loaded by now; if no editor has spoken yet, it is loaded here).
    for (const bundle of [lsp, parts.bundle('lsp-core')]) await bundle.saveCache();
  }, 3_000).unref();
}

function exitWith(code) {
  process.exitCode = code;
}

function failed(e) {
  process.stderr.write(`berth: internal error: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 3;
}

/**
 * Runs dist/cli/<name>.cjs from V8's code cache when there is a usable one; returns its exports, whether a cache
 * should be written (there is a cache folder and no usable file) and a way to write it.
 */
function loadBundle(name) {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const file = path.join(__dirname, '..', 'dist', 'cli', `${name}.cjs`);
  // The build checks that the bundle is ASCII: read as Latin-1, it needs no decoding and V8 keeps one byte a character.
  const source = fs.readFileSync(file, 'latin1');
  const cacheFile = cacheFileFor(name, file, source);
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
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, path.dirname(file), require('node:url').pathToFileURL(file).href, parts);
  const exports = mod.exports;
  const bundle = {
    exports,
    wantsCache: cacheFile !== undefined && !(cached && !script.cachedDataRejected),
    async saveCache() {
      if (!bundle.wantsCache) return;
      bundle.wantsCache = false;
      try {
        // The cache holds what has been compiled so far: make that what a run needs, whatever ran.
        await exports.warmUp();
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A cache that cannot be written is no cache: this run has done its work.
      }
    },
  };
  parts.loaded.set(name, bundle);
  return bundle;
}

/** The cache file for this bundle, or undefined when caching is off or there is no cache folder. */
function cacheFileFor(name, file, source) {
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
  return require('node:path').join(dir, `${name === 'berth' ? 'cli' : name}-${key}.v8`);
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

/**
 * Removes cache files nobody wrote for 30 days (other versions, old builds), all but the eight newest of each bundle
 * (a developer rebuilding all day, several installed versions taking turns), and temporary files left by a crash.
 */
function prune(dir, keep) {
  const fs = require('node:fs');
  const path = require('node:path');
  const now = Date.now();
  const bundles = new Map();
  for (const name of fs.readdirSync(dir)) {
    const bundle = /^(cli|lsp-core|lsp)-/.exec(name);
    if (name === keep || !bundle) continue;
    const file = path.join(dir, name);
    let mtime;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      continue; // gone already
    }
    const age = name.endsWith('.tmp') ? 3_600_000 : name.endsWith('.v8') ? 30 * 86_400_000 : undefined;
    if (age === undefined) continue;
    if (now - mtime > age) remove(file);
    else if (name.endsWith('.v8')) {
      if (!bundles.has(bundle[1])) bundles.set(bundle[1], []);
      bundles.get(bundle[1]).push({ file, mtime });
    }
  }
  // The file just written counts as the newest of its bundle.
  for (const [bundle, files] of bundles) {
    const room = keep.startsWith(`${bundle}-`) && !(bundle === 'lsp' && keep.startsWith('lsp-core-')) ? 7 : 8;
    for (const { file } of files.sort((a, b) => b.mtime - a.mtime).slice(room)) remove(file);
  }

  function remove(file) {
    try {
      fs.unlinkSync(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
}
