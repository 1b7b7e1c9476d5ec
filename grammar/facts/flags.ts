/**
 * The flags each instruction takes (`COPY --chown=…`, `RUN --mount=…`), as BuildKit's instruction parser accepts
 * them: the one table rules, completion and hover read. A new BuildKit flag is one entry here.
 *
 * Facts follow moby/buildkit's frontend/dockerfile (instructions/bflag.go, parse.go, commands_run*.go,
 * dockerfile2llb/convert*.go) and its reference documentation; the descriptions are berth's own.
 */
import type { InstructionName } from './instructions.js';

/**
 * How BuildKit's flag parser treats a flag:
 * - `bool`: bare `--link`, or `--link=true` / `--link=false` (any case); `--link=` is an error;
 * - `string`: needs `=value` (an empty value is allowed); given twice is an error;
 * - `list`: needs `=value`; may be given any number of times.
 */
export type FlagKind = 'bool' | 'string' | 'list';

/** What a flag's value must look like (each has a checker in rules/utils/flags.ts). */
export type FlagValueFormat =
  /** `true` or `false` (case-insensitive), or nothing. */
  | 'bool'
  /** `os[/arch[/variant]]`, or an OS or architecture alone: `linux/arm64`, `linux/arm/v7`, `$BUILDPLATFORM`. */
  | 'platform'
  /** Comma-separated `key=value` fields; see MOUNT_KEYS. */
  | 'mount'
  /** One of `values`. */
  | 'network'
  /** One of `values`. */
  | 'security'
  /** A CDI device name, then optional `required[=bool]`: `vendor.com/gpu=all,required`. */
  | 'device'
  /** A stage name, a stage index, an image reference or a named build context. */
  | 'stage-or-image'
  /** `user[:group]`, names or numeric IDs. */
  | 'chown'
  /** Octal `0`–`7777`, or symbolic like `+x` or `u=rwX,go=rX`. */
  | 'chmod'
  /** A path pattern (Go's filepath.Match syntax plus `**`); `!` alone is not one. */
  | 'pattern'
  /** `sha256:<hex>` for an HTTP(S) source; a (prefix of a) commit hash for a Git source. */
  | 'checksum'
  /** A Go duration: `30s`, `1m30s`, `500ms`; `0` means the default; otherwise at least 1ms. */
  | 'duration'
  /** A non-negative 32-bit integer. */
  | 'integer';

/**
 * Whether the builder substitutes variables in the value before using it:
 * - `none`: the value is used as written (`$X` stays `$X`, and usually fails);
 * - `global-args`: with the ARGs declared before the first FROM (FROM --platform);
 * - `stage`: with the ARG and ENV values in force at the instruction.
 */
export type FlagExpansion = 'none' | 'global-args' | 'stage';

/** A typical value of a flag and what it means. */
export interface FlagSuggestion {
  readonly value: string;
  readonly description: string;
}

export interface FlagFacts {
  readonly instruction: InstructionName;
  /** Without the leading `--`; case-sensitive, as BuildKit matches it. */
  readonly name: string;
  readonly kind: FlagKind;
  /** Needs `=value` (`string` and `list` flags). */
  readonly takesValue: boolean;
  /** May be given more than once (`list` flags). */
  readonly repeatable: boolean;
  readonly format: FlagValueFormat;
  /** The fixed set of values, when there is one. */
  readonly values?: readonly string[];
  /** Typical values of an open-ended flag, offered by completion (any other value may be right too). */
  readonly suggestions?: readonly FlagSuggestion[];
  /** What the builder uses when the flag is not given. */
  readonly default?: string;
  readonly expands: FlagExpansion;
  /**
   * The first Dockerfile frontend (`# syntax=docker/dockerfile:<version>`) that builds it; undefined when every
   * BuildKit frontend does. A `-labs` suffix: only the labs channel (`docker/dockerfile:1-labs`) builds it.
   */
  readonly since?: string;
  /** The first labs frontend (`docker/dockerfile:<version>-labs`) that builds it, when earlier than `since`. */
  readonly labsSince?: string;
  /** The stable frontend accepts the flag when parsing but fails the build: only the labs channel runs it. */
  readonly labsOnly?: boolean;
  /** HEALTHCHECK flags apply to `HEALTHCHECK CMD` only (`HEALTHCHECK NONE` ignores any flag). */
  readonly onlyWith?: 'CMD';
  /** A typical use. */
  readonly example: string;
  /** One sentence for someone learning Docker. */
  readonly description: string;
}

