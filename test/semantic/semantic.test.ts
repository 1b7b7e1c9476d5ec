import { describe, expect, it } from 'vitest';
import { analyze, parse, type SemanticModel, type VariableReference } from '../../grammar/index.js';
import { crlf, df } from '../helpers/fixture.js';

function model(text: string): { m: SemanticModel; text: string } {
  return { m: analyze(parse(text)), text };
}

function refs(m: SemanticModel, text: string): Array<[string, string, string | undefined | null, string]> {
  return m.references.map((r: VariableReference) => [text.slice(r.range.start, r.range.end), r.by, r.binding ? (r.binding.value ?? 'unknown') : r.maybeFromBaseImage ? 'base-image' : null, r.stage ? String(r.stage.index) : 'global']);
}

describe.each([
  ['LF', (s: string) => s],
  ['CRLF', crlf],
])('stages (%s)', (_name, eol) => {
  it('index, lower-cased name, base image split, parent stage, scratch, ranges', () => {
    const { m, text } = model(
      eol(df`
        FROM --platform=linux/arm64 registry.example.com:5000/team/app:1.2@sha256:${'a'.repeat(64)} AS Base
        RUN true
        FROM base AS test
        FROM scratch
        COPY --from=0 / /
      `),
    );
    expect(m.stages.map((s) => [s.index, s.name, s.base.value, s.base.stage?.index, s.base.scratch])).toEqual([
      [0, 'base', `registry.example.com:5000/team/app:1.2@sha256:${'a'.repeat(64)}`, undefined, false],
      [1, 'test', 'base', 0, false],
      [2, undefined, 'scratch', undefined, true],
    ]);
    const img = m.stages[0]!.base.image!;
    expect([img.registry?.value, img.repository.value, img.tag?.value, img.digest?.value.slice(0, 7), img.fullName, img.official, img.error]).toEqual([
      'registry.example.com:5000',
      'team/app',
      '1.2',
      'sha256:',
      'registry.example.com:5000/team/app',
      false,
      undefined,
    ]);
    expect(m.stages[0]!.platform?.value).toBe('linux/arm64');
    // A stage runs from its FROM to its last instruction.
    expect(text.slice(m.stages[0]!.range.start, m.stages[0]!.range.end).replace(/\r/g, '')).toMatch(/^FROM --platform.*\nRUN true$/s);
    expect(m.stageAt(text.indexOf('RUN true'))?.index).toBe(0);
    expect(m.stageAt(0)?.index).toBe(0);
  });

  it('FROM <name> only finds an earlier stage, by its exact lower-case name', () => {
    const { m } = model(eol('FROM alpine AS one\nFROM two\nFROM alpine AS two\nFROM ONE\n'));
    expect(m.stages[1]!.base.stage).toBeUndefined();
    expect(m.stages[1]!.base.image?.fullName).toBe('docker.io/library/two');
    // BuildKit compares the written base name with lower-cased stage names: `ONE` is an image name (an invalid one).
    expect(m.stages[3]!.base.stage).toBeUndefined();
    expect(m.stages[3]!.base.image?.error).toContain('lower-case');
  });
});

describe('links', () => {
  it('COPY --from by name (any case), by index, forward, to an image, to itself, with a variable', () => {
    const { m } = model(df`
      FROM alpine AS build
      COPY --from=later /a /a
      FROM alpine AS later
      COPY --from=Build /a /a
      COPY --from=0 /a /a
      COPY --from=nginx:1.27 /etc/nginx /etc/nginx
      COPY --from=later /x /x
      COPY --from=\${STAGE} /y /y
      COPY --from=7 /z /z
    `);
    expect(m.links.map((l) => [l.value, l.target?.index, l.byIndex, l.forward, l.image?.fullName, l.error?.slice(0, 30)])).toEqual([
      ['later', 1, false, true, undefined, undefined],
      ['Build', 0, false, false, undefined, undefined],
      ['0', 0, true, false, undefined, undefined],
      ['nginx:1.27', undefined, false, false, 'docker.io/library/nginx', undefined],
      ['later', 1, false, false, undefined, 'a stage cannot copy from itsel'],
      ['${STAGE}', undefined, false, false, undefined, 'variables are not expanded in '],
      ['7', undefined, true, false, undefined, 'there is no stage 7: this file'],
    ]);
  });

  it('RUN --mount from= with the exact range of the value', () => {
    const text = 'FROM alpine AS deps\nFROM alpine\nRUN --mount=type=cache,from=deps,target=/x true\n';
    const { m } = model(text);
    const link = m.links[0]!;
    expect([link.kind, link.value, link.target?.index, text.slice(link.range.start, link.range.end)]).toEqual(['mount', 'deps', 0, 'deps']);
  });
});

