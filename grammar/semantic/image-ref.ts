/**
 * Image references as Docker reads them: `[registry/]repository[:tag][@digest]`. A first path component is a
 * registry when it contains `.` or `:`, is `localhost`, or has upper-case letters; otherwise the image is on
 * Docker Hub (`ubuntu` → `docker.io/library/ubuntu`). Offsets are relative to the reference text.
 */

export interface RefPart {
  value: string;
  start: number;
  end: number;
}

export interface ImageRef {
  /** The reference as written (after variable expansion). */
  text: string;
  /** The registry host (and port) when written; undefined means Docker Hub. */
  registry?: RefPart;
  /** The repository path, e.g. `library/ubuntu` is written `ubuntu`. */
  repository: RefPart;
  tag?: RefPart;
  digest?: RefPart;
  /** `docker.io` when no registry is written. */
  domain: string;
  /** Fully qualified repository: `docker.io/library/ubuntu`. */
  fullName: string;
  /** Docker Hub official image (`docker.io/library/…`). */
  official: boolean;
  /** Why Docker would reject this reference; undefined when valid. */
  error?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;

export function parseImageRef(text: string): ImageRef {
  let rest = text;
  let digest: RefPart | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = { value: rest.slice(at + 1), start: at + 1, end: rest.length };
    rest = rest.slice(0, at);
  }
  // A tag is after the last `:` that follows the last `/` (a `:` before a `/` is a registry port).
  let tag: RefPart | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = { value: rest.slice(colon + 1), start: colon + 1, end: rest.length };
    rest = rest.slice(0, colon);
  }
  let registry: RefPart | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first) {
      registry = { value: first, start: 0, end: slash };
    }
  }
  const repoStart = registry ? registry.end + 1 : 0;
  const repository: RefPart = { value: rest.slice(repoStart), start: repoStart, end: rest.length };
  const domain = registry ? registry.value : 'docker.io';
  const hub = domain === 'docker.io' || domain === 'index.docker.io' || domain === 'registry-1.docker.io';
  const path = hub && !repository.value.includes('/') ? `library/${repository.value}` : repository.value;
  const ref: ImageRef = {
    text,
    repository,
    domain,
    fullName: `${hub ? 'docker.io' : domain}/${path}`,
    official: hub && path.startsWith('library/'),
  };
  if (registry) ref.registry = registry;
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  const error = validate(ref);
  if (error) ref.error = error;
  return ref;
}

function validate(ref: ImageRef): string | undefined {
  if (ref.text === '') return 'the image reference is empty';
  if (/\s/.test(ref.text)) return 'an image reference cannot contain spaces';
  if (ref.registry && !DOMAIN.test(ref.registry.value)) return `\`${ref.registry.value}\` is not a valid registry host`;
  const repo = ref.repository.value;
  if (repo === '') return 'the repository name is missing';
  if (repo.toLowerCase() !== repo) return `repository names must be lower-case: \`${repo}\` → \`${repo.toLowerCase()}\``;
  for (const part of repo.split('/')) {
    if (!COMPONENT.test(part)) return `\`${repo}\` is not a valid repository name (lower-case letters, digits and single separators \`.\`, \`_\`, \`__\`, \`-\` between path parts)`;
  }
  if (ref.fullName.length > 255) return 'the repository name is longer than 255 characters';
  if (ref.tag && !TAG.test(ref.tag.value)) {
    return ref.tag.value === ''
      ? 'the tag after `:` is empty'
      : `\`${ref.tag.value}\` is not a valid tag (letters, digits, \`_\`, \`.\` and \`-\`, at most 128, not starting with \`.\` or \`-\`)`;
  }
  if (ref.digest && !DIGEST.test(ref.digest.value)) return `\`${ref.digest.value}\` is not a valid digest (expected \`sha256:\` followed by 64 hex digits)`;
  return undefined;
}
