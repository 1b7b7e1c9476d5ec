/**
 * Helpers for the rules about newer Dockerfile syntax: what kind of remote source an ADD fetches (and whether it is
 * pinned), and which Dockerfile frontend version a `# syntax=` directive asks for.
 */
import type { Dockerfile, TextRange } from '../../grammar/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Remote sources of ADD

export interface RemoteSource {
  /** `http`: a file downloaded over HTTP(S); `git`: a repository cloned by the builder. */
  kind: 'http' | 'git';
  /** Git only: the URL itself names a commit (a full commit hash as the ref, or `?checksum=` / `?commit=`). */
  pinnedCommit: boolean;
}

/** BuildKit's scheme test (`^[a-zA-Z0-9]+://`) and the schemes its Git support knows. */
const SCHEME = /^([a-zA-Z0-9]+):\/\//;
const GIT_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ssh', 'git']);
/** The scp-like form `user@host:path` (Git over SSH). */
const SCP_LIKE = /^[a-zA-Z0-9_-]+@[a-zA-Z0-9.-]+:/;
const COMMIT_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * What ADD makes of a source word, as BuildKit's dispatcher decides: a Git repository (`git@host:repo`,
 * `ssh://…`, `git://…`, or `http(s)://…` whose path ends in `.git`), an HTTP(S) download (other `http://` and
 * `https://` URLs, lower-case scheme as BuildKit requires), or undefined for a local path (including the deprecated
 * `github.com/org/repo` form, which ADD treats as a path).
 */
export function remoteSource(src: string): RemoteSource | undefined {
  const scheme = SCHEME.exec(src);
  let git = false;
  if (scheme) {
    const proto = (scheme[1] as string).toLowerCase();
    if (!GIT_SCHEMES.has(proto)) return undefined;
    if (proto === 'ssh' || proto === 'git') git = true;
    else git = urlPath(src.slice(scheme[0].length)).endsWith('.git');
    if (!git && !src.startsWith('http://') && !src.startsWith('https://')) return undefined;
  } else if (SCP_LIKE.test(src)) {
    git = true;
  } else {
    return undefined;
  }
  if (!git) return { kind: 'http', pinnedCommit: false };
  return { kind: 'git', pinnedCommit: gitPinned(src) };
}

/** The path of `host/path?query#fragment`. */
function urlPath(rest: string): string {
  const noFragment = rest.split('#', 1)[0] as string;
  const noQuery = noFragment.split('?', 1)[0] as string;
  const slash = noQuery.indexOf('/');
  return slash < 0 ? '' : noQuery.slice(slash);
}

/** A Git URL whose ref is a full commit hash, or whose query names the commit (`?checksum=…`, `?commit=…`). */
function gitPinned(src: string): boolean {
  const hash = src.indexOf('#');
  const fragment = hash < 0 ? '' : src.slice(hash + 1);
  const ref = fragment.split(':', 1)[0] as string;
  if (COMMIT_HASH.test(ref)) return true;
  const beforeFragment = hash < 0 ? src : src.slice(0, hash);
  const q = beforeFragment.indexOf('?');
  if (q < 0) return false;
  for (const part of beforeFragment.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if ((key === 'checksum' || key === 'commit') && eq >= 0 && part.length > eq + 1) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The Dockerfile frontend a file asks for

/** `[major, minor]` of a Dockerfile frontend release (`1.7.1-labs` → `[1, 7]`; features arrive in `x.y.0`). */
export type SyntaxVersion = readonly [number, number];

export interface Frontend {
  /** The directive's text (`docker/dockerfile:1.7-labs`), or undefined when the file has none. */
  text?: string;
  range?: TextRange;
  /** The tag as written (`1.4`, `1-labs`; `latest` when none is written). */
  tag?: string;
  /** Pinned release; undefined for a floating tag (`1`, `1-labs`, `latest`, `labs`, `master`): always the newest. */
  version?: SyntaxVersion;
  /** The labs channel (`-labs`; the older `-experimental` channel counts as labs). */
  labs: boolean;
}

const OFFICIAL = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?docker\/dockerfile(?:-upstream)?$/;
const VERSION_TAG = /^(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-rc\d+)?(?:-(labs|experimental))?$/;
const FLOATING_TAGS: Readonly<Record<string, boolean>> = { latest: false, labs: true, master: false, 'master-labs': true, mainline: false, 'mainline-labs': true };

/**
 * The frontend the `# syntax=` directive selects, when berth can tell: undefined for another frontend image, a
 * digest without a tag, or a tag berth does not know. A file without the directive gets `fallback` (the version
 * the builder's built-in frontend is assumed to have), or undefined without one.
 */
export function frontendOf(file: Dockerfile, fallback?: SyntaxVersion): Frontend | undefined {
  const directive = file.directives.find((d) => d.name === 'syntax');
  if (!directive) return fallback ? { version: fallback, labs: false } : undefined;
  const text = directive.value.trim().split(/\s+/, 1)[0] ?? '';
  const at = text.indexOf('@');
  const ref = at < 0 ? text : text.slice(0, at);
  const colon = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  const hasTag = colon > slash;
  const image = hasTag ? ref.slice(0, colon) : ref;
  if (!OFFICIAL.test(image)) return undefined;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  const base = { text, range: directive.valueToken ?? directive.range, tag };
  if (!hasTag) return at < 0 ? { ...base, labs: false } : undefined;
  if (tag in FLOATING_TAGS) return { ...base, labs: FLOATING_TAGS[tag] as boolean };
  const m = VERSION_TAG.exec(tag);
  if (!m) return undefined;
  const labs = m[3] !== undefined;
  // A major version alone (`1`, `1-labs`) follows the newest release of that major.
  if (m[2] === undefined) return { ...base, labs };
  return { ...base, version: [Number(m[1]), Number(m[2])], labs };
}

/** Parses `1.6` (or `1.6.2`) into a version; undefined when it is not one. */
export function parseVersion(text: string): SyntaxVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function atLeast(v: SyntaxVersion, min: SyntaxVersion): boolean {
  return v[0] !== min[0] ? v[0] > min[0] : v[1] >= min[1];
}

export function versionText(v: SyntaxVersion): string {
  return `${v[0]}.${v[1]}`;
}