describe('variables', () => {
  it('global ARGs are visible in FROM only; `ARG name` re-imports the global value in a stage', () => {
    const { m, text } = model(df`
      ARG VERSION=3.20
      ARG FLAVOR
      FROM alpine:\${VERSION}
      RUN echo $VERSION
      ARG VERSION
      RUN echo $VERSION \${FLAVOR}
    `);
    expect(m.globalArgs.map((d) => [d.name, d.value])).toEqual([
      ['VERSION', '3.20'],
      ['FLAVOR', undefined],
    ]);
    expect(m.stages[0]!.base.value).toBe('alpine:3.20');
    expect(refs(m, text)).toEqual([
      // The FROM line belongs to its stage but resolves in the global scope.
      ['${VERSION}', 'builder', '3.20', '0'],
      // Before `ARG VERSION` the stage does not see the global: the shell gets nothing, or the base image's value.
      ['$VERSION', 'shell', 'base-image', '0'],
      ['$VERSION', 'shell', '3.20', '0'],
      ['${FLAVOR}', 'shell', 'base-image', '0'],
    ]);
  });

  it('each instruction sees the environment before it: `ENV A=x B=$A` uses the old A', () => {
    const { m } = model(df`
      FROM scratch
      ENV A=old
      ENV A=new B=\${A}
      ENV C=$A
    `);
    const values = Object.fromEntries(m.declarations.map((d) => [`${d.name}@${d.instruction.range.start}`, d.value]));
    expect(Object.values(values)).toEqual(['old', 'new', 'old', 'new']);
  });

  it('ARG defaults expand earlier ARGs and ENVs; a FROM <stage> inherits both', () => {
    const { m, text } = model(df`
      FROM scratch AS base
      ARG ROOT=/opt
      ENV APP=\${ROOT}/app
      FROM base
      WORKDIR $APP
      RUN echo $ROOT
    `);
    expect(refs(m, text).slice(-2)).toEqual([
      ['$APP', 'builder', '/opt/app', '1'],
      ['$ROOT', 'shell', '/opt', '1'],
    ]);
  });

  it('on scratch an undeclared variable is known to be unset; on an image it may come from the image', () => {
    const { m } = model('FROM scratch\nWORKDIR $HOME\nFROM debian\nWORKDIR $HOME\n');
    expect(m.references.map((r) => [r.stage?.index, r.binding, r.maybeFromBaseImage])).toEqual([
      [0, undefined, false],
      [1, undefined, true],
    ]);
  });

  it('proxy args are predefined for RUN; built-in platform args for FROM', () => {
    const { m } = model('FROM --platform=$BUILDPLATFORM alpine\nRUN curl --proxy "$HTTPS_PROXY" x\n');
    expect(m.references.map((r) => [r.name, r.binding?.source])).toEqual([
      ['BUILDPLATFORM', 'builtin'],
      ['HTTPS_PROXY', 'proxy'],
    ]);
  });

  it('builderReferences holds what the builder expands, in source order, before or after references is read', () => {
    const text = 'ARG V=1\nFROM img:$V AS a\nRUN echo $V $HOME\nENV P=$V\nCOPY --chown=$U x /$V\nCMD echo $P\n';
    const builder = [['$V', 'builder', '1', '0'], ['$V', 'builder', 'base-image', '0'], ['$U', 'builder', 'base-image', '0'], ['$V', 'builder', 'base-image', '0']];
    const show = (rs: readonly VariableReference[]) =>
      rs.map((r) => [text.slice(r.range.start, r.range.end), r.by, r.binding ? (r.binding.value ?? 'unknown') : r.maybeFromBaseImage ? 'base-image' : null, r.stage ? String(r.stage.index) : 'global']);
    const first = model(text).m;
    expect(show(first.builderReferences)).toEqual(builder);
    expect(refs(first, text).filter((r) => r[1] === 'shell').map((r) => r[0])).toEqual(['$V', '$HOME', '$P']);
    const second = model(text).m;
    expect(refs(second, text)).toHaveLength(7);
    expect(show(second.builderReferences)).toEqual(builder);
  });

  it('resolve() and visibleAt() answer for an offset, with per-stage scoping', () => {
    const text = 'ARG G=1\nFROM alpine AS a\nENV X=ax\nRUN true\nFROM alpine AS b\nRUN true\n';
    const { m } = model(text);
    const inA = text.indexOf('RUN true');
    const inB = text.lastIndexOf('RUN true');
    expect(m.resolve('X', inA)?.value).toBe('ax');
    expect(m.resolve('X', inB)).toBeUndefined();
    expect(m.resolve('G', inA)).toBeUndefined();
    expect(m.resolve('G', text.indexOf('FROM alpine AS a'))?.value).toBe('1');
    expect([...m.visibleAt(inA).keys()]).toEqual(['X']);
  });

  it('references inside modifiers, and references in ONBUILD triggers are not resolved here', () => {
    const { m, text } = model('FROM alpine\nENV A=1\nWORKDIR ${B:-$A}/x\nONBUILD RUN echo $A\n');
    expect(refs(m, text)).toEqual([
      ['${B:-$A}', 'builder', 'base-image', '0'],
      ['$A', 'builder', '1', '0'],
    ]);
  });

  it('reports expansions BuildKit rejects, with the exact range, and keeps later references', () => {
    const text = 'FROM alpine\nENV A=${x:=y} B=$HOME\nLABEL l="${#x}"\nRUN echo ${x:=y}\n';
    const { m } = model(text);
    expect(m.errors.map((e) => text.slice(e.start, e.end))).toEqual(['${x:=y}', '${#x}']);
    expect(m.errors[0]!.message).toContain('assigning a default with `=` is not supported');
    expect(m.errors[1]!.message).toContain('the length operator');
    // The shell accepts `${x:=y}`; RUN text is not checked. `$HOME` after the error is still a reference.
    expect(m.references.some((r) => r.name === 'HOME')).toBe(true);
  });

  it('ranges map through continuations and a backtick escape', () => {
    const text = '# escape=`\nFROM alpine\nENV A=1 `\n    B=$A\n';
    const { m } = model(text);
    const r = m.references[0]!;
    expect(text.slice(r.range.start, r.range.end)).toBe('$A');
    expect(text.slice(r.nameRange.start, r.nameRange.end)).toBe('A');
  });
});