function flag(
  instruction: InstructionName,
  name: string,
  kind: FlagKind,
  format: FlagValueFormat,
  rest: Omit<FlagFacts, 'instruction' | 'name' | 'kind' | 'format' | 'takesValue' | 'repeatable'>,
): FlagFacts {
  return { instruction, name, kind, format, takesValue: kind !== 'bool', repeatable: kind === 'list', ...rest };
}

const chown = (i: InstructionName): FlagFacts =>
  flag(i, 'chown', 'string', 'chown', {
    expands: 'stage',
    example: `${i} --chown=app:app src/ /app/`,
    description: 'Sets the owner (`user[:group]`, names or numeric IDs) of the copied files instead of root; names are looked up in the image being built.',
  });
const chmod = (i: InstructionName): FlagFacts =>
  flag(i, 'chmod', 'string', 'chmod', {
    expands: 'stage',
    since: '1.2',
    example: `${i} --chmod=755 entrypoint.sh /usr/local/bin/`,
    description: 'Sets the permissions of the copied files, in octal (`644`) or, since Dockerfile 1.14, symbolic form (`u=rwX,go=rX`).',
  });
const link = (i: InstructionName): FlagFacts =>
  flag(i, 'link', 'bool', 'bool', {
    default: 'false',
    expands: 'none',
    since: '1.4',
    example: `${i} --link dist/ /app/`,
    description: 'Copies into a separate layer that does not depend on the layers below, so it can be reused when the base image changes.',
  });
const exclude = (i: InstructionName): FlagFacts =>
  flag(i, 'exclude', 'list', 'pattern', {
    expands: 'none',
    since: '1.19',
    labsSince: '1.7',
    example: `${i} --exclude=*.md --exclude=tests/ . /app/`,
    description: 'Leaves out source files matching a path pattern; give it once per pattern.',
  });

