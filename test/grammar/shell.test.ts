/**
 * The shell model: RUN scripts parsed by tree-sitter-bash (loaded by test/helpers/setup-shell.ts), commands with
 * exact Dockerfile ranges across continuations, the escape directive, CRLF and heredocs.
 */
import { describe, expect, it } from 'vitest';
import { analyze, OPT, parse, parseScript, runScript, shellAt, type Instruction, type RunScript } from '../../grammar/index.js';

function scripts(text: string): Array<RunScript & { instr: Instruction }> {
  const p = parse(text);
  const m = analyze(p);
  const out: Array<RunScript & { instr: Instruction }> = [];
  for (const i of p.dockerfile.instructions) {
    const target = i.kind === 'Onbuild' ? (i as unknown as { trigger?: Instruction }).trigger : i;
    if (!target || target.kind !== 'Run') continue;
    out.push({ ...runScript(target, shellAt(m, m.stageAt(i.range.start), i.range.start)), instr: target });
  }
  return out;
}

function only(text: string): RunScript {
  const s = scripts(text);
  expect(s).toHaveLength(1);
  return s[0] as RunScript;
}

describe('commands and words', () => {
  it('lists simple commands with quotes resolved and variables rendered as ${x}', () => {
    const s = only('FROM x\nRUN apt-get install -y "cur"l \'a b\' $PKG ${V:-1} c\\>=1\n');
    expect(s.form).toBe('shell');
    expect(s.analysed).toBe(true);
    const [c] = s.commands;
    expect(c?.name).toBe('apt-get');
    expect(c?.args.map((a) => a.value)).toEqual(['install', '-y', 'curl', 'a b', '${PKG}', '${V:-1}', 'c>=1']);
    expect(c?.args.map((a) => a.literal)).toEqual([true, true, true, true, false, false, true]);
    expect(c?.subcommand()?.value).toBe('install');
    expect(c?.hasFlag('y')).toBe(true);
  });

  it('maps ranges across continuation lines and comment lines inside them', () => {
    const text = 'FROM x\nRUN apt-get update && \\\n    apt-get install -y \\\n  # a comment\n  curl\n';
    const s = only(text);
    expect(s.commands.map((c) => c.name)).toEqual(['apt-get', 'apt-get']);
    const install = s.commands[1];
    const curl = install?.args[2];
    expect(curl && text.slice(curl.start, curl.end)).toBe('curl');
    expect(install && text.slice(install.nameWord.start, install.nameWord.end)).toBe('apt-get');
  });

  it('maps ranges with the backtick escape character and CRLF line ends', () => {
    const text = '# escape=`\r\nFROM x\r\nRUN echo a && `\r\n    pip install flask\r\n';
    const s = only(text);
    const pip = s.commands.find((c) => c.name === 'pip');
    const flask = pip?.args[1];
    expect(flask && text.slice(flask.start, flask.end)).toBe('flask');
  });

  it('maps ranges in lines with non-ASCII text', () => {
    const text = 'FROM x\nRUN echo "héllo 😀" && apk add vim\n';
    const apk = only(text).commands.find((c) => c.name === 'apk');
    const vim = apk?.args[1];
    expect(vim && text.slice(vim.start, vim.end)).toBe('vim');
  });

  it('records where a command sits: pipeline, subshell, condition, substitution', () => {
    const s = only('FROM x\nRUN a | b && (cd /x && make) && if c; then d; fi && echo $(e)\n');
    const by = new Map(s.commands.map((c) => [c.name, c.where]));
    expect(by.get('a')?.pipeline).toMatchObject({ index: 0, size: 2 });
    expect(by.get('b')?.pipeline).toMatchObject({ index: 1, size: 2 });
    expect(by.get('cd')?.subshell).toBe(true);
    expect(by.get('make')?.subshell).toBe(true);
    expect(by.get('c')?.condition).toBe(true);
    expect(by.get('d')?.condition).toBe(false);
    expect(by.get('e')?.substitution).toBe(true);
    expect(s.pipelines).toBe(1);
  });

  it('lists the command behind sudo and env, marked with the wrapper', () => {
    const s = only('FROM x\nRUN sudo -u root apt-get install x && env A=1 pip install y\n');
    expect(s.commands.map((c) => [c.name, c.via ?? ''])).toEqual([
      ['sudo', ''],
      ['apt-get', 'sudo'],
      ['env', ''],
      ['pip', 'env'],
    ]);
  });

  it('tracks set options in force', () => {
    const s = only('FROM x\nRUN a | b; set -euo pipefail; c | d\n');
    const by = new Map(s.commands.map((c) => [c.name, c.options]));
    expect(by.get('a')).toBe(0);
    expect((by.get('c') ?? 0) & OPT.pipefail).toBe(OPT.pipefail);
    expect((by.get('c') ?? 0) & OPT.errexit).toBe(OPT.errexit);
    expect(s.finalOptions & OPT.nounset).toBe(OPT.nounset);
  });

  it('flags: clusters, long flags with values, --', () => {
    const [c] = only('FROM x\nRUN tool -qq --target=a -o x -- -y\n').commands;
    expect(c?.countFlag('q')).toBe(2);
    expect(c?.flagValue('target')?.value).toBe('a');
    expect(c?.flagValue('o')?.value).toBe('x');
    expect(c?.hasFlag('y')).toBe(false);
    expect(c?.positionals(['o']).map((w) => w.value)).toEqual(['-y']);
  });
});

