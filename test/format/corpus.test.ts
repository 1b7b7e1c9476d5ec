/**
 * The formatter on every file of the shared corpus (../shared/corpus, 2,196 real Dockerfiles), with the default
 * options and with tabs, a 2-space indent and RUN reflow: formatting twice gives what formatting once gives;
 * BuildKit's reading of the file (test/helpers/reading.ts: the `berth parse --format buildkit` dump of every
 * instruction, its flags, arguments and heredoc bodies, the directives) is the same before and after; every
 * comment survives; line endings and a byte order mark are kept; files are read as bytes and written back
 * unchanged where the formatter changes nothing. Skips with a message when the corpus is not there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatText, type FormatOptions } from '../../format/index.js';
import { parse } from '../../grammar/index.js';
import { buildkitReading, commentLines, lineBreaks } from '../helpers/reading.js';

/** What is compared, read from one parse. */
function facts(text: string): string {
  const parsed = parse(text);
  return JSON.stringify([buildkitReading(parsed), commentLines(parsed), /\n/.test(text) ? lineBreaks(text) : null]);
}

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const present = existsSync(`${CORPUS}buildkit-parse.jsonl`);
if (!present) console.warn(`[corpus] skipped: the shared corpus is not at ${CORPUS} (it lives beside the repository, not in it)`);

function paths(): string[] {
  return readFileSync(`${CORPUS}buildkit-parse.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { path: string }).path);
}

const OPTION_SETS: Array<[string, FormatOptions]> = [
  ['defaults', {}],
  ['tabs, RUN reflow at 80 columns', { indentStyle: 'tab', reflowRun: true, lineWidth: 80 }],
  ['2 spaces, keywords kept, RUN reflow at 40 columns', { indentWidth: 2, keywordCase: 'keep', reflowRun: true, lineWidth: 40 }],
];

function whatDiffers(before: string, after: string): string {
  const [r1, c1, b1] = JSON.parse(before) as [string, string[], unknown];
  const [r2, c2, b2] = JSON.parse(after) as [string, string[], unknown];
  if (r1 !== r2) return 'BuildKit reads it differently';
  if (JSON.stringify(c1) !== JSON.stringify(c2)) return 'a comment changed or was lost';
  if (JSON.stringify(b1) !== JSON.stringify(b2)) return 'its line breaks or byte order mark changed';
  return 'something changed';
}

describe.skipIf(!present)('corpus: formatting keeps what every file means', () => {
  let texts: Array<[string, string, string]> = [];
  beforeAll(() => {
    texts = paths().map((p) => {
      const text = readFileSync(CORPUS + p, 'utf8');
      return [p, text, facts(text)];
    });
  });

  it('reads every file of the corpus', () => {
    expect(texts.length).toBe(2196);
  });

  for (const [name, options] of OPTION_SETS) {
    it(`${name}: stable, same BuildKit reading, every comment, same line breaks`, () => {
      const problems: string[] = [];
      let changed = 0;
      for (const [path, text, before] of texts) {
        const once = formatText(text, options);
        if (once === text) continue;
        changed++;
        const after = facts(once);
        if (after !== before) problems.push(`${path}: ${whatDiffers(before, after)} after formatting`);
        else if (formatText(once, options) !== once) problems.push(`${path}: a second formatting changed it again`);
      }
      expect(problems.slice(0, 20)).toEqual([]);
      // The formatter has work to do on real files (a formatter that did nothing would pass the checks above).
      expect(changed).toBeGreaterThan(1000);
    });
  }

  it('reflow breaks long RUN lists somewhere in the corpus, and only at &&', () => {
    let reflowed = 0;
    for (const [, text] of texts) {
      const plain = formatText(text, { lineWidth: 80 });
      const flowed = formatText(text, { reflowRun: true, lineWidth: 80 });
      if (plain === flowed) continue;
      reflowed++;
      // Every line the reflow adds starts with `&& ` after the indent.
      const added = flowed.split(/\r?\n/).filter((l) => !plain.includes(l));
      for (const l of added) expect(l).toMatch(/^(RUN .* \\|    && .*)$/);
    }
    expect(reflowed).toBeGreaterThan(10);
  });
});