const table: FlagFacts[] = [
  flag('FROM', 'platform', 'string', 'platform', {
    expands: 'global-args',
    example: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
    description: 'Picks the platform of the base image (`linux/amd64`, `linux/arm64`…), usually `$BUILDPLATFORM` for stages that cross-compile.',
    suggestions: [
      { value: '$BUILDPLATFORM', description: 'The platform of the machine that runs the build: for a stage that compiles for another platform (cross-compilation).' },
      { value: '$TARGETPLATFORM', description: 'The platform the image is built for (`--platform` of `docker build`); what a stage gets without the flag.' },
      { value: 'linux/amd64', description: '64-bit x86 Linux (Intel and AMD).' },
      { value: 'linux/arm64', description: '64-bit ARM Linux (AWS Graviton, Apple silicon, Raspberry Pi 4 and 5 with a 64-bit system).' },
      { value: 'linux/arm/v7', description: '32-bit ARMv7 Linux (older Raspberry Pi systems).' },
      { value: 'linux/arm/v6', description: '32-bit ARMv6 Linux (Raspberry Pi Zero and 1).' },
      { value: 'linux/386', description: '32-bit x86 Linux.' },
      { value: 'linux/ppc64le', description: '64-bit little-endian POWER Linux.' },
      { value: 'linux/s390x', description: 'IBM Z Linux.' },
      { value: 'linux/riscv64', description: '64-bit RISC-V Linux.' },
      { value: 'windows/amd64', description: '64-bit x86 Windows (Windows containers).' },
    ],
  }),
  flag('RUN', 'mount', 'list', 'mount', {
    expands: 'stage',
    since: '1.2',
    example: 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    description: 'Mounts something for this command only: files of the context or another stage, a cache kept between builds, a tmpfs, a secret or the SSH agent.',
  }),
  flag('RUN', 'network', 'string', 'network', {
    values: ['default', 'none', 'host'],
    default: 'default',
    expands: 'none',
    since: '1.3',
    example: 'RUN --network=none make test',
    description: 'Chooses the network of the command: `none` cuts it off, `host` uses the host network (the builder must allow `network.host`).',
  }),
  flag('RUN', 'security', 'string', 'security', {
    values: ['sandbox', 'insecure'],
    default: 'sandbox',
    expands: 'none',
    since: '1.20',
    labsSince: '1.2',
    example: 'RUN --security=insecure mount -t tmpfs none /mnt',
    description: '`insecure` runs the command with full privileges, like `docker run --privileged` (the builder must allow `security.insecure`).',
  }),
  flag('RUN', 'device', 'list', 'device', {
    expands: 'none',
    since: '1.14-labs',
    labsSince: '1.14',
    labsOnly: true,
    example: 'RUN --device=nvidia.com/gpu=all nvidia-smi',
    description: 'Gives the command a CDI device such as a GPU; only the labs frontend (`# syntax=docker/dockerfile:1-labs`) builds it.',
  }),
  flag('COPY', 'from', 'string', 'stage-or-image', {
    expands: 'none',
    example: 'COPY --from=build /out/app /usr/local/bin/app',
    description: 'Copies from an earlier stage (by name or index), an image or a named build context instead of the build context; variables are not expanded here.',
  }),
  chown('COPY'),
  chmod('COPY'),
  link('COPY'),
  flag('COPY', 'parents', 'bool', 'bool', {
    default: 'false',
    expands: 'none',
    since: '1.20',
    labsSince: '1.7',
    example: 'COPY --parents ./src/*/package.json /app/',
    description: 'Keeps the source paths below the destination (`a/b/f` lands in `dest/a/b/f`); a `/./` in a source marks where the kept part starts.',
  }),
  exclude('COPY'),
  chown('ADD'),
  chmod('ADD'),
  link('ADD'),
  exclude('ADD'),
  flag('ADD', 'keep-git-dir', 'bool', 'bool', {
    default: 'false',
    expands: 'none',
    since: '1.6',
    labsSince: '1.5',
    example: 'ADD --keep-git-dir https://github.com/moby/buildkit.git#v0.16.0 /src',
    description: 'Keeps the `.git` directory when adding a Git repository.',
  }),
  flag('ADD', 'checksum', 'string', 'checksum', {
    expands: 'stage',
    since: '1.6',
    labsSince: '1.5',
    example: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/linux-0.01.tar.gz /',
    description: 'Verifies a download: `sha256:<hex>` of an HTTP(S) file, or the commit hash (or a prefix) of a Git source; one remote source only.',
  }),
  flag('ADD', 'unpack', 'bool', 'bool', {
    expands: 'none',
    since: '1.17',
    example: 'ADD --unpack=true https://example.com/archive.tar.gz /opt/',
    description: 'Says whether tar archives are unpacked: by default local archives are and downloaded ones are not.',
  }),
  ...(['interval', 'timeout', 'start-period', 'start-interval'] as const).map((name) =>
    flag('HEALTHCHECK', name, 'string', 'duration', {
      default: { interval: '30s', timeout: '30s', 'start-period': '0s', 'start-interval': '5s' }[name],
      expands: 'none',
      onlyWith: 'CMD',
      example: `HEALTHCHECK --${name}=${name === 'start-period' ? '1m' : name === 'start-interval' ? '2s' : '10s'} CMD curl -f http://localhost/ || exit 1`,
      description: {
        interval: 'Time between two checks once the container has started.',
        timeout: 'How long one check may run before it counts as failed.',
        'start-period': 'Time the container gets to start up; failures in it do not count towards the retries.',
        'start-interval': 'Time between checks during the start period (Docker Engine 25 or newer).',
      }[name],
    }),
  ),
  flag('HEALTHCHECK', 'retries', 'string', 'integer', {
    default: '3',
    expands: 'none',
    onlyWith: 'CMD',
    example: 'HEALTHCHECK --retries=5 CMD curl -f http://localhost/ || exit 1',
    description: 'How many failed checks in a row make the container unhealthy.',
  }),
];

/** Every flag of every instruction, in the reference's order. */
export const FLAGS: readonly FlagFacts[] = table;

const byInstruction = new Map<string, FlagFacts[]>();
for (const f of table) {
  const list = byInstruction.get(f.instruction) ?? [];
  list.push(f);
  byInstruction.set(f.instruction, list);
}

/** The flags an instruction takes (upper-case name); none for instructions without flags. */
export function flagsOf(instruction: string): readonly FlagFacts[] {
  return byInstruction.get(instruction) ?? [];
}

/** One flag of an instruction, matched case-sensitively as BuildKit does. */
export function flagFacts(instruction: string, name: string): FlagFacts | undefined {
  return byInstruction.get(instruction)?.find((f) => f.name === name);
}

/**
 * Instructions whose flags BuildKit never checks: it accepts and ignores any flag on them. (`HEALTHCHECK NONE`
 * ignores flags too.) Every other instruction rejects a flag not in FLAGS.
 */
