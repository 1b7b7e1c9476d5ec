import { expandWord } from '../grammar/index.js';
import { defineRule, df } from './define.js';

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

/** The architecture names BuildKit's platform parser normalises (`x86_64` is `amd64`). */
function normalizeArch(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'i386') return '386';
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  if (a === 'armhf' || a === 'armel') return 'arm';
  return a;
}

/**
 * OS and architecture of a platform written `os[/arch[/variant]]` (or an architecture alone), as BuildKit parses
 * it; undefined when BuildKit would reject it (the build fails on it anyway). The architecture is undefined when
 * only the OS is written: BuildKit then takes the builder's own.
 */
function parsePlatform(text: string): { os: string | undefined; arch: string | undefined } | undefined {
  const parts = text.split('/');
  if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) return undefined;
  const first = parts[0] as string;
  if (parts.length === 1) {
    const lower = first.toLowerCase();
    if (KNOWN_OS.has(lower) || lower === 'macos') return { os: lower === 'macos' ? 'darwin' : lower, arch: undefined };
    const arch = normalizeArch(first);
    if (KNOWN_ARCH.has(arch)) return { os: undefined, arch };
    return undefined;
  }
  const os = first.toLowerCase();
  return { os: os === 'macos' ? 'darwin' : os, arch: normalizeArch(parts[1] as string) };
}

export default defineRule({
  id: 'from-platform-constant',
  aliases: ['DL3029', 'FromPlatformFlagConstDisallowed'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    constant: '`--platform={platform}` fixes the platform of this stage: a multi-platform build gets `{platform}` for every target',
  },
  docs: {
    summary: '`FROM --platform` with a fixed value instead of `$BUILDPLATFORM` or `$TARGETPLATFORM`.',
    why:
      'BuildKit can build one Dockerfile for several platforms at once (`docker buildx build --platform ' +
      'linux/amd64,linux/arm64`). A stage pinned with `--platform=linux/amd64` ignores that request: the arm64 image ' +
      'then contains amd64 binaries and fails with "exec format error" when it starts. Use `$BUILDPLATFORM` for ' +
      'stages that only run build tools (and cross-compile for `$TARGETPLATFORM`), or drop the flag so the stage ' +
      'follows the target platform.',
    bad: [
      {
        code: df`
          FROM --platform=linux/amd64 golang:1.23
          RUN go build -o /app .
        `,
      },
    ],
    good: [
      df`
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        ARG TARGETOS TARGETARCH
        RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
      `,
      df`
        FROM --platform=\${TARGETOS}/\${TARGETARCH} alpine:3.20
      `,
      df`
        FROM --platform=linux/amd64 debian:bookworm AS build-amd64
      `,
      df`
        FROM golang:1.23
      `,
    ],
    whenNotToUse:
      'Images that only exist for one platform (a Windows image, a vendor binary built for amd64 only) where a ' +
      'multi-platform build is never wanted.',
    differences: {
      hadolint:
        'berth follows BuildKit\'s `FromPlatformFlagConstDisallowed`: any variable in the value makes it not ' +
        'constant (hadolint also reports `$TARGETOS/$TARGETARCH` and `$MYPLATFORM`, because they do not mention ' +
        'BUILDPLATFORM or TARGETPLATFORM); a stage whose name contains the OS or the architecture (`AS ' +
        'build-amd64`) is meant for that platform and is not reported; a value that is not a platform at all is ' +
        'left to the build, which rejects it.',
    },
    references: [
      'https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/',
      'https://docs.docker.com/build/building/multi-platform/',
      'https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope',
    ],
  },
  create(ctx) {
    return {
      From(from, info) {
        const stage = info.stage;
        const flag = from.platform;
        const token = flag?.valueToken;
        if (!stage || !token) return;
        const text = ctx.file.logical(token.start, token.end).text;
        const r = expandWord(text, 0, text.length, { escape: ctx.file.escape.charCodeAt(0) });
        // Any variable, even one with a constant default, makes the value not constant (as in BuildKit).
        if (r.refs.length > 0 || r.errors.length > 0 || r.value === undefined) return;
        const platform = parsePlatform(r.value);
        if (!platform) return;
        const name = stage.name ?? '';
        if (name !== '' && ((platform.os !== undefined && name.includes(platform.os)) || (platform.arch !== undefined && name.includes(platform.arch)))) return;
        ctx.report({ at: token, message: 'constant', data: { platform: r.value } });
      },
    };
  },
});
