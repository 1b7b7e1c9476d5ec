import { CopyInstruction, stageNumber, type Flag, type FlagFacts, type Instruction, type TextRange } from '../grammar/index.js';
import { defineRule, df, type RuleContext, type VisitInfo } from './define.js';
import { expandedValue, isHeredocArg } from './utils/instructions.js';
import {
  boolProblem,
  checkedFlags,
  checksumShape,
  chmodProblem,
  chownProblem,
  deviceProblem,
  durationProblem,
  imageRefProblem,
  mountProblems,
  patternProblem,
  platformProblem,
  retriesProblem,
  sourceKind,
  valueOrFlag,
  valueText,
} from './utils/flags.js';

export default defineRule({
  id: 'invalid-flag-value',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    value: '`{value}` is not a valid value for `--{flag}`: {reason}',
    noValue: '`--{flag}=` has an empty value: {reason}',
    expanded: '`--{flag}={raw}` expands to `{value}`, which is not valid: {reason}',
    empty: '`--{flag}={raw}` expands to an empty value',
    checksumSource: '`--checksum` needs exactly one remote source (an HTTP(S) URL or a Git repository), not {what}',
    mount: '`--mount` {reason}',
    mountKey: '`{key}` {reason}',
    mountUnknown: '`{key}` is not a `--mount` option{hint}',
    mountValue: '`{value}` is not a valid `{key}` for `--mount`: {reason}',
    mountExpanded: '`{key}={raw}` expands to `{value}`, which is not valid in `--mount`: {reason}',
  },
  docs: {
    summary: 'A flag value Docker rejects: a bad duration, permission, platform, network mode, checksum, pattern or mount option.',
    why:
      'Each flag reads its value in its own format, and a value it cannot read stops the build: ' +
      '`HEALTHCHECK --interval=30` has no unit, `--chmod=0x755` is not octal, `RUN --network=off` is not a mode, ' +
      '`--mount=type=cache,sharing=exclusive` is not a sharing mode. Some of these only fail deep into a long ' +
      'build, after the earlier steps have run. Values built from variables are checked when berth knows the values.',
    bad: [
      { code: df`
          FROM alpine:3.20
          HEALTHCHECK --interval=30 CMD wget -qO- http://localhost/ || exit 1
        `, note: 'A duration needs a unit: `30s`.' },
      { code: df`
          FROM alpine:3.20
          HEALTHCHECK --retries=-1 CMD wget -qO- http://localhost/ || exit 1
        ` },
      { code: df`
          FROM alpine:3.20
          COPY --chmod=0x755 entrypoint.sh /usr/local/bin/
        ` },
      { code: df`
          FROM alpine:3.20
          COPY --link=yes . /app/
        ` },
      { code: df`
          FROM alpine:3.20
          RUN --network=off make test
        ` },
      { code: df`
          FROM --platform=linux/amd64/v2/extra alpine:3.20
        ` },
      { code: df`
          FROM alpine:3.20
          RUN --mount=type=cache,target=/root/.cache,sharing=exclusive pip install flask
        ` },
      { code: df`
          FROM alpine:3.20
          RUN --mount=type=cache,target=/root/.cache,required pip install flask
        `, note: '`required` is for secret and ssh mounts.' },
      { code: df`
          FROM alpine:3.20
          RUN --mount=required,type=secret,id=token cat /run/secrets/token
        `, note: 'BuildKit reads mount options in order: `type=` must come first.' },
      { code: df`
          FROM alpine:3.20
          ADD --checksum=24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
        `, note: 'A download checksum starts with `sha256:`.' },
      { code: df`
          FROM alpine:3.20
          ARG MODE=8755
          COPY --chmod=$MODE entrypoint.sh /usr/local/bin/
        ` },
      { code: df`
          FROM alpine:3.20
          COPY --exclude=[abc . /app/
        ` },
    ],
    good: [
      df`
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked,mode=0775,uid=1000 \
            --mount=type=secret,id=netrc,target=/root/.netrc,required \
            --mount=type=tmpfs,target=/tmp,size=64m \
            --network=default go build -o /out/app .
        FROM alpine:3.20
        ARG OWNER
        COPY --from=build --chown=$OWNER --chmod=u=rwx,go=rx --link=true /out/app /usr/local/bin/app
        COPY --exclude=*.md --exclude=docs/** . /srv/
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
        ADD --checksum=be1f38e https://github.com/moby/buildkit.git#v0.26.2 /src/
        HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0 --retries=0 CMD wget -qO- http://localhost/ || exit 1
      `,
    ],
    whenNotToUse: 'Never: every finding is a value the builder refuses.',
    differences: {
      buildkit:
        'BuildKit stops at the first bad value; berth reports each one. BuildKit reads mount options, `--chmod`, ' +
        '`--chown` and `--checksum` only for the stages a build reaches; berth checks every stage, since another ' +
        '`--target` reaches the others. Values that hold a variable berth cannot resolve (a build argument without ' +
        'default, a variable of the base image) are not judged.',
      notes: 'BuildKit accepts `--retries=0` (dockerfile-utils asks for at least 1), and so does berth.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#run---mount',
      'https://docs.docker.com/reference/dockerfile/#healthcheck',
      'https://docs.docker.com/reference/dockerfile/#copy---chmod',
      'https://pkg.go.dev/time#ParseDuration',
    ],
  },
  create(ctx) {
    return {
      Instruction(instr, info) {
        for (const { flag, facts } of checkedFlags(instr)) {
          if (!facts || flag.value === undefined) continue;
          if (facts.format === 'mount') mount(ctx, instr, flag);
          else check(ctx, instr, info, flag, facts);
        }
      },
    };
  },
});