export const FLAGS_IGNORED: ReadonlySet<InstructionName> = new Set<InstructionName>(['ARG', 'STOPSIGNAL']);

// --- RUN --mount -----------------------------------------------------------------------------------------------

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

export interface MountTypeFacts {
  readonly name: MountType;
  /** Read-only unless `rw` / `readonly=false` is given. */
  readonly readonlyByDefault: boolean;
  readonly description: string;
}

export const MOUNT_TYPES: readonly MountTypeFacts[] = [
  { name: 'bind', readonlyByDefault: true, description: 'Files of the build context, or of `from=` (a stage, image or named context), visible to this command only; the default type.' },
  { name: 'cache', readonlyByDefault: false, description: 'A directory kept between builds (package-manager and compiler caches); its content never reaches the image.' },
  { name: 'tmpfs', readonlyByDefault: false, description: 'An empty in-memory directory, gone when the command ends.' },
  { name: 'secret', readonlyByDefault: true, description: 'A secret passed with `docker build --secret`, as a file (default `/run/secrets/<id>`) or an environment variable; never stored in the image.' },
  { name: 'ssh', readonlyByDefault: true, description: 'The SSH agent socket passed with `docker build --ssh`, so `git clone` over SSH works without copying keys.' },
];

export const MOUNT_TYPE_NAMES: readonly MountType[] = MOUNT_TYPES.map((t) => t.name);

/** What a mount key's value must look like. */
export type MountValueFormat =
  /** One of MOUNT_TYPE_NAMES (case-insensitive). */
  | 'mount-type'
  /** A path; relative paths are relative to WORKDIR. */
  | 'path'
  /** Like FlagValueFormat `stage-or-image`; variables are not expanded. */
  | 'stage-or-image'
  /** Go's strconv.ParseBool: `1 t T TRUE true True 0 f F FALSE false False`; or the key alone for true. */
  | 'bool'
  /** Free text. */
  | 'string'
  /** One of `values` (case-insensitive). */
  | 'enum'
  /** Bytes, with an optional unit: `64m`, `1g`, `512KiB`. */
  | 'size'
  /** Octal permission bits, up to 32 bits: `0755`. */
  | 'octal'
  /** A decimal 32-bit unsigned integer. */
  | 'uint'
  /** An environment variable name. */
  | 'env-name';

export interface MountKeyFacts {
  readonly name: string;
  /** Other spellings BuildKit accepts for the same key. */
  readonly aliases: readonly string[];
  /** The mount types the key means something for. */
  readonly types: readonly MountType[];
  /** The types BuildKit rejects the key for (the build fails); on the other types it is silently ignored. */
  readonly rejectedFor: readonly MountType[];
  /**
   * BuildKit checks the type when it reads this key, and reads keys left to right: `type=` must come before it
   * (`required,type=secret` fails, `type=secret,required` works).
   */
  readonly needsTypeFirst: boolean;
  readonly format: MountValueFormat;
  readonly values?: readonly string[];
  /** May be written without `=value` (meaning true). */
  readonly bare: boolean;
  /** The builder substitutes ARG/ENV values in it. */
  readonly expands: boolean;
  /** The value used when the key is absent, per type where it differs. */
  readonly defaults?: Readonly<Partial<Record<MountType, string>>>;
  readonly since?: string;
  readonly description: string;
}

const ALL_TYPES: readonly MountType[] = MOUNT_TYPE_NAMES;

