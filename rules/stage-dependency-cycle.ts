import type { Stage, StageLink } from '../grammar/index.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'stage-dependency-cycle',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.4.0',
  fixable: 'never',
  messages: {
    cycle: 'Stages depend on each other in a circle ({path}): each needs the others built first, so Docker stops the build ("circular dependency detected")',
  },
  docs: {
    summary: 'Stages that copy from (or mount, or build on) each other in a circle.',
    why:
      'A stage may use another stage that comes later in the file: BuildKit builds the one it needs first. That ' +
      'only works when the needs lead somewhere. When `a` copies from `c`, `c` from `b` and `b` from `a`, no stage ' +
      'can be built first, and the build stops with "circular dependency detected on stage". Usually one of the ' +
      'links names the wrong stage after a rename or a copy and paste; follow the chain in the message and point ' +
      'that one at the stage that really holds the files.',
    bad: [
      {
        code: df`
          FROM golang:1.23 AS build
          COPY --from=assets /srv/static ./static
          RUN go build -o /out/app .
          FROM node:22 AS assets
          COPY --from=build /out/app /usr/local/bin/app
          RUN npm run build
        `,
      },
    ],
    good: [
      df`
        FROM node:22 AS assets
        RUN npm run build
        FROM golang:1.23 AS build
        COPY --from=assets /srv/static ./static
        RUN go build -o /out/app .
      `,
    ],
    differences: {
      notes:
        'BuildKit follows `COPY --from` and `RUN --mount=from=` from stage to stage; berth also follows `FROM <stage>`, ' +
        'which makes a circle just as impossible to build. A stage that names itself is copy-from-own-stage. The ' +
        'finding is on the first link of the circle in the file, once per circle.',
    },
    references: ['https://docs.docker.com/build/building/multi-stage/'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const stages = ctx.model.stages;
        // Edges: a stage needs the stages it copies or mounts from and the stage it is built on.
        const needs = new Map<Stage, Array<{ to: Stage; link?: StageLink }>>();
        const add = (from: Stage, to: Stage, link?: StageLink): void => {
          if (from === to) return;
          const list = needs.get(from) ?? [];
          list.push(link ? { to, link } : { to });
          needs.set(from, list);
        };
        for (const link of ctx.model.links) if (link.stage && link.target) add(link.stage, link.target, link);
        for (const s of stages) if (s.base.stage) add(s, s.base.stage);
        if (needs.size === 0) return;
        for (const component of circles(stages, (s) => (needs.get(s) ?? []).map((e) => e.to))) {
          const inside = new Set(component);
          // The first link (in file order) from a stage of the circle to another one.
          const links = component.flatMap((s) => (needs.get(s) ?? []).filter((e) => e.link && inside.has(e.to)));
          links.sort((a, b) => (a.link?.range.start ?? 0) - (b.link?.range.start ?? 0));
          const first = links[0]?.link;
          if (!first?.stage || !first.target) continue;
          const path = pathBack(first.target, first.stage, (s) => (needs.get(s) ?? []).map((e) => e.to).filter((t) => inside.has(t)));
          const names = [first.stage, ...path].map(stageLabel);
          ctx.report({ at: first.range, message: 'cycle', data: { path: names.join(' → ') } });
        }
      },
    };
  },
});

function stageLabel(s: Stage): string {
  return s.name ? `\`${s.name}\`` : `stage ${s.index}`;
}

/** The strongly connected parts of the graph with more than one stage (Tarjan's algorithm, iterative). */
function circles(stages: readonly Stage[], next: (s: Stage) => Stage[]): Stage[][] {
  const index = new Map<Stage, number>();
  const low = new Map<Stage, number>();
  const onStack = new Set<Stage>();
  const stack: Stage[] = [];
  const out: Stage[][] = [];
  let counter = 0;
  for (const root of stages) {
    if (index.has(root)) continue;
    const work: Array<{ s: Stage; edges: Stage[]; k: number }> = [];
    const visit = (s: Stage): void => {
      index.set(s, counter);
      low.set(s, counter);
      counter++;
      stack.push(s);
      onStack.add(s);
      work.push({ s, edges: next(s), k: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const top = work[work.length - 1] as { s: Stage; edges: Stage[]; k: number };
      if (top.k < top.edges.length) {
        const t = top.edges[top.k++] as Stage;
        if (!index.has(t)) visit(t);
        else if (onStack.has(t)) low.set(top.s, Math.min(low.get(top.s) as number, index.get(t) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.s, Math.min(low.get(parent.s) as number, low.get(top.s) as number));
      if (low.get(top.s) === index.get(top.s)) {
        const part: Stage[] = [];
        let x: Stage | undefined;
        do {
          x = stack.pop() as Stage;
          onStack.delete(x);
          part.push(x);
        } while (x !== top.s);
        if (part.length > 1) out.push(part.sort((a, b) => a.index - b.index));
      }
    }
  }
  return out.sort((a, b) => (a[0] as Stage).index - (b[0] as Stage).index);
}

/** The shortest chain of needs from `from` back to `to` (both included); within one circle there always is one. */
function pathBack(from: Stage, to: Stage, next: (s: Stage) => Stage[]): Stage[] {
  const prev = new Map<Stage, Stage | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length && !prev.has(to); i++) {
    const s = queue[i] as Stage;
    for (const t of next(s)) {
      if (prev.has(t)) continue;
      prev.set(t, s);
      queue.push(t);
    }
  }
  const path: Stage[] = [];
  for (let s: Stage | null | undefined = to; s; s = prev.get(s)) path.unshift(s);
  return path[0] === from ? path : [from, to];
}
