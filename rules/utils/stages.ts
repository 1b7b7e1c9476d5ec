/**
 * Questions about a stage and the stages it is built on (`FROM build` makes `build` its parent), answered once
 * per stage: a file of thousands of stages each built on the one before has chains thousands long, and walking
 * the chain for every instruction (or every stage) costs the square of the file. A stage's parent is always an
 * earlier stage, so each answer is the stage's own plus its parent's, already known.
 */
import type { Instruction, SemanticModel, Stage } from '../../grammar/index.js';

/** Answers by predicate, then by stage (predicates are per lint or per module, stages per parse). */
const answers = new WeakMap<(s: Stage) => boolean, WeakMap<Stage, boolean>>();

/**
 * Whether the stage or one of the stages it is built on satisfies `own` (asked once per stage and predicate; pass
 * the same function each time, not a new closure per call).
 */
export function lineageHas(stage: Stage | undefined, own: (s: Stage) => boolean): boolean {
  if (!stage) return false;
  let memo = answers.get(own);
  if (!memo) answers.set(own, (memo = new WeakMap()));
  // Up to the first stage with a known answer, then the answers back down.
  const path: Stage[] = [];
  let known = false;
  for (let s: Stage | undefined = stage; s; s = s.base.stage) {
    const m = memo.get(s);
    if (m !== undefined) {
      known = m;
      break;
    }
    path.push(s);
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i] as Stage;
    known = known || own(s);
    memo.set(s, known);
  }
  return memo.get(stage) as boolean;
}

const lastOfKind = new WeakMap<Stage, Map<string, Instruction | null>>();

/** The last instruction of a kind in the stage or, if it has none, in the stages it is built on: the one in effect. */
export function lastInLineage<T extends Instruction>(stage: Stage | undefined, kind: string): T | undefined {
  if (!stage) return undefined;
  const path: Stage[] = [];
  let found: Instruction | null = null;
  for (let s: Stage | undefined = stage; s; s = s.base.stage) {
    const m = lastOfKind.get(s)?.get(kind);
    if (m !== undefined) {
      found = m;
      break;
    }
    path.push(s);
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i] as Stage;
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const instr = s.instructions[k] as Instruction;
      if (instr.kind === kind) {
        found = instr;
        break;
      }
    }
    let byKind = lastOfKind.get(s);
    if (!byKind) lastOfKind.set(s, (byKind = new Map()));
    byKind.set(kind, found);
  }
  return (found ?? undefined) as T | undefined;
}

const descendants = new WeakMap<SemanticModel, WeakMap<(s: Stage) => boolean, boolean[]>>();

/** Whether a stage built on this one, however far down (not the stage itself), satisfies `own`. */
export function descendantHas(model: SemanticModel, stage: Stage, own: (s: Stage) => boolean): boolean {
  let byPredicate = descendants.get(model);
  if (!byPredicate) descendants.set(model, (byPredicate = new WeakMap()));
  let below = byPredicate.get(own);
  if (!below) {
    // Children come after their parent: from the last stage up, each passes its answer to its parent.
    const stages = model.stages;
    below = stages.map(() => false);
    for (let i = stages.length - 1; i >= 0; i--) {
      const s = stages[i] as Stage;
      const parent = s.base.stage;
      if (parent && parent !== s && (below[i] || own(s))) below[parent.index] = true;
    }
    byPredicate.set(own, below);
  }
  return below[stage.index] === true;
}

const finalLineage = new WeakMap<SemanticModel, Set<Stage>>();

/** Does the stage end up in the image the file builds (the last stage, or a stage it is built `FROM`)? */
export function reachesFinalImage(model: SemanticModel, stage: Stage | undefined): boolean {
  if (!stage) return true;
  let set = finalLineage.get(model);
  if (!set) {
    set = new Set();
    for (let s = model.stages[model.stages.length - 1]; s && !set.has(s); s = s.base.stage) set.add(s);
    finalLineage.set(model, set);
  }
  return set.has(stage);
}

const parents = new WeakMap<SemanticModel, Set<Stage>>();

/** The stage is the last one, or a later stage is built `FROM` it: what its RUN leaves behind is in an image. */
export function stageIsShipped(model: SemanticModel, stage: Stage): boolean {
  if (stage === model.stages[model.stages.length - 1]) return true;
  let set = parents.get(model);
  if (!set) {
    set = new Set();
    for (const s of model.stages) if (s.base.stage && s.base.stage.index < s.index) set.add(s.base.stage);
    parents.set(model, set);
  }
  return set.has(stage);
}

const firstOfKind = new WeakMap<Stage, Map<string, number>>();

/** Whether the stage has an instruction of a kind starting before `before` (the first one is found once). */
export function ownBefore(stage: Stage, kind: string, before: number): boolean {
  let byKind = firstOfKind.get(stage);
  if (!byKind) firstOfKind.set(stage, (byKind = new Map()));
  let first = byKind.get(kind);
  if (first === undefined) {
    first = stage.instructions.find((i) => i.kind === kind)?.range.start ?? Infinity;
    byKind.set(kind, first);
  }
  return first < before;
}

const roots = new WeakMap<Stage, Stage>();

/** The first stage of the chain the stage is built on: itself when its FROM names an image, not a stage. */
export function lineageRoot(stage: Stage): Stage {
  const path: Stage[] = [];
  let root: Stage | undefined;
  for (let s: Stage | undefined = stage; s; s = s.base.stage) {
    const known = roots.get(s);
    if (known) {
      root = known;
      break;
    }
    path.push(s);
    root = s;
  }
  for (const s of path) roots.set(s, root as Stage);
  return root as Stage;
}