function check(ctx: RuleContext, instr: Instruction, info: VisitInfo, flag: Flag, facts: FlagFacts): void {
  const v = valueText(ctx.file, flag);
  if (!v) return;
  const raw = v.text;
  const bad = (reason: string | undefined, value = raw, at: TextRange = valueOrFlag(flag, v)): void => {
    if (!reason) return;
    if (value === '' && raw === '') ctx.report({ at, message: 'noValue', data: { flag: flag.name, reason } });
    else if (value === raw) ctx.report({ at, message: 'value', data: { flag: flag.name, value, reason } });
    else ctx.report({ at, message: 'expanded', data: { flag: flag.name, raw, value, reason } });
  };
  // The value the builder uses, for flags it expands; undefined when it depends on something unknown.
  const expanded = (): string | undefined => (facts.expands === 'stage' ? expandedValue(ctx, raw, instr) : raw);
  switch (facts.format) {
    case 'bool':
      bad(boolProblem(raw));
      return;
    case 'network':
    case 'security': {
      const values = facts.values ?? [];
      if (!values.includes(raw)) bad(`use ${values.map((x) => `\`${x}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
      return;
    }
    case 'duration':
      bad(durationProblem(raw));
      return;
    case 'integer':
      bad(retriesProblem(raw));
      return;
    case 'pattern':
      bad(patternProblem(raw));
      return;
    case 'device': {
      const p = deviceProblem(raw);
      if (!p) return;
      const at = p.end > p.start ? v.range(p.start, p.end) : valueOrFlag(flag, v);
      ctx.report({ at, message: 'value', data: { flag: flag.name, value: p.text, reason: p.reason } });
      return;
    }
    case 'platform': {
      if (raw === '') return;
      const value = info.stage?.platform?.value;
      if (value === undefined) return;
      if (value === '') ctx.report({ at: v.whole, message: 'empty', data: { flag: flag.name, raw } });
      else bad(platformProblem(value), value);
      return;
    }
    case 'stage-or-image': {
      // Variables are copy-from-variable's; an empty value copies from the build context; stage indexes are
      // checked by the stage rules. A trigger names stages of a build berth cannot see.
      if (raw === '' || raw.includes('$') || !Number.isNaN(stageNumber(raw)) || instr.onbuild) return;
      if (ctx.model.stageNamed(raw)) return;
      bad(imageRefProblem(raw));
      return;
    }
    case 'chown':
    case 'chmod': {
      const value = expanded();
      if (value === undefined || value === '') return;
      bad(facts.format === 'chown' ? chownProblem(value) : chmodProblem(value), value);
      return;
    }
    case 'checksum': {
      const value = expanded();
      if (value === undefined || value === '') return;
      if (checksumSources(ctx, instr, v.whole)) return;
      const shape = checksumShape(value);
      if (shape !== 'digest' && shape !== 'hex') {
        bad(shape, value);
        return;
      }
      const kind = singleSourceKind(ctx, instr);
      if (kind === 'http' && shape === 'hex') bad('a download is checked with `sha256:` followed by its 64 hex digits', value);
      if (kind === 'git' && shape === 'digest') bad('a Git source is checked with its commit hash (or a prefix of it)', value);
      return;
    }
    default:
      return;
  }
}

/** The sources of an ADD as the builder sees them (heredocs aside); undefined when one is unknown. */
function sourcePaths(ctx: RuleContext, instr: Instruction): string[] | undefined {
  if (!(instr instanceof CopyInstruction)) return undefined;
  const out: string[] = [];
  for (const s of instr.sources) {
    if (isHeredocArg(instr, s)) continue;
    const value = expandedValue(ctx, s.value, instr);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

function singleSourceKind(ctx: RuleContext, instr: Instruction): ReturnType<typeof sourceKind> | undefined {
  const paths = sourcePaths(ctx, instr);
  return paths && paths.length === 1 ? sourceKind(paths[0] as string) : undefined;
}

/** `--checksum` with several sources, or a local one: reported, and true. */
function checksumSources(ctx: RuleContext, instr: Instruction, at: TextRange): boolean {
  const paths = sourcePaths(ctx, instr);
  if (!paths) return false;
  let what: string | undefined;
  if (paths.length !== 1) what = paths.length === 0 ? 'none' : `${paths.length} sources`;
  else if (sourceKind(paths[0] as string) === 'local') what = `the local path \`${paths[0]}\``;
  if (!what) return false;
  ctx.report({ at, message: 'checksumSource', data: { what } });
  return true;
}

function mount(ctx: RuleContext, instr: Instruction, flag: Flag): void {
  for (const p of mountProblems(ctx, instr, flag)) {
    switch (p.kind) {
      case 'mount':
        ctx.report({ at: p.at, message: 'mount', data: { reason: p.reason } });
        break;
      case 'unknownKey':
        ctx.report({ at: p.at, message: 'mountUnknown', data: { key: p.key, hint: p.hint } });
        break;
      case 'key':
        ctx.report({ at: p.at, message: 'mountKey', data: { key: p.key, reason: p.reason } });
        break;
      case 'value':
        if (p.value === p.raw) ctx.report({ at: p.at, message: 'mountValue', data: { key: p.key, value: p.value, reason: p.reason } });
        else ctx.report({ at: p.at, message: 'mountExpanded', data: { key: p.key, raw: p.raw, value: p.value, reason: p.reason } });
        break;
    }
  }
}
