/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground (web/) as a learner uses it, in Debian's chromium: the built site served on loopback, every
 * request elsewhere blocked (the page must need nothing else). Each step saves a screenshot into
 * .scratch/screenshots/playground/ for a person to look at. Skipped without chromium, unless
 * BERTH_REQUIRE_CHROMIUM=1.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../rules/engine/config.js';
import { ruleDocumentation } from '../../rules/docs.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { hover } from '../../server/features/hover.js';
import { EXAMPLES } from '../../web/src/examples.js';
import { shareFragment } from '../../web/src/share.js';
import { HAVE_CHROMIUM, openPlayground, REQUIRE_CHROMIUM, SHOTS, type Playground } from '../helpers/playground.js';

if (!HAVE_CHROMIUM && !REQUIRE_CHROMIUM) console.warn('test/web/playground.test.ts is skipped: no chromium (apt-get install chromium; .ci/run installs it)');

interface Finding {
  code: string;
  message: string;
  line: number;
}

describe.skipIf(!HAVE_CHROMIUM && !REQUIRE_CHROMIUM)('the playground in chromium', () => {
  let pg: Playground;
  let context: BrowserContext & { blocked: string[] };
  let page: Page;
  const errors: string[] = [];

  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(SHOTS, `${name}.png`) });
  const findings = (p: Page = page): Promise<Finding[]> => p.evaluate(() => (window as unknown as { berthPlayground: { findings(): Finding[] } }).berthPlayground.findings());
  const text = (p: Page = page): Promise<string> => p.evaluate(() => (window as unknown as { berthPlayground: { text(): string } }).berthPlayground.text());
  const waitFor = async (pred: (f: Finding[]) => boolean, what: string, p: Page = page): Promise<Finding[]> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const f = await findings(p);
      if (pred(f)) return f;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; findings: ${JSON.stringify(f)}`);
      await p.waitForTimeout(50);
    }
  };
  const has = (code: string) => (f: Finding[]) => f.some((x) => x.code === code);
  const open = async (hash = ''): Promise<Page> => {
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(`console: ${m.text()}`);
    });
    await p.goto(pg.server.url + hash);
    await p.waitForFunction(() => document.body.dataset.published !== undefined, null, { timeout: 20_000 });
    return p;
  };
  /** Places the cursor at the end of the document (keyboard only) and types. */
  const typeAtEnd = async (s: string): Promise<void> => {
    await page.locator('.cm-content').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(s);
  };

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error('BERTH_REQUIRE_CHROMIUM=1 but there is no chromium at /usr/bin/chromium (or $BERTH_CHROMIUM)');
    pg = await openPlayground();
    context = await pg.context();
    page = await open();
    console.log(`playground built in ${pg.dir}, served at ${pg.server.url}; screenshots in ${SHOTS}`);
  }, 180_000);

  afterAll(async () => {
    await pg?.close();
  });

  it('opens with the first example and shows its findings in the editor and in the panel, asking nothing of the network', async () => {
    const f = await waitFor(has('image-without-tag'), 'image-without-tag');
    expect(await text()).toBe(EXAMPLES[0]!.text);
    // In the editor: underlined ranges; in the panel: one entry per finding, naming the rule.
    expect(await page.locator('.cm-lintRange').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#findings li').count()).toBe(f.length);
    expect(await page.locator('#findings li', { hasText: 'image-without-tag' }).count()).toBe(1);
    expect(await page.locator('#status').textContent()).toMatch(/\d+ findings/);
    // Semantic highlighting from the server: FROM is marked a keyword.
    await expect.poll(() => page.locator('.cm-sem-keyword', { hasText: 'FROM' }).count()).toBeGreaterThan(0);
    await shot('01-opened');
    expect(context.blocked).toEqual([]);
  });

  it('each example of the menu loads, with the mistakes it is written to show', async () => {
    const expected: Record<string, string[]> = {
      'first-image': ['image-without-tag', 'workdir-relative-path', 'shell-form-command'],
      flask: ['pip-cache-dir', 'shell-form-command'],
      // The heredoc needs the full bash parser (its .wasm, from the built folder) for heredoc-without-errexit.
      'go-multi-stage': ['copy-from-unknown-stage', 'from-as-casing', 'image-latest-tag', 'heredoc-without-errexit'],
    };
    expect(Object.keys(expected).sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
    for (const e of EXAMPLES) {
      await page.getByRole('combobox', { name: 'Example' }).selectOption(e.id);
      await expect.poll(() => text()).toBe(e.text);
      const f = await waitFor((x) => expected[e.id]!.every((code) => has(code)(x)), `the findings of ${e.id}`);
      expect(f.length).toBeGreaterThanOrEqual(expected[e.id]!.length);
      expect(await page.locator('#example-about').textContent()).toBe(e.about);
      await shot(`02-example-${e.id}`);
    }
    // The heredoc made the worker load the full bash parser: its two .wasm files, from the built folder.
    await expect.poll(() => page.evaluate(() => document.body.dataset.shellParser)).toBe('loaded');
    expect(await page.locator('#status').textContent()).not.toContain('could not load');
  });

  it('a mistake typed into the editor appears as a finding in the editor and the panel', async () => {
    await page.getByRole('combobox', { name: 'Example' }).selectOption('flask');
    await waitFor(has('pip-cache-dir'), 'flask findings');
    expect((await findings()).some((x) => x.code === 'image-latest-tag')).toBe(false);
    await typeAtEnd('FROM node:latest\n');
    const f = await waitFor(has('image-latest-tag'), 'image-latest-tag after typing');
    const line = f.find((x) => x.code === 'image-latest-tag')!.line;
    expect((await text()).split('\n')[line - 1]).toBe('FROM node:latest');
    await expect.poll(() => page.locator('#findings li', { hasText: 'image-latest-tag' }).count()).toBe(1);
    // The editor underlines the tag itself.
    await expect.poll(() => page.locator('.cm-lintRange', { hasText: 'latest' }).count()).toBeGreaterThan(0);
    await shot('03-typed-mistake');
  });

  it('hovering a keyword shows what the instruction does, as the server explains it', async () => {
    const source = EXAMPLES[1]!.text;
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), source);
    await waitFor(has('pip-cache-dir'), 'flask findings');
    const offset = source.indexOf('WORKDIR') + 2;
    const expected = hover(new AnalyzedDocument('file:///x/Dockerfile', 1, source, defaultConfig()), offset)?.markdown;
    expect(expected).toBeTruthy();
    // The first sentence of the server's own hover text, without markdown.
    const sentence = expected!.split('\n').map((l) => l.replace(/[`*_#]/g, '').trim()).find((l) => l.length > 20)!;
    const keyword = page.locator('.cm-line', { hasText: 'WORKDIR /app' }).locator('text=WORKDIR');
    const box = (await keyword.boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + box.height / 2);
    const tooltip = page.locator('.cm-tooltip-hover');
    await expect.poll(() => tooltip.textContent(), { timeout: 10_000 }).toContain(sentence.slice(0, 30));
    await shot('04-hover');
    await page.mouse.move(5, 5);
  });

  it('the keyboard reaches the same explanation: Alt+I explains what is under the cursor in the panel', async () => {
    const source = EXAMPLES[1]!.text;
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), source);
    await waitFor(has('pip-cache-dir'), 'flask findings');
    await page.locator('.cm-content').focus();
    // To the EXPOSE line with the arrow keys alone.
    const lineNo = source.split('\n').findIndex((l) => l.startsWith('EXPOSE'));
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < lineNo; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const offset = source.indexOf('EXPOSE') + 1;
    await page.keyboard.press('Alt+i');
    const expected = hover(new AnalyzedDocument('file:///x/Dockerfile', 1, source, defaultConfig()), offset)!.markdown;
    const sentence = expected.split('\n').map((l) => l.replace(/[`*_#]/g, '').trim()).find((l) => l.length > 20)!;
    await expect.poll(() => page.locator('#details-body').textContent()).toContain(sentence.slice(0, 30));
    await shot('05-explain-at-cursor');
  });

  it("selecting a finding shows the rule's full explanation: the text of berth explain", async () => {
    await waitFor(has('pip-cache-dir'), 'flask findings');
    await page.locator('#findings li', { hasText: 'pip-cache-dir' }).locator('.finding-main').click();
    const doc = ruleDocumentation('pip-cache-dir')[0]!;
    // Every heading of the rule's page (why, bad and good examples, the fix) is in the panel.
    const headings = [...doc.markdown.matchAll(/^#+\s+(.+)$/gm)].map((m) => m[1]!.replace(/[`*_]/g, ''));
    expect(headings.length).toBeGreaterThan(2);
    for (const h of headings) await expect.poll(() => page.locator('#details-body').textContent()).toContain(h);
    // And its examples, as code.
    const firstCode = /```[a-z]*\n([^\n]+)/.exec(doc.markdown)?.[1];
    expect(firstCode).toBeTruthy();
    expect(await page.locator('#details-body pre').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(firstCode!)]));
    expect(await page.locator('#findings li', { hasText: 'pip-cache-dir' }).locator('.finding-main').getAttribute('aria-pressed')).toBe('true');
    await shot('06-rule-explanation');
  });

  it('"Apply fix" changes the text and the finding goes away', async () => {
    await waitFor(has('pip-cache-dir'), 'flask findings');
    const fix = page.locator('#findings li', { hasText: 'pip-cache-dir' }).locator('.apply-fix');
    await expect.poll(() => fix.count()).toBe(1);
    expect(await fix.textContent()).toContain('--no-cache-dir');
    await fix.click();
    await expect.poll(() => text()).toContain('RUN pip install --no-cache-dir -r requirements.txt');
    await waitFor((f) => !has('pip-cache-dir')(f), 'pip-cache-dir to go');
    await shot('07-fix-applied');
  });

  it('a fix applied right after typing elsewhere still edits the right characters', async () => {
    const source = EXAMPLES[1]!.text;
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), source);
    const fix = page.locator('#findings li', { hasText: 'pip-cache-dir' }).locator('.apply-fix');
    await expect.poll(() => fix.count()).toBe(1);
    // Lines above the fix move it down; the fix is pressed once the change has reached the server but before
    // the findings and fixes of the new text are back: the fix in hand is for the old text.
    await page.evaluate(async () => {
      (window as unknown as { berthPlayground: { insert(at: number, t: string): void } }).berthPlayground.insert(0, '# a note\n# and one more\n');
      await new Promise((r) => setTimeout(r, 0));
      [...document.querySelectorAll('#findings li')].find((li) => li.textContent?.includes('pip-cache-dir'))?.querySelector<HTMLButtonElement>('.apply-fix')?.click();
    });
    await expect.poll(() => text()).toBe(`# a note\n# and one more\n${source.replace('RUN pip install -r', 'RUN pip install --no-cache-dir -r')}`);
  });

  it('a severity set in the panel reaches the server: "off" hides the rule, its own severity brings it back', async () => {
    await waitFor(has('shell-form-command'), 'shell-form-command');
    await page.locator('#findings li', { hasText: 'shell-form-command' }).locator('.finding-main').click();
    const select = page.getByRole('combobox', { name: /Report shell-form-command as/ });
    await select.selectOption('off');
    await waitFor((f) => !has('shell-form-command')(f), 'shell-form-command to be off');
    await expect.poll(() => page.locator('#severity-summary').textContent()).toContain('shell-form-command → off');
    await shot('08-severity-off');
    await page.locator('#settings summary').click();
    await page.getByRole('button', { name: 'Reset severities' }).click();
    await waitFor(has('shell-form-command'), 'shell-form-command back');
    await page.locator('#settings summary').click();
  });

  it('the preview switch turns preview rules on and off', async () => {
    // invalid-definition-description is a preview rule: a comment above a stage or ARG not starting with its name.
    const source = '# syntax=docker/dockerfile:1\n\n# The stage that builds\nFROM alpine:3.20 AS builder\nRUN true\n';
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), source);
    await page.waitForTimeout(300);
    expect(await findings()).not.toEqual(expect.arrayContaining([expect.objectContaining({ code: 'invalid-definition-description' })]));
    await page.locator('#settings summary').click();
    await page.getByRole('checkbox', { name: /Preview rules/ }).check();
    await waitFor(has('invalid-definition-description'), 'the preview rule');
    await shot('09-preview-on');
    await page.getByRole('checkbox', { name: /Preview rules/ }).uncheck();
    await waitFor((f) => !has('invalid-definition-description')(f), 'the preview rule to go');
    await page.locator('#settings summary').click();
  });

  it('a share link carries the text in its fragment, and opening it gives the same text back', async () => {
    const source = '# Shared: ünïcödé, tabs\tand CRLF-free lines\nFROM debian:12\nRUN echo "héllo 🐳"\n';
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), source);
    await page.getByRole('button', { name: 'Copy share link' }).click();
    const url = await page.evaluate(() => document.body.dataset.shareUrl ?? '');
    expect(url).toBe(pg.server.url + shareFragment(source));
    // Only the fragment carries the text: nothing of it in the part of the URL a server receives.
    expect(new URL(url).search).toBe('');
    const other = await open(new URL(url).hash);
    expect(await text(other)).toBe(source);
    await expect.poll(() => other.getByRole('combobox', { name: 'Example' }).inputValue()).toBe('shared');
    await shot('10-shared-link', other);
    await other.close();
  });

  it('formatting and completion come from the server', async () => {
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), 'from alpine:3.20\nrun echo hi\n');
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: 'Format' }).click();
    await expect.poll(() => text()).toBe('FROM alpine:3.20\nRUN echo hi\n');
    await typeAtEnd('WORKD');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('WORKDIR')]));
    await shot('11-completion');
    await page.keyboard.press('Escape');
  });

  it('rename (F2) and signature help come from the server too', async () => {
    await page.evaluate((t) => (window as unknown as { berthPlayground: { setText(t: string): void } }).berthPlayground.setText(t), 'FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nCOPY --from=build /a /a\n');
    await page.waitForTimeout(300);
    await page.locator('.cm-content').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F2');
    const input = page.locator('.cm-panel input, .cm-tooltip input').first();
    await input.waitFor({ timeout: 10_000 });
    await input.fill('builder');
    await page.keyboard.press('Enter');
    await expect.poll(() => text()).toBe('FROM alpine:3.20 AS builder\nRUN true\nFROM alpine:3.20\nCOPY --from=builder /a /a\n');
    await shot('12-renamed');
    // Signature help: typing an instruction's arguments shows its forms.
    await typeAtEnd('HEALTHCHECK ');
    await page.keyboard.press('Control+Shift+Space');
    await expect.poll(() => page.locator('.cm-tooltip').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('HEALTHCHECK')]));
    await shot('12-signature-help');
    await page.keyboard.press('Escape');
  });

  it('light and dark themes: the switch and the system preference', async () => {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await bg();
    await page.locator('#settings summary').click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await bg()).not.toBe(light);
    await shot('12-dark');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await page.locator('#settings summary').click();
    const dark = await pg.context({ colorScheme: 'dark' });
    const p = await dark.newPage();
    await p.goto(pg.server.url);
    await p.waitForFunction(() => document.body.dataset.published !== undefined, null, { timeout: 20_000 });
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await dark.close();
  });

  it('works with the keyboard alone: every control is reached by Tab, named, and the editor lets Tab go', async () => {
    const p = await open();
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await p.keyboard.press('Tab');
      seen.push(
        await p.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          const label = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.closest('label')?.textContent ?? el.textContent ?? '';
          return `${el.tagName.toLowerCase()}:${label.trim().replace(/\s+/g, ' ').slice(0, 40)}`;
        }),
      );
    }
    // In page order: skip link, the example menu, Format, Share, Settings, then the editor, then the findings.
    const order = ['a:Skip to the editor', 'select:Example', 'button:Format', 'button:Copy share link', 'summary:Settings', 'div:Dockerfile editor'];
    expect(seen.slice(0, order.length).map((s) => s.replace(/^(select:Example).*/, '$1'))).toEqual(order);
    // Tab does not get stuck in the editor: the next stop is a finding.
    expect(seen[order.length]).toMatch(/^button:/);
    // Every button, select and input has a name a screen reader can read.
    const unnamed = await p.evaluate(() =>
      [...document.querySelectorAll('button, select, input, [role="textbox"]')]
        .filter((el) => {
          const e = el as HTMLElement;
          const labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.closest('label') || (e.id && document.querySelector(`label[for="${e.id}"]`));
          return !labelled && !(e.textContent ?? '').trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await p.close();
  });

  it('a keyboard user in the findings list keeps their place when the list is drawn again (new text, fixes arriving)', async () => {
    const p = await open(shareFragment('FROM ubuntu\nRUN apt-get update\nCMD python app.py\n'));
    const focused = (): Promise<string> =>
      p.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const li = el?.closest('#findings li') as HTMLElement | null;
        return li ? `${el?.className}|${li.querySelector('.rule')?.textContent ?? ''}` : `outside:${el?.tagName ?? ''}`;
      });
    const rule = async (): Promise<string> => (await focused()).split('|')[1] ?? '';
    await p.locator('#findings .finding-main').nth(1).focus();
    const before = await rule();
    expect(before).not.toBe('');
    // Another text with the same finding first (as a share link opened in the same page): the list is redrawn.
    await p.evaluate((hash) => (location.hash = hash), shareFragment('FROM ubuntu\nRUN apt-get update\nCMD python app.py\nEXPOSE 80000\n'));
    await expect.poll(() => p.evaluate(() => document.body.dataset.published)).not.toBe('1');
    await expect.poll(focused).toMatch(/^finding-main\|/);
    expect(await rule()).toBe(before);
    await p.close();
  });

  it('opened from disk (file://), the folder works too; the bash parser cannot be fetched there and the page says so', async () => {
    const p = await context.newPage();
    const pageErrors: string[] = [];
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`file://${join(pg.dir, 'index.html')}`);
    await p.waitForFunction(() => document.body.dataset.published !== undefined, null, { timeout: 20_000 });
    expect((await findings(p)).map((f) => f.code)).toContain('image-without-tag');
    // The Go example needs the full bash parser: from file:// its .wasm cannot be fetched, the fast reader stands in.
    await p.getByRole('combobox', { name: 'Example' }).selectOption('go-multi-stage');
    await waitFor(has('copy-from-unknown-stage'), 'the Go example from file://', p);
    await expect.poll(() => p.evaluate(() => document.body.dataset.shellParser)).toBe('failed');
    await expect.poll(() => p.locator('#status').textContent()).toContain('fast reader');
    await shot('13-file-url', p);
    expect(pageErrors).toEqual([]);
    await p.close();
  });

  it('no error on the page', () => {
    expect(errors).toEqual([]);
  });
});