describe('heredocs', () => {
  it('RUN <<EOF: the body is the script', () => {
    const text = 'FROM x\nRUN <<EOF\nset -o pipefail\napt-get install -y curl | tee log\nEOF\n';
    const s = only(text);
    expect(s.form).toBe('heredoc');
    const apt = s.commands.find((c) => c.name === 'apt-get');
    expect(apt && text.slice(apt.start, apt.start + 7)).toBe('apt-get');
    expect((apt?.options ?? 0) & OPT.pipefail).toBe(OPT.pipefail);
  });

  it('RUN <<EOF bash -e and RUN bash <<EOF: the shell reads the body', () => {
    for (const text of ['FROM x\nRUN <<EOF bash -e\nnpm i\nEOF\n', 'FROM x\nRUN bash -e <<EOF\nnpm i\nEOF\n']) {
      const s = only(text);
      expect(s.dialect).toBe('bash');
      const npm = s.commands.find((c) => c.name === 'npm');
      expect(npm && text.slice(npm.nameWord.start, npm.nameWord.end)).toBe('npm');
      expect((npm?.options ?? 0) & OPT.errexit).toBe(OPT.errexit);
    }
  });

  it('a heredoc fed to cat is data, not commands; the rest of the line still counts', () => {
    const s = only('FROM x\nRUN cat <<EOF > /etc/x && echo done\napt-get install vim\nEOF\n');
    expect(s.commands.map((c) => c.name)).toEqual(['cat', 'echo']);
  });

  it('a shebang for another interpreter is not analysed as shell', () => {
    const s = only('FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n');
    expect(s.analysed).toBe(false);
    expect(s.reason).toBe('interpreter');
  });

  it('a bash shebang sets the dialect', () => {
    expect(only('FROM x\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\n').dialect).toBe('bash');
  });
});