export const MOUNT_KEYS: readonly MountKeyFacts[] = [
  {
    name: 'type', aliases: [], types: ALL_TYPES, rejectedFor: [], needsTypeFirst: false, format: 'mount-type', values: MOUNT_TYPE_NAMES,
    bare: false, expands: true,
    description: 'The kind of mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.',
  },
  {
    name: 'target', aliases: ['dst', 'destination'], types: ALL_TYPES, rejectedFor: [], needsTypeFirst: false, format: 'path', bare: false, expands: true,
    defaults: { secret: '/run/secrets/<id>', ssh: '/run/buildkit/ssh_agent.<n>' },
    description: 'Where the mount appears in the container; it cannot be `/`.',
  },
  {
    name: 'source', aliases: ['src'], types: ['bind', 'cache', 'secret'], rejectedFor: ['ssh'], needsTypeFirst: false, format: 'path', bare: false, expands: true,
    description: 'The path inside `from` to mount (default: its root); for a secret, the secret id.',
  },
  {
    name: 'from', aliases: [], types: ['bind', 'cache'], rejectedFor: ['secret'], needsTypeFirst: false, format: 'stage-or-image', bare: false, expands: false,
    description: 'The stage, image or named context to mount from (default: the build context for bind, an empty directory for cache); variables are not expanded.',
  },
  {
    name: 'readonly', aliases: ['ro'], types: ALL_TYPES, rejectedFor: [], needsTypeFirst: false, format: 'bool', bare: true, expands: true,
    defaults: { bind: 'true', cache: 'false', tmpfs: 'false', secret: 'true', ssh: 'true' },
    description: 'Makes the mount read-only.',
  },
  {
    name: 'readwrite', aliases: ['rw'], types: ALL_TYPES, rejectedFor: [], needsTypeFirst: false, format: 'bool', bare: true, expands: true,
    description: 'Makes the mount writable; for a bind mount, what is written is thrown away after the command.',
  },
  {
    name: 'id', aliases: [], types: ['cache', 'secret', 'ssh'], rejectedFor: [], needsTypeFirst: false, format: 'string', bare: false, expands: true,
    defaults: { cache: '<target>', ssh: 'default' },
    description: 'Which cache, secret or SSH key: caches with the same id are shared.',
  },
  {
    name: 'sharing', aliases: [], types: ['cache'], rejectedFor: ['bind', 'tmpfs', 'secret', 'ssh'], needsTypeFirst: false, format: 'enum',
    values: ['shared', 'private', 'locked'], bare: false, expands: true, defaults: { cache: 'shared' },
    description: 'How concurrent builds use one cache: `shared` (default), `private` (each gets its own) or `locked` (one at a time).',
  },
  {
    name: 'required', aliases: [], types: ['secret', 'ssh'], rejectedFor: ['bind', 'cache', 'tmpfs'], needsTypeFirst: true, format: 'bool', bare: true,
    expands: true, defaults: { secret: 'false', ssh: 'false' },
    description: 'Fails the build when the secret or SSH key was not passed, instead of running without it.',
  },
  {
    name: 'size', aliases: [], types: ['tmpfs'], rejectedFor: ['bind', 'cache', 'secret', 'ssh'], needsTypeFirst: true, format: 'size', bare: false,
    expands: true,
    description: 'The most the tmpfs may hold: `64m`, `1g`.',
  },
  {
    name: 'mode', aliases: [], types: ['cache', 'secret', 'ssh'], rejectedFor: ['bind', 'tmpfs'], needsTypeFirst: false, format: 'octal', bare: false,
    expands: true, defaults: { cache: '0755', secret: '0400', ssh: '0600' },
    description: 'Permissions, in octal, of the new cache directory, the secret file or the socket.',
  },
  {
    name: 'uid', aliases: [], types: ['cache', 'secret', 'ssh'], rejectedFor: ['bind', 'tmpfs'], needsTypeFirst: false, format: 'uint', bare: false,
    expands: true, defaults: { cache: '0', secret: '0', ssh: '0' },
    description: 'Numeric user id owning the new cache directory, the secret file or the socket.',
  },
  {
    name: 'gid', aliases: [], types: ['cache', 'secret', 'ssh'], rejectedFor: ['bind', 'tmpfs'], needsTypeFirst: false, format: 'uint', bare: false,
    expands: true, defaults: { cache: '0', secret: '0', ssh: '0' },
    description: 'Numeric group id owning the new cache directory, the secret file or the socket.',
  },
  {
    name: 'env', aliases: [], types: ['secret'], rejectedFor: [], needsTypeFirst: false, format: 'env-name', bare: false, expands: true, since: '1.10',
    description: 'Exposes the secret as this environment variable (instead of a file, unless `target` is given too).',
  },
];

const mountKeyIndex = new Map<string, MountKeyFacts>();
for (const k of MOUNT_KEYS) for (const n of [k.name, ...k.aliases]) mountKeyIndex.set(n, k);

/** Every spelling of every mount key (what BuildKit suggests from). */
export const MOUNT_KEY_NAMES: readonly string[] = [...mountKeyIndex.keys()];

/** A mount key by any of its spellings (keys are case-insensitive). */
export function mountKey(name: string): MountKeyFacts | undefined {
  return mountKeyIndex.get(name.toLowerCase());
}
