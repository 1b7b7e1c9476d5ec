import { OPT, scriptTree, type Instruction, type ScriptPiece, type ShellCommand, type SNode } from '../grammar/index.js';
import { defineRule, df, type Edit, type RuleContext } from './define.js';
import { commandsFrom } from './utils/run-commands.js';

/** Commands that do not fail in practice, or that end the script or loop on purpose. */
const NEVER_FAIL: ReadonlySet<string> = new Set([
  'echo', 'printf', 'true', ':', 'set', 'export', 'unset', 'readonly', 'local', 'declare', 'typeset', 'shopt', 'alias',
  'umask', 'exit', 'return', 'break', 'continue',
]);
/** Nodes between statements that are not statements. */
const NOT_STATEMENTS: ReadonlySet<string> = new Set(['comment', 'heredoc_body', 'heredoc_start', 'heredoc_end']);
const LOOPS: ReadonlySet<string> = new Set(['for_statement', 'c_style_for_statement', 'while_statement', 'until_statement']);

export default defineRule({
  id: 'heredoc-without-errexit',
  aliases: [],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    masked: 'The heredoc script goes on when `{name}` fails, and the build passes: start the script with `set -e`',
  },
  docs: {
    summary: 'A `RUN <<EOF` script of several commands without `set -e`.',
    why:
      'A heredoc RUN hands its body to the shell as a script, one command per line. A shell script does not stop ' +
      'when a command fails: it runs the next line, and only the exit status of the last command decides whether ' +
      'the build step fails. So an `apt-get install` or a download that fails in the middle of the script leaves a ' +
      'broken image behind a green build. `set -e` at the top of the script (or a `#!/bin/sh -e` shebang, or a ' +
      'SHELL with `-e`) makes the first failing command fail the step.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN <<EOF
          apt-get update
          apt-get install -y --no-install-recommends curl
          rm -rf /var/lib/apt/lists/*
          EOF
        `,
        fixed: df`
          FROM debian:bookworm
          RUN <<EOF
          set -e
          apt-get update
          apt-get install -y --no-install-recommends curl
          rm -rf /var/lib/apt/lists/*
          EOF
        `,
      },
      {
        code: df`
          FROM debian:bookworm
          RUN <<EOF
          #!/bin/bash
          for pkg in curl git; do
            apt-get install -y "$pkg"
          done
          EOF
        `,
        fixed: df`
          FROM debian:bookworm
          RUN <<EOF
          #!/bin/bash
          set -e
          for pkg in curl git; do
            apt-get install -y "$pkg"
          done
          EOF
        `,
        note: 'Each pass of the loop hides the failure of the one before. `set -e` goes after the shebang.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN <<EOF
        set -eux
        apt-get update
        apt-get install -y --no-install-recommends curl
        EOF
      `,
      df`
        FROM debian:bookworm
        RUN <<EOF
        #!/bin/sh -e
        apt-get update
        apt-get install -y --no-install-recommends curl
        EOF
      `,
      df`
        FROM debian:bookworm
        SHELL ["/bin/bash", "-e", "-c"]
        RUN <<EOF
        apt-get update
        apt-get install -y --no-install-recommends curl
        EOF
      `,
      df`
        FROM debian:bookworm
        RUN <<EOF
        apt-get update && \
          apt-get install -y --no-install-recommends curl
        EOF
      `,
      df`
        FROM debian:bookworm
        RUN <<EOF
        echo "installing curl"
        rm -f /etc/apt/apt.conf.d/docker-clean || true
        apt-get update || { echo "update failed"; exit 1; }
        apt-get install -y curl
        EOF
      `,
      df`
        FROM python:3.12
        RUN <<EOF
        #!/usr/bin/env python3
        import os
        print(os.getcwd())
        EOF
      `,
    ],
    fixSafety:
      'Unsafe: with `set -e` a command whose failure the script used to ignore now stops the build. That is the ' +
      'point, but check for commands that are expected to fail (add `|| true` to those). No fix is offered when the ' +
      'script turns `set -e` on and off itself.',
    whenNotToUse: 'Scripts that check `$?` themselves after each command that matters.',
    differences: {
      notes:
        'hadolint has no such rule. berth reports a failure that is actually hidden: a statement followed by ' +
        'another one (also inside `if`, `case`, `{ }` and `( )`), or a statement in a loop body. A single command, ' +
        'one `&&` chain, statements ending in `|| true` or `|| exit 1`, a statement whose status the next one reads ' +
        '(`$?`), commands run in the background, negated commands and commands that do not fail in practice ' +
        '(`echo`, `export`; `cd` is not one of them) are not reported.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#here-documents',
      'https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#set',
    ],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        if (!script.analysed || script.hasErrors) return;
        for (const piece of script.pieces) {
          const body = bodyOf(run, piece);
          if (!body) continue;
          const commands = commandsFrom(script.commands, body.start, body.end).filter((c) => c.end <= body.end && !c.via);
          if (!commands.some((c) => !(c.options & OPT.errexit))) continue;
          const root = scriptTree(piece.text, piece.options);
          if (!root) continue;
          const finder = new MaskedFinder(piece, commands);
          const culprit = finder.inBlock(statementsOf(root.children), false);
          if (!culprit) continue;
          // A script that turns errexit on and off itself is left to its author.
          const fixable = commands.every((c) => !(c.options & OPT.errexit) && !(c.name === 'set' && c.args.some((a) => a.value.startsWith('+'))));
          ctx.report({
            at: culprit.nameRange,
            message: 'masked',
            data: { name: culprit.name },
            ...(fixable ? { fix: { title: 'Start the script with `set -e`', applicability: 'unsafe' as const, edits: [insertSetE(ctx, body)] } } : {}),
          });
        }
      },
    };
  },
});

interface Body {
  start: number;
  end: number;
}

/** The range of a heredoc body that a shell runs as a script (`RUN <<EOF`, `RUN bash <<EOF`, `RUN <<EOF sh -x`). */
function bodyOf(run: Instruction, piece: ScriptPiece): Body | undefined {
  if (piece.origin !== 'heredoc') return undefined;
  const start = piece.map.toDoc(0);
  if (!run.heredocs.some((h) => h.bodyToken?.start === start)) return undefined;
  return { start, end: start + piece.text.length };
}

interface Statement {
  node: SNode;
  /** Followed by `&`: run in the background, its status is never looked at. */
  background: boolean;
}

/** The statements among some nodes (a program, a `{ }` group, a loop body…), skipping conditions and `&`. */
function statementsOf(nodes: readonly SNode[]): Statement[] {
  const out: Statement[] = [];
  for (const n of nodes) {
    if (!n.named) {
      if (n.type === '&' && out.length > 0) (out[out.length - 1] as Statement).background = true;
      continue;
    }
    if (NOT_STATEMENTS.has(n.type) || n.field === 'condition') continue;
    out.push({ node: n, background: false });
  }
  return out;
}

/** The nodes after the first unnamed child of this type (`then`, `else`, `)`), up to the next clause. */
function after(n: SNode, token: string): SNode[] {
  const i = n.children.findIndex((c) => !c.named && c.type === token);
  if (i < 0) return [];
  const rest = n.children.slice(i + 1);
  const end = rest.findIndex((c) => c.type === 'elif_clause' || c.type === 'else_clause');
  return end < 0 ? rest : rest.slice(0, end);
}

/** The branches of an `if` (then, elif, else) and the items of a `case`, each as its statements. */
function branches(n: SNode): Statement[][] {
  if (n.type === 'if_statement') {
    const out = [statementsOf(after(n, 'then'))];
    for (const c of n.children) {
      if (c.type === 'elif_clause') out.push(statementsOf(after(c, 'then')));
      else if (c.type === 'else_clause') out.push(statementsOf(after(c, 'else')));
    }
    return out;
  }
  if (n.type === 'case_statement') return n.children.filter((c) => c.type === 'case_item').map((c) => statementsOf(after(c, ')')));
  return [];
}

function loopBody(n: SNode): Statement[] {
  const body = n.children.find((c) => c.type === 'do_group' || c.type === 'compound_statement');
  return body ? statementsOf(body.children) : [];
}

/** Finds the first statement whose failure the script throws away, in source order. */
class MaskedFinder {
  private readonly byStart = new Map<number, ShellCommand>();
  constructor(
    private readonly piece: ScriptPiece,
    commands: readonly ShellCommand[],
  ) {
    for (const c of commands) if (!this.byStart.has(c.start)) this.byStart.set(c.start, c);
  }

  /** In a list of statements: every one but the last is followed by another, and in a loop the last one too. */
  inBlock(stmts: readonly Statement[], loop: boolean): ShellCommand | undefined {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i] as Statement;
      const inner = this.inside(s.node);
      if (inner) return inner;
      if (s.background || (!loop && i === stmts.length - 1)) continue;
      // The next statement looks at the status itself (`exitcode=$?`).
      const next = stmts[i + 1];
      if (next && this.piece.text.slice(next.node.start, next.node.end).includes('$?')) continue;
      const culprit = this.failing(s.node);
      if (culprit && !(culprit.options & OPT.errexit)) return culprit;
    }
    return undefined;
  }

  /** Statements hidden inside a compound statement. */
  private inside(n: SNode): ShellCommand | undefined {
    switch (n.type) {
      case 'compound_statement':
      case 'subshell':
        return this.inBlock(statementsOf(n.children), false);
      case 'if_statement':
      case 'case_statement':
        for (const b of branches(n)) {
          const found = this.inBlock(b, false);
          if (found) return found;
        }
        return undefined;
      case 'list':
      case 'redirected_statement':
        for (const c of n.children) {
          if (!c.named) continue;
          const found = c.type === 'heredoc_redirect' ? this.inside(c) : c.field === 'redirect' ? undefined : this.inside(c);
          if (found) return found;
        }
        return undefined;
      case 'heredoc_redirect': {
        const right = n.children.find((c) => c.field === 'right');
        return right ? this.inside(right) : undefined;
      }
      default:
        return LOOPS.has(n.type) ? this.inBlock(loopBody(n), true) : undefined;
    }
  }

  /** The command whose failure makes this statement fail, if it can fail. */
  private failing(n: SNode): ShellCommand | undefined {
    switch (n.type) {
      case 'command': {
        const cmd = this.byStart.get(this.piece.map.toDoc(n.start));
        return cmd && !NEVER_FAIL.has(cmd.name) ? cmd : undefined;
      }
      case 'list':
        return this.joined(n, n.children.filter((c) => c.named));
      case 'redirected_statement': {
        const body = n.children.find((c) => c.field === 'body');
        const heredoc = n.children.find((c) => c.type === 'heredoc_redirect' && c.children.some((x) => x.field === 'right'));
        if (!body) return undefined;
        if (!heredoc) return this.failing(body);
        const right = heredoc.children.find((x) => x.field === 'right') as SNode;
        return this.joined(heredoc, [body, right]);
      }
      case 'pipeline': {
        const parts = n.children.filter((c) => c.named);
        return parts.length > 0 ? this.failing(parts[parts.length - 1] as SNode) : undefined;
      }
      case 'compound_statement':
      case 'subshell':
        return this.last(statementsOf(n.children));
      case 'if_statement':
      case 'case_statement':
        for (const b of branches(n)) {
          const found = this.last(b);
          if (found) return found;
        }
        return undefined;
      default:
        return LOOPS.has(n.type) ? this.last(loopBody(n)) : undefined;
    }
  }

  /** `a && b` fails when either fails; `a || b` only when `b` does. */
  private joined(n: SNode, parts: readonly SNode[]): ShellCommand | undefined {
    const op = n.children.find((c) => !c.named && (c.type === '&&' || c.type === '||'))?.type;
    const [left, right] = parts;
    if (!left || !right) return left ? this.failing(left) : undefined;
    return op === '||' ? this.failing(right) : (this.failing(left) ?? this.failing(right));
  }

  private last(stmts: readonly Statement[]): ShellCommand | undefined {
    const s = stmts[stmts.length - 1];
    return s && !s.background ? this.failing(s.node) : undefined;
  }
}

/** `set -e` as the first line of the body, after a shebang. */
function insertSetE(ctx: RuleContext, body: Body): Edit {
  const text = ctx.text.slice(body.start, body.end);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let at = body.start;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    at = nl < 0 ? body.end : body.start + nl + 1;
  }
  return ctx.insertBefore({ start: at, end: at }, `set -e${eol}`);
}