describe('exec form, SHELL and Windows', () => {
  it('exec form is one command with exact ranges', () => {
    const text = 'FROM x\nRUN ["apt-get", "install", "curl"]\n';
    const s = only(text);
    expect(s.form).toBe('exec');
    const c = s.commands[0];
    expect(c?.name).toBe('apt-get');
    expect(c?.args.map((a) => a.value)).toEqual(['install', 'curl']);
  });

  it('exec form through a shell: the -c argument is the script', () => {
    const text = 'FROM x\nRUN ["/bin/bash", "-ec", "apt-get update && apt-get install -y vim"]\n';
    const s = only(text);
    expect(s.commands.map((c) => c.name)).toEqual(['apt-get', 'apt-get']);
    const vim = s.commands[1]?.args[2];
    expect(vim && text.slice(vim.start, vim.end)).toBe('vim');
    expect((s.commands[0]?.options ?? 0) & OPT.errexit).toBe(OPT.errexit);
  });

  it('SHELL sets the dialect and options for later RUNs of the stage and of stages built on it', () => {
    const s = scripts('FROM x AS a\nRUN echo 1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo 2\nFROM a\nRUN echo 3\nFROM x\nRUN echo 4\n');
    expect(s.map((x) => x.dialect)).toEqual(['sh', 'bash', 'bash', 'sh']);
    expect(s.map((x) => x.shell.options & OPT.pipefail)).toEqual([0, OPT.pipefail, OPT.pipefail, 0]);
  });

  it('PowerShell and cmd stages are recognised and not analysed', () => {
    const s = scripts('FROM x\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n');
    expect(s.map((x) => [x.analysed, x.reason])).toEqual([
      [false, 'windows'],
      [false, 'windows'],
    ]);
  });

  it('ONBUILD RUN is analysed', () => {
    const s = only('FROM x\nONBUILD RUN npm install\n');
    expect(s.commands.map((c) => c.name)).toEqual(['npm']);
  });
});

describe('robustness', () => {
  it('broken shell still yields the commands around the error', () => {
    const s = only('FROM x\nRUN apt-get install x && ( echo && ; pip install y\n');
    expect(s.analysed).toBe(true);
    expect(s.hasErrors).toBe(true);
    expect(s.commands.some((c) => c.name === 'apt-get')).toBe(true);
  });

  it('every range lies inside the RUN instruction', () => {
    const text = 'FROM x\nRUN for f in a b; do \\\n  echo "$f" | tr a b > /tmp/$f; \\\n  done; x=$(ls | wc -l); [ -n "$x" ] && exit 0\n';
    const s = only(text);
    const p = parse(text);
    const run = p.dockerfile.instructions[1] as Instruction;
    expect(s.commands.length).toBeGreaterThan(3);
    for (const c of s.commands) {
      for (const w of [c.nameWord, ...c.args]) {
        expect(w.start).toBeGreaterThanOrEqual(run.range.start);
        expect(w.end).toBeLessThanOrEqual(run.range.end);
      }
    }
  });
});

describe('special commands', () => {
  it('`command -v x` does not run x; `command x` does', () => {
    expect(only('FROM x\nRUN command -v sudo && command sudo ls\n').commands.map((c) => [c.name, c.via ?? ''])).toEqual([
      ['command', ''],
      ['command', ''],
      ['sudo', 'command'],
      ['ls', 'sudo'],
    ]);
  });

  it('words of export carry their expansions', () => {
    const [c] = only('FROM x\nRUN export A="$B" C=1\n').commands;
    expect(c?.args.map((a) => [a.value, a.literal])).toEqual([
      ['A=${B}', false],
      ['C=1', true],
    ]);
  });
});

describe('the cache of parsed scripts', () => {
  it('parses a script once while it is in use, and lets go of scripts no longer asked for', () => {
    const first = parseScript('apt-get update');
    expect(first).toBeDefined();
    expect(parseScript('apt-get update')).toBe(first);
    // Keystrokes in a RUN leave a new script behind each time; after two generations of them the old ones are gone.
    for (let i = 0; i < 8_000; i++) parseScript(`echo ${i}`);
    expect(parseScript('apt-get update')).toBe(first); // asked for again: moved back to the young generation
    for (let i = 0; i < 16_001; i++) parseScript(`echo x${i}`);
    const again = parseScript('apt-get update');
    expect(again).not.toBe(first);
    expect(again?.commands.map((c) => c.name)).toEqual(['apt-get']);
  });
});

describe('pathological scripts', () => {
  it('nesting deep enough to exhaust the stack reads as a script without commands, not a crash', () => {
    const deep = 'echo ' + '$(echo '.repeat(7000) + 'x' + ')'.repeat(7000);
    const model = parseScript(deep);
    expect(model?.hasErrors).toBe(true);
    expect(model?.commands).toEqual([]);
    // Moderate nesting is read in full.
    const nested = 'echo ' + '$(echo '.repeat(20) + 'x' + ')'.repeat(20);
    expect(parseScript(nested)?.commands).toHaveLength(21);
  });
});
