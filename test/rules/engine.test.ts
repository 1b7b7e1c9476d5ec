/**
 * The lint engine itself, driven by small rules written for this test: dispatch order, stage and file hooks,
 * ONBUILD triggers, skipped broken instructions, crash isolation, severities and fixes.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { defineRule, type Rule } from '../../rules/define.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { applyEdits, chooseFixes, fixAll } from '../../rules/engine/fix.js';
import { lint, type Diagnostic } from '../../rules/engine/lint.js';

const docs = { summary: 'test rule', why: 'a rule used to test the engine', bad: [], good: [], references: [] };

function recorder(events: string[], opts: { onbuild?: boolean } = {}): Rule {
  return defineRule({
    id: 'recorder',
    aliases: [],
    category: 'correctness',
    severity: 'info',
    status: 'stable',
    since: '0.0.0',
    fixable: 'never',
    messages: {},
    docs,
    ...(opts.onbuild ? { onbuild: true } : {}),
    create() {
      return {
        Instruction: (i, info) => events.push(`${i.name}${info.onbuild ? '@onbuild' : ''}${info.stage ? `#${info.stage.index}` : ''}`),
        Stage: (s) => events.push(`stage ${s.index}`),
        'Stage:exit': (s) => events.push(`exit ${s.index}`),
        'File:exit': () => events.push('end'),
      };
    },
  });
}

function run(text: string, rules: Rule[]): Diagnostic[] {
  return lint(parse(text), defaultConfig(), rules).diagnostics;
}

describe('dispatch', () => {
  it('one walk in order: instructions, stage enter after its FROM, stage exit before the next, file exit last', () => {
    const events: string[] = [];
    run('ARG V\nFROM a\nRUN x\nFROM b\nCMD y\n', [recorder(events)]);
    expect(events).toEqual(['ARG', 'FROM#0', 'stage 0', 'RUN#0', 'exit 0', 'FROM#1', 'stage 1', 'CMD#1', 'exit 1', 'end']);
  });

  it('ONBUILD triggers reach the rules that ask for them, without a stage', () => {
    const plain: string[] = [];
    const onbuild: string[] = [];
    const text = 'FROM a\nONBUILD RUN make\n';
    run(text, [recorder(plain)]);
    run(text, [recorder(onbuild, { onbuild: true })]);
    expect(plain.filter((e) => e.startsWith('RUN'))).toEqual([]);
    expect(onbuild.filter((e) => e.startsWith('RUN'))).toEqual(['RUN@onbuild']);
  });

  it('an instruction with a syntax error is skipped; the rest of the file is linted', () => {
    const events: string[] = [];
    const ds = run('FROM a\nCOPY onlyone\nRUN ok\nCMD [1]\n', [recorder(events)]);
    expect(events.filter((e) => !e.startsWith('stage') && !e.startsWith('exit') && e !== 'end')).toEqual(['FROM#0', 'RUN#0']);
    expect(ds.map((d) => d.rule)).toEqual(['missing-argument', 'json-non-string']);
  });
});

describe('an exec form that is not JSON gets one clear message', () => {
  const lines = [
    'CMD [“python”, “app.py”]',
    'ENTRYPOINT [‘python’, ‘app.py’]',
    "CMD ['python', 'app.py']",
    'RUN [“apt-get”, “install”, “-y”, “curl”]',
    'HEALTHCHECK CMD [“curl”, “-f”, “http://x/”]',
    'COPY [“app.py”, “requirements.txt”, “.”]',
    'VOLUME [“/data”]',
    'ONBUILD RUN [“make”]',
  ];

  it.each(lines)('%s: only invalid-exec-form, with every rule on; its fix leaves no finding on the line', (line) => {
    const config = defaultConfig();
    config.preview = true;
    const text = `FROM python:3.12\n${line}\n`;
    const start = text.indexOf('\n') + 1;
    const external: Diagnostic[] = [{ rule: 'SC1110', aliases: [], severity: 'warning', message: 'This is a unicode quote.', start: start + line.indexOf('['), end: start + line.indexOf('[') + 1, kind: 'rule' }];
    const ds = lint(parse(text), config, undefined, external).diagnostics.filter((d) => d.start >= start);
    expect(ds.map((d) => d.rule)).toEqual(['invalid-exec-form']);
    const fixed = fixAll(text, (t) => lint(parse(t), config).diagnostics, false).text;
    expect(lint(parse(fixed), config).diagnostics.filter((d) => d.start >= start && d.severity !== 'style' && d.severity !== 'info').map((d) => d.rule)).not.toContain('invalid-exec-form');
    expect(parse(fixed).errors).toEqual([]);
  });

  it('a CMD after a misquoted ENTRYPOINT is not called ignored; with the check off, rules see the shell form again', () => {
    const text = 'FROM python:3.12\nENTRYPOINT [“python”]\nCMD ["app.py"]\n';
    expect(lint(parse(text), defaultConfig()).diagnostics.map((d) => d.rule)).toEqual(['invalid-exec-form']);
    const off = defaultConfig();
    off.rules.set('invalid-exec-form', { severity: 'off' });
    expect(lint(parse(text), off).diagnostics.map((d) => d.rule)).toEqual(['shell-form-command']);
  });
});

describe('robustness', () => {
  it('a rule that throws loses its own findings only, and is reported as an internal error', () => {
    const boom = defineRule({
      id: 'boom',
      aliases: [],
      category: 'correctness',
      severity: 'error',
      status: 'stable',
      since: '0.0.0',
      fixable: 'never',
      messages: { m: 'm' },
      docs,
      create(ctx) {
        return {
          Run: () => {
            throw new Error('kaboom');
          },
          Cmd: (i) => ctx.report({ at: i.keyword, message: 'm' }),
        };
      },
    });
    const result = lint(parse('FROM a\nRUN x\nCMD y\n'), defaultConfig(), [boom]);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['boom']);
    expect(result.internalErrors.map((e) => [e.rule, e.error.split('\n')[0]])).toEqual([['boom', 'Error: kaboom']]);
  });
});

describe('configuration in the engine', () => {
  const always = defineRule({
    id: 'always',
    aliases: ['DL9999'],
    category: 'style',
    severity: 'warning',
    status: 'preview',
    since: '0.0.0',
    fixable: 'never',
    messages: { m: 'from {who}' },
    docs,
    options: { who: { type: 'string', default: 'default', description: 'who' } },
    create(ctx) {
      return { From: (i) => ctx.report({ at: i.keyword, message: 'm', data: { who: String(ctx.options.who) } }) };
    },
  });

  it('preview rules are off unless asked for; options have defaults and can be set; severity can be set', () => {
    expect(lint(parse('FROM a\n'), defaultConfig(), [always]).diagnostics).toEqual([]);
    const c = defaultConfig();
    c.preview = true;
    expect(lint(parse('FROM a\n'), c, [always]).diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', 'from default']]);
    c.rules.set('always', { severity: 'error', options: { who: 'config' } });
    expect(lint(parse('FROM a\n'), c, [always]).diagnostics.map((d) => [d.severity, d.message])).toEqual([['error', 'from config']]);
  });
});

describe('messages', () => {
  it('fill {placeholders} from data, keep those without data, and take a message id not in the rule as the text', () => {
    const speaker = defineRule({
      id: 'speaker',
      aliases: [],
      category: 'style',
      severity: 'info',
      status: 'stable',
      since: '0.0.0',
      fixable: 'never',
      messages: { both: '{a} and {b}, {a} again; {missing} stays', none: 'no {placeholder} filled' },
      docs,
      create(ctx) {
        return {
          From: (i) => {
            ctx.report({ at: i.keyword, message: 'both', data: { a: 'x', b: 2 } });
            ctx.report({ at: i.keyword, message: 'none' });
            ctx.report({ at: i.keyword, message: 'free text about {a} and {b}', data: { a: '$1 {b}' } });
          },
        };
      },
    });
    const messages = () => run('FROM a\nFROM b\n', [speaker]).map((d) => d.message);
    const expected = ['x and 2, x again; {missing} stays', 'no {placeholder} filled', 'free text about $1 {b} and {b}'];
    expect(messages()).toEqual([...expected, ...expected]);
    expect(messages()).toEqual([...expected, ...expected]);
  });
});

describe('fixes', () => {
  it('applies non-overlapping edits from the end; overlapping ones wait for the next pass', () => {
    const ds: Diagnostic[] = [
      { rule: 'a', aliases: [], severity: 'warning', message: '', start: 0, end: 4, kind: 'rule', fix: { title: 'A', applicability: 'safe', edits: [{ start: 0, end: 4, text: 'from' }] } },
      { rule: 'b', aliases: [], severity: 'warning', message: '', start: 2, end: 6, kind: 'rule', fix: { title: 'B', applicability: 'safe', edits: [{ start: 2, end: 6, text: 'XX' }] } },
      { rule: 'c', aliases: [], severity: 'warning', message: '', start: 7, end: 7, kind: 'rule', fix: { title: 'C', applicability: 'unsafe', edits: [{ start: 7, end: 7, text: '!' }] } },
    ];
    expect(chooseFixes(ds, false).map((c) => c.rule)).toEqual(['a']);
    expect(chooseFixes(ds, true).map((c) => c.rule)).toEqual(['a', 'c']);
    expect(applyEdits('FROM alpine', [{ start: 0, end: 4, text: 'from' }, { start: 11, end: 11, text: ':3' }])).toBe('from alpine:3');
  });

  it('fixAll loops until nothing is left and stops after ten passes', () => {
    let calls = 0;
    const endless = (t: string): Diagnostic[] => {
      calls++;
      return [{ rule: 'grow', aliases: [], severity: 'warning', message: '', start: t.length, end: t.length, kind: 'rule', fix: { title: '', applicability: 'safe', edits: [{ start: t.length, end: t.length, text: 'x' }] } }];
    };
    const r = fixAll('', endless, false);
    expect(r.text).toBe('x'.repeat(10));
    expect(r.passes).toBe(10);
    expect(calls).toBe(10);
  });
});
