/** Inline suppressions: berth's comments, hadolint's pragmas and BuildKit's `# check=` directive. */
import { describe, expect, it } from 'vitest';
import { crlf, df } from '../helpers/fixture.js';
import { allRulesConfig, lintText } from '../helpers/rule-tester.js';

/**
 * Every rule but those the snippets here would trigger on every line: unused-stage (two-stage snippets),
 * image-without-tag (`FROM alpine`), missing-healthcheck and inline-ignore-pragma (off by default anyway).
 */
function configFor(): ReturnType<typeof allRulesConfig> {
  const c = allRulesConfig();
  for (const id of ['unused-stage', 'image-without-tag', 'missing-healthcheck', 'inline-ignore-pragma']) c.rules.set(id, { severity: 'off' });
  return c;
}

const config = configFor;

function found(text: string, config_ = config()): string[] {
  const config = config_;
  return lintText(text, config).map((d) => `${text.slice(0, d.start).split('\n').length}:${d.rule}`);
}

const TWO_CMDS = df`
  FROM alpine
  CMD a
  CMD ["b"]
`;

describe.each([
  ['LF', (s: string) => s],
  ['CRLF', crlf],
])('berth-ignore (%s)', (_n, eol) => {
  it('suppresses the named rules on the next instruction, by id or alias, with a reason', () => {
    const text = eol(df`
      FROM alpine
      # berth-ignore multiple-cmd, DL3025: the first CMD is documentation
      CMD a
      CMD ["b"]
    `);
    expect(found(text)).toEqual([]);
  });

  it('only the next instruction; comments and blank lines between are fine; stacked comments combine', () => {
    const text = eol(df`
      FROM alpine
      # berth-ignore multiple-cmd

      # berth-ignore shell-form-command
      CMD a
      CMD b
      CMD ["c"]
    `);
    expect(found(text)).toEqual(['6:multiple-cmd', '6:shell-form-command']);
  });

  it('a comment inside a continued instruction suppresses that instruction', () => {
    const text = eol('FROM alpine\nCMD echo \\\n  # berth-ignore shell-form-command\n  hi\nCMD ["x"]\n');
    expect(found(text)).toEqual(['2:multiple-cmd']);
  });

  it('-stage covers the stage of the next instruction; -file the whole file; all names every rule', () => {
    const text = eol(df`
      # berth-ignore-stage multiple-cmd
      FROM alpine
      CMD a
      CMD ["b"]
      FROM alpine
      CMD a
      CMD ["b"]
    `);
    expect(found(text)).toEqual(['3:shell-form-command', '6:multiple-cmd', '6:shell-form-command']);
    expect(found(eol(`# berth-ignore-file multiple-cmd\n${TWO_CMDS}`))).toEqual(['3:shell-form-command']);
    expect(found(eol(`FROM alpine\n# berth-ignore all\nCMD a\nCMD ["b"]\n`))).toEqual([]);
  });
});

describe('suppression problems', () => {
  it('unknown names and empty suppressions are reported', () => {
    const text = df`
      FROM alpine
      # berth-ignore multiple-cmmd, shell-form-command
      CMD a
      # berth-ignore
      CMD ["b"]
    `;
    const ds = lintText(text, config());
    expect(ds.map((d) => [d.rule, text.slice(d.start, d.end)])).toEqual([
      ['invalid-suppression', 'multiple-cmmd'],
      ['multiple-cmd', 'CMD'],
      ['invalid-suppression', '# berth-ignore'],
    ]);
  });

  it('unused suppressions are reported on request, per name', () => {
    const withUnused = configFor();
    withUnused.reportUnusedSuppressions = true;
    const text = 'FROM alpine\n# berth-ignore shell-form-command, multiple-cmd\nCMD ["a"]\n';
    const ds = lintText(text, withUnused);
    expect(ds.map((d) => [d.rule, d.severity, text.slice(d.start, d.end)])).toEqual([
      ['unused-suppression', 'info', 'shell-form-command'],
      ['unused-suppression', 'info', 'multiple-cmd'],
    ]);
    expect(lintText(text, config())).toEqual([]);
  });

  it('what Docker rejects cannot be suppressed; parser warnings can', () => {
    const text = 'FROM alpine\n# berth-ignore all\nFORM x\n# berth-ignore empty-continuation-line\nRUN a \\\n\n  b\n';
    expect(found(text)).toEqual(['3:unknown-instruction']);
  });
});

