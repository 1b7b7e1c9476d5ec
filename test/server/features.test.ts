/** The language server's features as pure functions: `$0` marks the cursor. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../rules/engine/config.js';
import { applyEdits } from '../../rules/engine/fix.js';
import { codeActions } from '../../server/features/code-actions.js';
import { completions } from '../../server/features/completion.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { foldingRanges } from '../../server/features/folding.js';
import { format, formatOnType } from '../../server/features/formatting.js';
import { selectionRanges } from '../../server/features/selection.js';
import { signatureHelp } from '../../server/features/signature-help.js';
import { hover } from '../../server/features/hover.js';
import { inlayHints } from '../../server/features/inlay-hints.js';
import { documentLinks } from '../../server/features/links.js';
import { documentSymbols } from '../../server/features/symbols.js';
import { encodeTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/features/semantic-tokens.js';
import { rename, symbolAt } from '../../server/features/symbols-at.js';
import { crlf, cursor, df } from '../helpers/fixture.js';

const docOf = (text: string): AnalyzedDocument => new AnalyzedDocument('file:///x/Dockerfile', 1, text, defaultConfig());
const hoverAt = (fixture: string): string | undefined => {
  const { text, offset } = cursor(fixture);
  return hover(docOf(text), offset)?.markdown;
};

describe('hover', () => {
  it('an instruction keyword: what it does, its forms, an example, the common mistake', () => {
    const md = hoverAt('FROM alpine:3.20\nEXP$0OSE 8080\n');
    expect(md).toContain('**EXPOSE**');
    expect(md).toContain('does not publish');
    expect(md).toContain('EXPOSE 8080/tcp');
  });

  it('the instruction an ONBUILD registers', () => {
    expect(hoverAt('FROM alpine:3.20\nONBUILD CO$0PY . /app\n')).toContain('**COPY**');
  });

  it('a variable: where it is declared and its value there', () => {
    const md = hoverAt(df`
      ARG VERSION=1.2
      FROM alpine:3.20
      ARG VERSION
      RUN echo \${VER$0SION}
    `);
    expect(md).toContain('ARG VERSION');
    expect(md).toContain('line 3');
    expect(md).toContain('`1.2`');
  });

  it('a stage reference shows the stage', () => {
    expect(hoverAt('FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=bu$0ild /out /out\n')).toContain('FROM golang:1.23 AS build');
  });

  it('a finding: its rule, in the rule’s own words', () => {
    const md = hoverAt('FROM golang:1.23 AS Bu$0ild\n');
    expect(md).toContain('**stage-name-casing**');
    expect(md).toContain('(StageNameCasing)');
  });

  it('a keyword glued to its arguments: anywhere on the word, the finding, its fix, then the instruction it meant', () => {
    for (const fixture of ['FROM python:3.12\nENTR$0YPOINT["python"]\n', 'FROM python:3.12\nENTRYPOINT["pyt$0hon"]\n', 'FROM python:3.12\r\nONBUILD RUN"ec$0ho"\r\n']) {
      const { text, offset } = cursor(fixture);
      const info = hover(docOf(text), offset);
      const word = /(ENTRYPOINT|RUN)\S+/.exec(text) as RegExpExecArray;
      expect(info?.range, fixture).toEqual({ start: word.index, end: word.index + word[0].length });
      const md = info?.markdown ?? '';
      expect(md).toContain('**missing-space-after-keyword** — Missing space after');
      expect(md).toContain(`Quick fix: Insert a space after ${word[1]}.`);
      expect(md.indexOf(`**${word[1]}** — `)).toBeGreaterThan(md.indexOf('Quick fix'));
    }
  });

  it('nothing to say: undefined', () => {
    expect(hoverAt('FROM alpine:3.20\n$0\n')).toBeUndefined();
  });
});

describe('code actions', () => {
  it('the fix of a finding is a preferred quick fix when safe; disabling comments go above the instruction', () => {
    const { text, offset } = cursor('# syntax=docker/dockerfile:1\nFROM golang:1.23 AS Bu$0ild\n  RUN echo hi\n');
    const actions = codeActions(docOf(text), offset, offset);
    const fix = actions.find((a) => a.preferred);
    expect(fix && applyEdits(text, fix.edits)).toBe('# syntax=docker/dockerfile:1\nFROM golang:1.23 AS build\n  RUN echo hi\n');
    const line = actions.find((a) => a.title === 'Disable stage-name-casing for this instruction');
    expect(line && applyEdits(text, line.edits)).toBe('# syntax=docker/dockerfile:1\n# berth-ignore stage-name-casing: <reason>\nFROM golang:1.23 AS Build\n  RUN echo hi\n');
    const file = actions.find((a) => a.title === 'Disable stage-name-casing for this file');
    expect(file && applyEdits(text, file.edits).split('\n')[1]).toBe('# berth-ignore-file stage-name-casing: <reason>');
  });

  it('CRLF files get CRLF comments', () => {
    const text = crlf('FROM golang:1.23 AS Build\n');
    const line = codeActions(docOf(text), 22, 22).find((a) => a.title.startsWith('Disable stage-name-casing for this instruction'));
    expect(line && applyEdits(text, line.edits)).toBe('# berth-ignore stage-name-casing: <reason>\r\nFROM golang:1.23 AS Build\r\n');
  });

  it('a syntax finding’s fix is a quick fix and part of fix-all (a keyword glued to its arguments)', () => {
    const { text, offset } = cursor('FROM python:3.12\nENTRYPOINT["python"]\nCMD["app$0.py"]\n');
    const doc = docOf(text);
    const quick = codeActions(doc, offset, offset, ['quickfix']);
    expect(quick.map((a) => [a.title, a.preferred])).toEqual([['Insert a space after CMD', true]]);
    expect(applyEdits(text, quick[0]?.edits ?? [])).toBe('FROM python:3.12\nENTRYPOINT["python"]\nCMD ["app.py"]\n');
    const all = codeActions(doc, 0, 0, ['source.fixAll']);
    expect(applyEdits(text, all[0]?.edits ?? [])).toBe('FROM python:3.12\nENTRYPOINT ["python"]\nCMD ["app.py"]\n');
  });

  it('fix all safe problems, and only those', () => {
    const text = 'FROM golang:1.23 AS Build\nFROM alpine:3.20\nCOPY --from=Build /a /a\nCMD ["a"]\nCMD ["b"]\n';
    const all = codeActions(docOf(text), 0, 0, ['source.fixAll']);
    expect(all).toHaveLength(1);
    const fixed = applyEdits(text, all[0]?.edits ?? []);
    expect(fixed).toContain('AS build');
    expect(fixed).toContain('CMD ["a"]'); // removing the earlier CMD is unsafe: left alone
  });
});

describe('symbols and folding', () => {
  const text = df`
    ARG BASE=alpine:3.20
    # build the app
    # with cached modules
    FROM golang:1.23 AS build
    RUN go build \
        ./...
    FROM \${BASE}
    COPY --from=build /out /out
  `;

  it('stages hold their instructions; global ARGs at the top', () => {
    const syms = documentSymbols(docOf(text));
    expect(syms.map((s) => [s.name, s.kind, s.children.map((c) => c.name)])).toEqual([
      ['ARG', 'variable', []],
      ['build', 'stage', ['RUN']],
      ['${BASE}', 'stage', ['COPY']],
    ]);
  });

  it('folds stages, multi-line instructions and comment blocks', () => {
    expect(foldingRanges(docOf(text))).toEqual([
      { startLine: 1, endLine: 2, kind: 'comment' },
      { startLine: 3, endLine: 5, kind: 'region' },
      { startLine: 4, endLine: 5 },
      { startLine: 6, endLine: 7, kind: 'region' },
    ]);
  });
});

describe('completion', () => {
  const complete = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return completions(docOf(text), offset);
  };

  it('instructions at the start of a line, in the case being typed, with snippets', () => {
    const upper = complete('FROM alpine:3.20\nRU$0\n');
    expect(upper.find((c) => c.label === 'RUN')).toMatchObject({ kind: 'keyword', insert: 'RUN ', replace: { start: 17, end: 19 } });
    expect(upper.some((c) => c.kind === 'snippet' && c.insert.startsWith('RUN <<EOF'))).toBe(true);
    expect(complete('FROM alpine:3.20\nru$0\n').some((c) => c.label === 'run')).toBe(true);
    expect(complete('FROM alpine:3.20\nONBUILD CO$0\n').some((c) => c.label === 'COPY')).toBe(true);
  });

  it('stage names after --from=: only earlier stages, never the current one', () => {
    const labels = complete('FROM golang:1.23 AS build\nFROM alpine:3.20 AS tools\nFROM alpine:3.20 AS final\nCOPY --from=$0\n').map((c) => c.label);
    expect(labels).toEqual(['build', 'tools']);
    expect(complete('FROM golang:1.23 AS build\nCOPY --from=b$0 /a /a\n')).toEqual([]);
    // A mount's from=, first key or later one.
    for (const line of ['RUN --mount=from=$0', 'RUN --mount=type=bind,from=$0', 'RUN --mount=target=/src,from=t$0']) {
      expect(complete(`FROM golang:1.23 AS build\nFROM alpine:3.20 AS tools\nFROM alpine:3.20\n${line}\n`).map((c) => c.label), line).toEqual(['build', 'tools']);
    }
  });

  it('variables after $ and ${, with their values', () => {
    const items = complete('ARG V=1\nFROM alpine:3.20\nARG V\nENV HOME_DIR=/home/app\nRUN echo ${$0\n');
    expect(items.find((c) => c.label === 'V')?.detail).toBe('= 1');
    expect(items.find((c) => c.label === 'HOME_DIR')?.detail).toBe('= /home/app');
  });

  it('signals after STOPSIGNAL; directives in the header', () => {
    expect(complete('FROM alpine:3.20\nSTOPSIGNAL SIGQ$0\n').map((c) => c.label)).toContain('SIGQUIT');
    expect(complete('#$0\nFROM alpine:3.20\n').map((c) => c.label)).toEqual(['syntax', 'escape', 'check']);
    expect(complete('FROM alpine:3.20\n#$0\n')).toEqual([]);
  });
});

describe('completion: only what is valid where the cursor is', () => {
  const complete = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return completions(docOf(text), offset);
  };
  const labels = (fixture: string): string[] => complete(fixture).map((c) => c.label);
  const keywords = (fixture: string): string[] => complete(fixture).filter((c) => c.kind === 'keyword').map((c) => c.label);

  it('an empty file: what can start a Dockerfile — FROM, ARG, the directives and a comment', () => {
    const items = complete('$0');
    expect(items.filter((c) => c.kind !== 'snippet').map((c) => c.label).sort()).toEqual(['#', '# check=skip=', '# escape=`', '# syntax=docker/dockerfile:1', 'ARG', 'FROM']);
    expect(items.filter((c) => c.kind === 'snippet').every((c) => /^(FROM|ARG) /.test(c.insert))).toBe(true);
    expect(items.find((c) => c.label === '# syntax=docker/dockerfile:1')).toMatchObject({ kind: 'directive', insert: '# syntax=docker/dockerfile:1', replace: { start: 0, end: 0 } });
    // A BOM is not part of the word being typed.
    expect(complete('\uFEFF$0').find((c) => c.label === 'FROM')?.replace).toEqual({ start: 1, end: 1 });
  });

  it('before the first FROM: ARG and FROM only; the directives only while every line above is one', () => {
    expect(keywords('ARG V=1\n$0')).toEqual(['ARG', 'FROM']);
    expect(keywords('ARG V=1\nFR$0\nFROM alpine:3.20\n')).toEqual(['ARG', 'FROM']);
    expect(labels('ARG V=1\n$0').some((l) => l.startsWith('# '))).toBe(false);
    expect(labels('# syntax=docker/dockerfile:1\n$0').filter((l) => l.startsWith('# '))).toEqual(['# escape=`', '# check=skip=']);
    expect(labels('# syntax=docker/dockerfile:1\r\n# escape=`\r\n$0').filter((l) => l.startsWith('# '))).toEqual(['# check=skip=']);
    expect(labels('# syntax=docker/dockerfile:1\n\n$0').some((l) => l.startsWith('# '))).toBe(false); // a blank line ends the header
    expect(labels('# a comment\n$0').some((l) => l.startsWith('# '))).toBe(false);
    expect(labels('# syntax=docker/dockerfile:1\n#$0')).toEqual(['escape', 'check']);
    expect(labels('ARG V=1\n#$0')).toEqual([]);
  });

  it('after the first FROM: every instruction, MAINTAINER marked deprecated; after ONBUILD not FROM, MAINTAINER or ONBUILD', () => {
    const all = keywords('FROM alpine:3.20\n$0');
    expect(all).toHaveLength(18);
    expect(complete('FROM alpine:3.20\nMA$0').find((c) => c.label === 'MAINTAINER')?.deprecated).toBe(true);
    const triggers = keywords('FROM alpine:3.20\nONBUILD $0');
    expect(triggers).toHaveLength(15);
    for (const k of ['FROM', 'MAINTAINER', 'ONBUILD']) expect(triggers).not.toContain(k);
    expect(complete('FROM alpine:3.20\nonbuild co$0').some((c) => c.label === 'copy')).toBe(true);
    expect(labels('FROM alpine:3.20\n$0').some((l) => l.startsWith('#'))).toBe(false);
  });

  it('no instructions on continuation lines, in heredoc bodies or comments; variables in a heredoc body', () => {
    expect(complete('FROM alpine:3.20\nRUN apk add \\\n  cu$0\n')).toEqual([]);
    expect(complete('FROM alpine:3.20\r\nRUN apk add \\\r\n  $0\r\n')).toEqual([]);
    expect(complete('FROM alpine:3.20\nRUN echo \\\n  # note\n  $0')).toEqual([]);
    expect(complete('FROM alpine:3.20\nRUN <<EOF\n  ec$0\nEOF\n')).toEqual([]);
    expect(labels('FROM alpine:3.20\nENV APP_DIR=/app\nRUN <<EOF\ncd $AP$0\nEOF\n')).toContain('APP_DIR');
    expect(complete('FROM alpine:3.20\nENV APP_DIR=/app\n# see $AP$0\n')).toEqual([]);
    // A word typed in the middle: the rest of the word is known, for clients that replace it.
    expect(complete('FROM alpine:3.20\nRU$0N x\n').find((c) => c.label === 'RUN')).toMatchObject({ replace: { start: 17, end: 19 }, wordEnd: 20 });
  });

  it('flags and their values on continuation lines too; a flag already given is not offered again', () => {
    const run = labels('FROM alpine:3.20\nRUN --network=none \\\n  --$0');
    expect(run).toContain('--mount');
    expect(run).not.toContain('--network');
    expect(labels('FROM alpine:3.20\nRUN --mount=type=cache,target=/c \\\n  --mount=$0')).toContain('type');
    expect(labels('FROM alpine:3.20\nRUN --mount=type=cache,target=/c \\\n  --mount=type=$0')).toEqual(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    expect(labels('FROM alpine:3.20\nCOPY --chown=app \\\n  --ch$0')).toEqual(['--from', '--chmod', '--link', '--parents', '--exclude']);
  });

  it('after FROM: --platform=, the stages above and the images the file uses; then AS; nothing for the name', () => {
    const text = 'FROM golang:1.23 AS build\nFROM build AS test\nFROM $0\nFROM node:22 AS later\nCOPY --from=python:3.12 /a /b\n';
    const items = complete(text);
    expect(items.map((c) => [c.label, c.kind])).toEqual([
      ['--platform=', 'value'],
      ['build', 'reference'],
      ['test', 'reference'],
      ['golang:1.23', 'image'],
      ['node:22', 'image'],
      ['python:3.12', 'image'],
      ['scratch', 'image'],
    ]);
    expect(items.find((c) => c.label === 'golang:1.23')?.detail).toBe('image used on line 1');
    expect(labels('FROM --platform=linux/arm64 $0')).not.toContain('--platform=');
    expect(labels('FROM golang:1.23 AS build\nFROM go$0')).toEqual(['build', 'golang:1.23', 'scratch']);
    expect(complete('FROM alpine:3.20 $0')).toMatchObject([{ label: 'AS', insert: 'AS ' }]);
    expect(complete('from alpine:3.20 a$0')).toMatchObject([{ label: 'as', replace: { start: 17, end: 18 } }]);
    expect(complete('FROM alpine:3.20 AS $0')).toEqual([]);
    expect(complete('FROM alpine:3.20 AS app $0')).toEqual([]);
  });

  it('HEALTHCHECK: its flags, then CMD or NONE', () => {
    expect(labels('FROM alpine:3.20\nHEALTHCHECK --interval=30s \\\n  $0')).toEqual(['CMD', 'NONE']);
    expect(labels('FROM alpine:3.20\nhealthcheck c$0')).toEqual(['cmd', 'none']);
    expect(labels('FROM alpine:3.20\nHEALTHCHECK CMD $0')).toEqual([]);
  });

  it('after FROM --platform=: the platform variables, common platforms, and the global ARGs', () => {
    const items = complete('ARG TARGET=linux/arm64\nFROM --platform=$0 alpine:3.20\n');
    const got = items.map((c) => c.label);
    expect(got.slice(0, 2)).toEqual(['$BUILDPLATFORM', '$TARGETPLATFORM']);
    expect(got).toEqual(expect.arrayContaining(['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64', '$TARGET']));
    expect(items.find((c) => c.label === '$BUILDPLATFORM')?.documentation).toMatch(/machine that runs the build/);
    expect(items.find((c) => c.label === '$TARGET')?.detail).toBe('global ARG = linux/arm64');
    expect(complete('FROM --platform=linux/a$0')[0]?.replace).toEqual({ start: 16, end: 23 });
    // After `$` the variables FROM can see, the built-in platform ones among them.
    expect(labels('FROM --platform=$BUILD$0 alpine\n')).toContain('BUILDPLATFORM');
  });
});

describe('definition, references, rename', () => {
  const at = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return { text, offset, doc: docOf(text) };
  };

  it('a stage used by --from= and FROM: definition and every use', () => {
    const { text, offset, doc } = at('FROM golang:1.23 AS build\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=bu$0ild /out /out\nCOPY --from=0 /x /x\n');
    const sym = symbolAt(doc, offset);
    expect(sym && text.slice(sym.definition?.start, sym.definition?.end)).toBe('build');
    expect(sym?.uses.map((r) => text.slice(r.start, r.end))).toEqual(['build', 'build']);
    const r = rename(doc, offset, 'compile');
    expect('edits' in r && applyEdits(text, r.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })))).toBe(
      'FROM golang:1.23 AS compile\nFROM compile AS test\nFROM alpine:3.20\nCOPY --from=compile /out /out\nCOPY --from=0 /x /x\n',
    );
  });

  it('variables: each reference goes to the declaration in force in its stage', () => {
    const { text, offset, doc } = at('FROM alpine:3.20 AS a\nENV DIR=/a\nRUN ls $DIR\nFROM alpine:3.20\nENV DIR=/b\nRUN ls $D$0IR && cd ${DIR}\n');
    const r = rename(doc, offset, 'ROOT');
    expect('edits' in r && applyEdits(text, r.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })))).toBe(
      'FROM alpine:3.20 AS a\nENV DIR=/a\nRUN ls $DIR\nFROM alpine:3.20\nENV ROOT=/b\nRUN ls $ROOT && cd ${ROOT}\n',
    );
  });

  it('refuses what cannot be renamed, and bad names', () => {
    expect(rename(docOf('FROM alpine:3.20\nRUN echo $HOME\n'), 28, 'X')).toEqual({ error: '`HOME` is not declared in this file.' });
    const r = rename(docOf('FROM a:1 AS build\nFROM b:1\nCOPY --from=0 /a /a\n'), 39, 'x');
    expect('error' in r && r.error).toMatch(/by its number/);
    expect(rename(docOf('FROM a:1 AS build\n'), 14, '1bad')).toMatchObject({ error: expect.stringMatching(/not a valid stage name/) });
    expect(rename(docOf('FROM a:1\nCMD x\n'), 10, 'y')).toMatchObject({ error: expect.any(String) });
  });
});

describe('flags: completion and hover from the flag table', () => {
  const complete = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return completions(docOf(text), offset);
  };

  it('completes the flags of the instruction, then their fixed values', () => {
    const labels = complete('FROM alpine:3.20\nCOPY --ch$0\n').map((c) => c.label);
    expect(labels).toContain('--chown');
    expect(labels).toContain('--chmod');
    expect(labels).not.toContain('--mount');
    expect(complete('FROM alpine:3.20\nRUN --network=$0\n').map((c) => c.label)).toEqual(['default', 'none', 'host']);
    expect(complete('FROM alpine:3.20\nHEALTHCHECK --$0\n').map((c) => c.label)).toContain('--start-interval');
  });

  it('completes RUN --mount types, the keys of the chosen type, and their values', () => {
    expect(complete('FROM alpine:3.20\nRUN --mount=type=$0\n').map((c) => c.label)).toEqual(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    const keys = complete('FROM alpine:3.20\nRUN --mount=type=cache,$0\n').map((c) => c.label);
    expect(keys).toContain('target');
    expect(keys).toContain('sharing');
    expect(keys).not.toContain('type');
    expect(complete('FROM alpine:3.20\nRUN --mount=type=cache,sharing=$0\n').map((c) => c.label)).toEqual(['shared', 'private', 'locked']);
  });

  it('hover explains a flag, its values and version; for --mount also the type and key', () => {
    expect(hoverAt('FROM alpine:3.20\nCOPY --ch$0mod=755 a /b\n')).toContain('**COPY --chmod**');
    const mount = hoverAt('FROM alpine:3.20\nRUN --mount=type=cache,tar$0get=/root/.cache apk add x\n');
    expect(mount).toContain('**type=cache**');
    expect(mount).toContain('**target**');
    expect(hoverAt('FROM alpine:3.20\nCOPY --pa$0rents a /b/\n')).toContain('Needs `# syntax=docker/dockerfile:1.20`');
  });
});

describe('inlay hints and links', () => {
  it('the image a FROM with variables resolves to; the stage behind --from=<n>', () => {
    const text = 'ARG GO=1.23\nFROM golang:${GO}-alpine AS build\nFROM alpine:3.20\nCOPY --from=0 /out /out\n';
    const hints = inlayHints(docOf(text), { start: 0, end: text.length });
    expect(hints.map((h) => [text.slice(0, h.offset).split('\n').length, h.label])).toEqual([
      [2, ' = golang:1.23-alpine'],
      [4, ': build'],
    ]);
  });

  it('images link to their registry page; suppressed rule names to their docs', () => {
    const text = 'FROM node:22\nFROM ghcr.io/acme/tool:1 AS t\nFROM bitnami/redis:7\n# berth-ignore DL3008, unused-stage: reason\nCOPY --from=quay.io/org/img:1 / /x\n';
    const links = documentLinks(docOf(text)).map((l) => [text.slice(l.range.start, l.range.end), l.target]);
    expect(links).toEqual([
      ['node:22', 'https://hub.docker.com/_/node'],
      ['ghcr.io/acme/tool:1', 'https://ghcr.io/acme/tool'],
      ['bitnami/redis:7', 'https://hub.docker.com/r/bitnami/redis'],
      ['quay.io/org/img:1', 'https://quay.io/repository/org/img'],
      ['DL3008', expect.stringMatching(/docs\/rules\/apt-get-unpinned\.md$/)],
      ['unused-stage', expect.stringMatching(/docs\/rules\/unused-stage\.md$/)],
    ]);
  });
});

describe('semantic tokens', () => {
  const text = '# syntax=docker/dockerfile:1\nARG V=1\nFROM golang:1.23 AS build\nRUN --mount=type=cache,target=/x echo $V "é😀" \\\n  && true\nFROM alpine:3.20\nCOPY --from=build /a /a\nCMD ["a"]\n';
  const toks = semanticTokens(docOf(text)).map((t) => [text.slice(t.start, t.end), t.type, t.modifiers.join(',')]);

  it('classifies keywords, flags, directives, comments, stages and variables', () => {
    expect(toks).toContainEqual(['FROM', 'keyword', '']);
    expect(toks).toContainEqual(['AS', 'keyword', '']);
    expect(toks).toContainEqual(['build', 'namespace', 'declaration']);
    expect(toks).toContainEqual(['V', 'variable', 'declaration']);
    expect(toks).toContainEqual(['$V', 'variable', '']);
    expect(toks).toContainEqual(['syntax', 'macro', '']);
    expect(toks.some(([t, type]) => type === 'parameter' && (t as string).includes('mount'))).toBe(true);
    expect(toks).toContainEqual(['build', 'namespace', '']);
    expect(toks).toContainEqual(['"a"', 'string', '']);
  });

  it('only types and modifiers of the legend, no token across a line break, UTF-16 lengths', () => {
    const tokens = semanticTokens(docOf(text));
    for (const t of tokens) {
      expect(TOKEN_TYPES).toContain(t.type);
      for (const m of t.modifiers) expect(TOKEN_MODIFIERS).toContain(m);
      expect(text.slice(t.start, t.end)).not.toMatch(/[\r\n]/);
    }
    const data = encodeTokens(tokens, docOf(text).lines);
    expect(data.length % 5).toBe(0);
    // Decoding gives back each token's text.
    let line = 0;
    let ch = 0;
    const lines = text.split('\n');
    const decoded: string[] = [];
    for (let i = 0; i < data.length; i += 5) {
      line += data[i] as number;
      ch = data[i] === 0 ? ch + (data[i + 1] as number) : (data[i + 1] as number);
      decoded.push((lines[line] ?? '').slice(ch, ch + (data[i + 2] as number)));
    }
    expect(decoded).toEqual(tokens.map((t) => text.slice(t.start, t.end)));
  });
});

describe('selection ranges', () => {
  it('grow from the token through the flag and instruction to the stage and file', () => {
    const { text, offset } = cursor('FROM alpine:3.20 AS a\nCOPY --chown=ap$0p:app a /b\nFROM a\n');
    const ranges = selectionRanges(docOf(text), offset).map((r) => text.slice(r.start, r.end));
    expect(ranges[0]).toBe('app:app');
    expect(ranges).toContain('--chown=app:app');
    expect(ranges).toContain('COPY --chown=app:app a /b');
    expect(ranges[ranges.length - 1]).toBe(text);
    for (let i = 1; i < ranges.length; i++) expect((ranges[i] as string).length).toBeGreaterThan((ranges[i - 1] as string).length);
  });
});

describe('signature help', () => {
  const help = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return signatureHelp(docOf(text), offset);
  };
  it('shows the forms of the instruction, the one in use active', () => {
    const exec = help('FROM alpine:3.20\nCMD ["node", $0\n');
    expect(exec?.signatures[exec.active]?.label).toBe('CMD ["program", "arg"]');
    const shell = help('FROM alpine:3.20\nCMD node $0\n');
    expect(shell?.signatures[shell.active]?.label).toBe('CMD command arg');
    const heredoc = help('FROM alpine:3.20\nRUN <<EOF$0\necho\nEOF\n');
    expect(heredoc?.signatures[heredoc.active]?.label).toMatch(/^RUN <<EOF/);
    expect(help('FROM alpine:3.20\nCM$0D x\n')).toBeUndefined();
  });
});

describe('hover on directives, images and heredocs', () => {
  it('directives', () => {
    expect(hoverAt('# esc$0ape=`\nFROM alpine:3.20\n')).toContain('**# escape=**');
  });
  it('images: registry, repository, tag, digest; ARG defaults resolved', () => {
    const md = hoverAt('FROM ghcr.io/acme/to$0ol:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n');
    expect(md).toContain('registry: `ghcr.io`');
    expect(md).toContain('tag: `1.2`');
    expect(md).toContain('pins the exact image content');
    expect(hoverAt('FROM ubu$0ntu\n')).toContain('Docker uses `latest`');
    expect(hoverAt('ARG V=3.20\nFROM alpine:${V$0}\n')).toContain('alpine:3.20');
    expect(hoverAt('FROM scra$0tch\n')).toContain('the empty image');
  });
  it('heredoc markers', () => {
    expect(hoverAt('FROM alpine:3.20\nRUN <<"E$0OF"\necho $HOME\nEOF\n')).toContain('used literally');
    expect(hoverAt('FROM alpine:3.20\nCOPY <<EOF /etc/x\nhi\nE$0OF\n')).toContain('the content of a file');
  });
});

describe('format options', () => {
  it('continuation indent and keyword case from the settings', () => {
    const text = 'from alpine:3.20\nrun apk add \\\n    curl=8\n';
    expect(applyEdits(text, format(docOf(text), { tabSize: 4, insertSpaces: true, continuationIndent: 2, keywordCase: 'keep' }))).toBe('from alpine:3.20\nrun apk add \\\n  curl=8\n');
    // berth.format.reflowRun, and the editor's tabs.
    const long = 'FROM a\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates git && rm -rf /var/lib/apt/lists/*\n';
    expect(applyEdits(long, format(docOf(long), { tabSize: 4, insertSpaces: false, reflowRun: true }))).toBe(
      'FROM a\nRUN apt-get update \\\n\t&& apt-get install -y --no-install-recommends curl ca-certificates git \\\n\t&& rm -rf /var/lib/apt/lists/*\n',
    );
    expect(applyEdits(long, format(docOf(long), { tabSize: 4, insertSpaces: true }))).toBe(long);
  });
});
