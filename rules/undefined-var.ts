import type { Binding, Declaration, Instruction, Stage, VariableReference } from '../grammar/index.js';
import { BUILTIN_ARGS, partitionPoint, PersistentMap } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { buildkitSuggestion, builtOnImage, SuggestionBudget, typoReport } from './utils/buildkit-checks.js';
import { COMMON_IMAGE_ENV } from './utils/version-variables.js';

/** Instructions whose variables BuildKit's check looks at (it skips EXPOSE, FROM has its own check). */
const CHECKED = new Set(['Env', 'Label', 'Copy', 'Add', 'Workdir', 'User', 'Volume', 'StopSignal', 'Run', 'Arg']);

export default defineRule({
  id: 'undefined-var',
  aliases: ['UndefinedVar'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  messages: {
    undefined: '`${name}` is not defined here: it expands to an empty string',
    typo: '`${name}` is not defined here: did you mean `${suggestion}`?',
    later:
      '`${name}` is used before the {kind} on line {line} declares it: here only the base image\'s environment could ' +
      'supply it, else it expands to an empty string',
    laterEmpty: '`${name}` is used before the {kind} on line {line} declares it: here it expands to an empty string',
  },
  docs: {
    summary: 'A variable the builder substitutes (in ENV, LABEL, COPY, WORKDIR…) that nothing defines at that point.',
    why:
      'Docker replaces `$name` in ENV, LABEL, ARG defaults, COPY/ADD paths, WORKDIR, USER, VOLUME, STOPSIGNAL and ' +
      '`RUN --mount` options before the step runs. A name that no ENV or ARG defines there — a typo such as ' +
      '`$PAHT`, an ARG declared in another stage, or a global ARG that the stage never imported with `ARG name` — ' +
      'silently becomes an empty string: `COPY $SRC /app/` then copies the whole build context, and ' +
      '`ENV PATH=$PAHT:/app/bin` throws the old PATH away. BuildKit reports these too.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          ENV PATH=$PAHT:/app/bin
        `,
        fixed: df`
          FROM alpine:3.20
          ENV PATH=$PATH:/app/bin
        `,
      },
      {
        code: df`
          ARG VERSION=1.4.2
          FROM scratch
          COPY app-$VERSION.tar /
        `,
        note: 'An ARG before the first FROM is visible to FROM lines only; the stage must say `ARG VERSION` to use it.',
      },
      {
        code: df`
          FROM alpine:3.20
          COPY $CONFIG /etc/app/
          ARG CONFIG=app.conf
        `,
        note: 'The ARG comes too late: an instruction sees only what is declared above it.',
      },
      {
        code: df`
          FROM alpine:3.20 AS build
          ARG OUT=/out
          RUN mkdir -p "$OUT" && echo hi > "$OUT/hello"
          FROM scratch
          COPY --from=build \${OUT}/hello /
        `,
        note: 'Each stage has its own ARGs: `OUT` of the first stage is not visible in the second.',
      },
    ],
    good: [
      df`
        ARG VERSION=1.4.2
        FROM scratch
        ARG VERSION
        COPY app-$VERSION.tar /
      `,
      df`
        FROM python:3.12-slim
        ARG VERSION=$PYTHON_VERSION
        RUN echo "$UNDECLARED_IN_SHELL"
      `,
      df`
        FROM alpine:3.20
        ARG APP_DIR
        WORKDIR $APP_DIR
        ENV PATH=$PATH:/app/bin
      `,
    ],
    fixSafety:
      'Unsafe: the fix renames the variable to the defined name it looks like, which changes what the build does; ' +
      'only offered when there is such a name.',
    whenNotToUse: 'Files that rely on variables set by the base image which berth cannot see: suppress those lines.',
    differences: {
      buildkit:
        'BuildKit reads the base image: berth cannot see the ENV of a base image, so in a stage built on an image ' +
        '(not on `scratch` or on a stage whose chain ends in `scratch`) it reports a name only when it is a near ' +
        'miss of a name defined at that point (within two edits, as BuildKit suggests names), a global ARG the ' +
        'stage did not import, or a name an ARG or ENV of the same stage declares only further down — and never a ' +
        'name that common base images set (HOME, LANG, JAVA_HOME, GOPATH, NODE_VERSION, PYTHON_VERSION and ' +
        'similar), nor a global ARG used in the FROM line of the stage or of the stages it is built on (such an ARG ' +
        'usually picks the image version, and images often set a variable of the same name).',
      notes:
        'Like BuildKit, shell-form RUN, CMD and ENTRYPOINT (the shell expands those), exec forms, HEALTHCHECK, ' +
        'EXPOSE and ONBUILD triggers are not checked, and ARG names without a value count as defined. PATH is never ' +
        'reported: BuildKit gives every stage one.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/undefined-var/', 'https://docs.docker.com/reference/dockerfile/#environment-replacement'],
  },
  create(ctx) {
    const globals = new Set(ctx.model.globalArgs.map((g) => g.name));
    const budget = new SuggestionBudget(ctx.text.length);
    /**
     * The names BuildKit offers as suggestions at an instruction: what its environment holds there (listed once
     * per instruction; undefined once the file's suggestion budget is spent).
     */
    const listed = new Map<Instruction, string[] | undefined>();
    const candidates = (instr: Instruction, windows: boolean): string[] | undefined => {
      if (!listed.has(instr)) {
        const offset = instr.range.start;
        let out: string[] | undefined;
        if (budget.spend(ctx.model.visibleCount(offset))) {
          out = [];
          for (const [name, b] of ctx.model.visibleAt(offset)) if (hasValue(b)) out.push(name);
        }
        listed.set(instr, out);
      }
      const names = listed.get(instr);
      return names && !windows ? ['PATH', ...names] : names;
    };
    const hasValue = (b: Binding): boolean => {
      const d = b.declaration;
      if (!d || d.kind === 'ENV' || d.raw !== undefined) return true;
      return globals.has(d.name) || (BUILTIN_ARGS as readonly string[]).includes(d.name);
    };
    /**
     * The names the FROM lines of a stage and of the stages it is built on reference: its parent's set plus its
     * own FROM's names (persistent sets share what they do not change).
     */
    const fromNames = new Map<Stage, PersistentMap<true>>();
    let byFrom: Map<Instruction, string[]> | undefined;
    const usedInFrom = (stage: Stage, name: string): boolean => {
      if (!byFrom) {
        byFrom = new Map();
        for (const r of ctx.model.builderReferences) {
          const list = byFrom.get(r.instruction);
          if (list) list.push(r.name);
          else byFrom.set(r.instruction, [r.name]);
        }
      }
      const path: Stage[] = [];
      let set = PersistentMap.empty<true>();
      for (let s: Stage | undefined = stage; s; s = s.base.stage) {
        const known = fromNames.get(s);
        if (known) {
          set = known;
          break;
        }
        path.push(s);
      }
      for (let i = path.length - 1; i >= 0; i--) {
        const s = path[i] as Stage;
        for (const n of byFrom.get(s.from) ?? []) set = set.set(n, true);
        fromNames.set(s, set);
      }
      return (fromNames.get(stage) as PersistentMap<true>).has(name);
    };
    /** Each stage's ARG and ENV declarations by name, in the order of the file. */
    let declarationsByName: Map<Stage, Map<string, Declaration[]>> | undefined;
    /**
     * The first ARG or ENV of the reference's stage, further down, that declares its name (also later in the same
     * instruction): the first declaration of the name that starts after the reference, found by halving.
     */
    const declaredLater = (r: VariableReference): Declaration | undefined => {
      if (!declarationsByName) {
        declarationsByName = new Map();
        for (const d of ctx.model.declarations) {
          if (!d.stage) continue;
          let names = declarationsByName.get(d.stage);
          if (!names) declarationsByName.set(d.stage, (names = new Map()));
          const list = names.get(d.name);
          if (list) list.push(d);
          else names.set(d.name, [d]);
        }
        for (const names of declarationsByName.values()) for (const list of names.values()) list.sort((a, b) => a.nameRange.start - b.nameRange.start);
      }
      const list = r.stage ? declarationsByName.get(r.stage)?.get(r.name) : undefined;
      if (!list) return undefined;
      return list[partitionPoint(list.length, (i) => (list[i] as Declaration).nameRange.start <= r.range.start)];
    };
    const lineOf = (offset: number): number => ctx.parse.lines.lineAt(offset) + 1;
    const report = (r: VariableReference, suggestion: string | undefined): void => {
      if (suggestion) ctx.report({ message: 'typo', ...typoReport(ctx, r, suggestion) });
      else ctx.report({ at: r.nameRange, message: 'undefined', data: { name: r.name } });
    };
    return {
      'File:exit'() {
        for (const r of ctx.model.builderReferences) {
          const stage = r.stage;
          if (r.by !== 'builder' || r.binding || !stage || !CHECKED.has(r.instruction.kind)) continue;
          if (r.instruction.onbuild || (r.instruction.kind === 'Arg' && r.role === 'name')) continue;
          if (r.special) {
            // `$1`, `$@`: no ENV can define these.
            report(r, undefined);
            continue;
          }
          if (r.name === 'PATH') continue;
          // Declared further down in this stage: the author meant a variable of this file, which is not set yet.
          const later = declaredLater(r);
          if (later) {
            const data = { name: r.name, kind: later.kind, line: lineOf(later.nameRange.start) };
            if (builtOnImage(stage)) ctx.report({ at: r.nameRange, message: 'later', data });
            else ctx.report({ at: r.nameRange, message: 'laterEmpty', data });
            continue;
          }
          const windows = ctx.shellAt(r.instruction).windows;
          const offered = candidates(r.instruction, windows) ?? [];
          const suggestion = buildkitSuggestion(r.name, offered, !windows, budget);
          if (windows && offered.some((n) => n.toLowerCase() === r.name.toLowerCase())) continue;
          if (builtOnImage(stage)) {
            if (COMMON_IMAGE_ENV.has(r.name)) continue;
            const global = globals.has(r.name);
            if (!suggestion && !(global && !usedInFrom(stage, r.name))) continue;
          }
          report(r, suggestion);
        }
      },
    };
  },
});