describe('hadolint pragmas', () => {
  it('ignore= on the next instruction, global, stage; a trailing comment is allowed', () => {
    expect(found(`FROM alpine\n# hadolint ignore=DL4003,DL3025 # legacy\nCMD a\nCMD ["b"]\n`)).toEqual([]);
    expect(found(`# hadolint global ignore=DL3025\n${TWO_CMDS}`)).toEqual(['3:multiple-cmd']);
    const staged = '# hadolint stage ignore=DL4003\nFROM alpine\nCMD ["a"]\nCMD ["b"]\nFROM alpine\nCMD ["a"]\nCMD ["b"]\n';
    expect(found(staged)).toEqual(['6:multiple-cmd']);
  });

  it('codes berth does not know are tolerated (SC2086 without ShellCheck, DL3099); nonsense is reported', () => {
    expect(found('FROM alpine\n# hadolint ignore=SC2086,DL3099\nRUN echo $x\n')).toEqual([]);
    expect(found('FROM alpine\n# hadolint ignore=crazy\nRUN echo\n')).toEqual(['2:invalid-suppression']);
  });

  it('a name that is not a code: hadolint ignores the whole pragma; berth suppresses the names it knows and says so', () => {
    const text = 'FROM alpine\nUSER app\n# hadolint ignore=crazy,DL3002\nUSER root\n';
    const ds = lintText(text, config());
    expect(found(text)).toEqual(['3:invalid-suppression']);
    expect(ds[0]?.message).toBe(
      'Unknown rule `crazy` in this suppression; `berth rules` lists the rules and their aliases. hadolint ignores the whole comment because of it; berth still suppresses the other names.',
    );
    expect(text.slice(ds[0]?.start, ds[0]?.end)).toBe('crazy');
    // Without the pragma the finding is there: it is the pragma that suppresses it.
    expect(found(text.replace('# hadolint ignore=crazy,DL3002\n', ''))).toEqual(['3:last-user-root']);
    // A pragma of nothing but an unknown name suppresses nothing either way: no word about the others.
    expect(lintText('FROM alpine\n# hadolint ignore=crazy\nRUN echo\n', config())[0]?.message).not.toContain('hadolint ignores');
  });

  it('berth reads more than hadolint: names in any case, rule ids, words after the list, blank lines and stacking', () => {
    const root = (pragma: string): string => `FROM alpine\nUSER app\n${pragma}USER root\n`;
    for (const pragma of ['# hadolint ignore=dl3002\n', '# hadolint ignore=last-user-root\n', '# hadolint ignore=DL3002\n\n', '# hadolint ignore=DL3002\n# a comment\n']) {
      expect(found(root(pragma)), pragma).toEqual([]);
    }
    const stacked = 'FROM alpine\n# hadolint ignore=DL4003\n# hadolint ignore=DL3025\nCMD a\nCMD ["b"]\n';
    expect(found(stacked)).toEqual([]);
    // Words after the list: one finding over them, saying what hadolint does; the names before them still work.
    const trailing = root('# hadolint ignore=DL3002, DL3008 because we must\n');
    expect(found(trailing)).toEqual(['3:invalid-suppression']);
    const [said] = lintText(trailing, config());
    expect(trailing.slice(said?.start, said?.end)).toBe('because we must');
    expect(said?.message).toBe('`because we must` after the list of names is not a name: hadolint ignores the whole comment because of it, berth reads the names before it. Write a note on a comment line of its own.');
    expect(found(root('# hadolint ignore=DL3002 , DL3008 ,\n'))).toEqual([]);
  });

  it('a stage pragma covers the whole stage of the next instruction, its FROM line included', () => {
    const text = 'FROM alpine:3.20 AS Build\n# hadolint stage ignore=StageNameCasing,DL4003\nCMD ["a"]\nCMD ["b"]\nFROM alpine:3.20 AS Two\n';
    expect(found(text)).toEqual(['5:stage-name-casing']);
  });

  it('can be turned off (hadolint’s disable-ignore-pragma)', () => {
    const c = config();
    c.inline = { berth: true, hadolint: false, buildkit: true };
    expect(found(`FROM alpine\n# hadolint ignore=DL4003\nCMD ["a"]\nCMD ["b"]\n`, c)).toEqual(['3:multiple-cmd']);
  });
});

