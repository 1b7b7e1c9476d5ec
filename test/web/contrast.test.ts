/**
 * The playground's colours (web/playground.css) keep text readable: every text colour against every background
 * it is drawn on reaches WCAG AA contrast (4.5:1) in both themes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../web/playground.css', import.meta.url), 'utf8');

function variables(selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no ${selector} block in playground.css`);
  const body = css.slice(at, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT = ['fg', 'muted', 'accent', 'error', 'warning', 'info', 'hint', 'tok-keyword', 'tok-string', 'tok-comment', 'tok-variable', 'tok-number', 'tok-parameter', 'tok-type', 'tok-function', 'tok-operator'];
const BACKGROUNDS = ['bg', 'panel'];

describe('playground colours', () => {
  it('the contrast check itself: black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBe(1);
  });
  for (const [theme, selector] of [['light', ':root'], ['dark', ":root[data-theme='dark']"]] as const) {
    it(`${theme}: every text colour reaches 4.5:1 on every background`, () => {
      const v = variables(selector);
      const low: string[] = [];
      for (const t of TEXT) {
        expect(v[t], `--${t} in the ${theme} theme`).toMatch(/^#/);
        for (const b of BACKGROUNDS) {
          const c = contrast(v[t]!, v[b]!);
          if (c < 4.5) low.push(`--${t} on --${b}: ${c.toFixed(2)}`);
        }
      }
      expect(low).toEqual([]);
    });
  }
});