describe("BuildKit's # check= directive", () => {
  const text = 'FROM alpine AS Build\nCMD a\nCMD ["b"]\n';

  it('skip= turns BuildKit checks off for the file, by their names', () => {
    expect(found(`# check=skip=StageNameCasing,JSONArgsRecommended\n${text}`)).toEqual(['3:multiple-cmd']);
    expect(found(`# check=skip=MultipleInstructionsDisallowed\n${text}`)).toEqual(['2:stage-name-casing', '3:shell-form-command']);
  });

  it('skip=all turns off every rule that is a BuildKit check, and only those', () => {
    expect(found(`# check=skip=all\nFROM alpine AS Base\nFROM alpine\nCOPY --from=0 /a /a\n`)).toEqual(['4:copy-from-index']);
    expect(found(`# check=skip=all\n${text}`)).toEqual([]);
  });

  it('error=true makes BuildKit checks errors', () => {
    const ds = lintText(`# check=error=true\n${text}`, config());
    expect(ds.map((d) => `${d.rule}:${d.severity}`)).toEqual(['stage-name-casing:error', 'multiple-cmd:error', 'shell-form-command:error']);
  });

  it('error= is read as Go reads a boolean (1, t, TRUE…); a value it cannot read, or an unknown option, stops the build', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'True', ' true ']) {
      expect(lintText(`# check=error=${v}\n${text}`, config()).map((d) => d.severity), v).toEqual(['error', 'error', 'error']);
    }
    for (const v of ['0', 'f', 'false', 'FALSE']) {
      expect(lintText(`# check=error=${v}\n${text}`, config()).map((d) => d.severity), v).toEqual(lintText(text, config()).map((d) => d.severity));
    }
    for (const [directive, at] of [['error=yes', 'error=yes'], ['skip', 'skip'], ['Skip=all', 'Skip=all'], ['skip=all;nope=1', 'nope=1']] as const) {
      const t = `# check=${directive}\nFROM alpine:3.20\n`;
      const ds = lintText(t, config()).filter((d) => d.rule === 'invalid-check-directive');
      expect(ds.map((d) => [t.slice(d.start, d.end), d.severity]), directive).toEqual([[directive, 'error']]);
      expect(ds[0]?.message, directive).toContain(`\`${at.split('=')[0]}`);
    }
    // BuildKit splits at most three options: a fourth stays in the third's value, which it does not check.
    expect(lintText('# check=skip=all;error=false;experimental=all;x\nFROM alpine:3.20\n', config()).filter((d) => d.rule === 'invalid-check-directive')).toEqual([]);
  });

  it('a # check= comment directly above an instruction applies to that instruction only', () => {
    const t = 'FROM alpine\n# check=skip=JSONArgsRecommended\nCMD a\nFROM alpine\nCMD b\n';
    expect(found(t)).toEqual(['5:shell-form-command']);
  });

  it('skip= also covers parser warnings that are BuildKit checks (NoEmptyContinuation)', () => {
    expect(found('# check=skip=NoEmptyContinuation\nFROM alpine\nRUN a \\\n\n  b\n')).toEqual([]);
  });
});

describe('a suppression naming an error no comment can suppress', () => {
  const cannot = (name: string, id = name): string =>
    `\`${name}\` cannot be suppressed: Docker rejects the file with this error, so the line has to be fixed (\`berth explain ${id}\`).`;
  const report = (text: string, c = config()): string[] =>
    lintText(text, c)
      .filter((d) => d.kind === 'suppression')
      .map((d) => `${text.slice(0, d.start).split('\n').length}:${d.rule}:${text.slice(d.start, d.end)}:${d.message}`);

  it.each([
    ['berth', '# berth-ignore missing-space-after-keyword: tutorial style'],
    ['berth, stage', '# berth-ignore-stage missing-space-after-keyword'],
    ['berth, file', '# berth-ignore-file missing-space-after-keyword'],
    ['hadolint', '# hadolint ignore=missing-space-after-keyword'],
    ['hadolint, global', '# hadolint global ignore=missing-space-after-keyword'],
    ['BuildKit, above the instruction', '# check=skip=missing-space-after-keyword'],
  ])('%s: says why, always (not only when unused suppressions are asked for), and the error stays', (_n, comment) => {
    const text = `FROM alpine\n${comment}\nENTRYPOINT["python"]\n`;
    expect(report(text)).toEqual([`2:invalid-suppression:missing-space-after-keyword:${cannot('missing-space-after-keyword')}`]);
    const withUnused = config();
    withUnused.reportUnusedSuppressions = true;
    expect(report(text, withUnused)).toHaveLength(1);
    expect(found(text)).toContain('3:missing-space-after-keyword');
  });

  it('other errors Docker rejects the file for, and the BuildKit directive at the top of the file', () => {
    const text = '# check=skip=unterminated-heredoc\nFROM alpine\n# berth-ignore json-non-string, shell-form-command\nCMD ["a", 1]\n';
    expect(report(text)).toEqual([
      `1:invalid-suppression:unterminated-heredoc:${cannot('unterminated-heredoc')}`,
      `3:invalid-suppression:json-non-string:${cannot('json-non-string')}`,
    ]);
  });

  it('checks that can be suppressed (warnings) are suppressed as before', () => {
    const text = 'FROM alpine\n# berth-ignore invalid-exec-form\nCMD [“a”]\n';
    expect(report(text)).toEqual([]);
    expect(found(text)).toEqual([]);
  });

  it('`all` over such an error: the unused-suppression finding says why', () => {
    const c = config();
    c.reportUnusedSuppressions = true;
    expect(report('FROM alpine\n# berth-ignore all\nRUN"echo"\n', c)).toEqual([
      '2:unused-suppression:# berth-ignore all:This suppression suppresses nothing: `missing-space-after-keyword` cannot be suppressed, Docker rejects the file with this error, so the line has to be fixed.',
    ]);
  });
});
