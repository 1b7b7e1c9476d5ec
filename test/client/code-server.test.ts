/**
 * A real VS Code: code-server (VS Code in a browser) with the .vsix that `npm run package` builds, driven in
 * Debian's chromium through playwright-core, as a learner would use it. It opens a seed-like Dockerfile and checks
 * that the Problems panel lists berth's diagnostics (the same ones `berth lint` reports), that hovering an
 * instruction keyword shows berth's explanation, that a quick fix from the lightbulb menu (Ctrl+.) changes the file,
 * that both "Fix All" (VS Code's source action) and "berth: Fix all safe problems" apply the safe fixes, and that
 * "berth: Show the syntax tree" opens berth's tree beside the file. A screenshot per step goes to
 * .scratch/screenshots/code-server/ (not committed).
 *
 * code-server: $BERTH_CODE_SERVER (the executable), else what scripts/install-code-server.sh installed, else
 * `code-server` on PATH; chromium: $BERTH_CHROMIUM, else /usr/bin/chromium or `chromium` on PATH. Skipped when
 * either is missing, unless BERTH_REQUIRE_CODE_SERVER=1 (.ci/run installs both and sets it): then it fails.
 *
 * Nothing leaves the machine: code-server listens on 127.0.0.1 only, with no authentication, telemetry, update
 * check or extension gallery, and keeps its settings, data and extensions in a temporary folder; chromium runs
 * headless with a new profile and no background networking, and the page may fetch nothing but code-server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUCTION_DOCS } from '../../grammar/index.js';
import { ROOT, berth } from '../helpers/cli.js';

const INSTALL_SCRIPT = join(ROOT, 'scripts', 'install-code-server.sh');
const VERSION = /^VERSION=(\S+)$/m.exec(readFileSync(INSTALL_SCRIPT, 'utf8'))?.[1] ?? '';
const REQUIRED = process.env.BERTH_REQUIRE_CODE_SERVER === '1';
const SHOTS = join(ROOT, '.scratch', 'screenshots', 'code-server');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function findCodeServer(): string | undefined {
  if (process.env.BERTH_CODE_SERVER) return process.env.BERTH_CODE_SERVER;
  const home = process.env.BERTH_CODE_SERVER_HOME || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth', `code-server-${VERSION}`);
  const installed = join(home, 'node_modules', '.bin', 'code-server');
  if (existsSync(installed) && existsSync(join(home, `.berth-installed-${VERSION}`))) return installed;
  return onPath('code-server');
}

function findChromium(): string | undefined {
  if (process.env.BERTH_CHROMIUM) return process.env.BERTH_CHROMIUM;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath('chromium');
}

const CODE_SERVER = findCodeServer();
const CHROMIUM = findChromium();
const MISSING = [CODE_SERVER ? '' : `code-server (run scripts/install-code-server.sh or set BERTH_CODE_SERVER)`, CHROMIUM ? '' : 'chromium (apt-get install chromium)']
  .filter(Boolean)
  .join(' and ');
if (MISSING && !REQUIRED) console.warn(`test/client/code-server.test.ts is skipped: no ${MISSING} (.ci/run installs them)`);

/** A first Dockerfile with the mistakes learners make: a moving tag, MAINTAINER, apt-get without -y… */
const SEED = [
  'FROM ubuntu:latest',
  'MAINTAINER Jane Doe <jane@example.com>',
  'RUN apt-get update',
  'RUN apt-get install python3 curl',
  'ENV APP_HOME /app',
  'WORKDIR $APP_HOME',
  'ADD app.py .',
  'CMD python3 app.py',
  '',
].join('\n');

interface Finding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  fix: { title: string; applicability: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] } | null;
}

/** What `berth lint` (the built CLI, without ShellCheck) reports for `text`. */
function lintText(text: string): Finding[] {
  const r = berth(['lint', '--format', 'json', '--no-config', '--stdin-filename', 'Dockerfile', '-'], { input: text });
  const report = JSON.parse(r.stdout) as { results: { findings: Finding[] }[] };
  return report.results.flatMap((x) => x.findings);
}

/** `text` with a finding's fix applied (the JSON report's edits: 1-based lines and columns, end exclusive). */
function applyFix(text: string, fix: NonNullable<Finding['fix']>): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number, column: number): number => (starts[line - 1] as number) + column - 1;
  const edits = fix.edits.map((e) => ({ start: offset(e.line, e.column), end: offset(e.endLine, e.endColumn), text: e.text })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The vsix, packed by `npm run package` in a copy of client/ (so it cannot race package.test.ts over client/dist). */
function buildVsix(work: string): string {
  const mirror = join(work, 'repo');
  mkdirSync(mirror);
  for (const name of readdirSync(ROOT)) {
    if (name === 'client' || name === '.git' || name === '.scratch') continue;
    symlinkSync(join(ROOT, name), join(mirror, name));
  }
  cpSync(join(ROOT, 'client'), join(mirror, 'client'), { recursive: true, filter: (src) => !/[/\\]client[/\\](dist|node_modules)$|\.vsix$/.test(src) });
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: mirror, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const manifest = JSON.parse(readFileSync(join(mirror, 'client', 'package.json'), 'utf8')) as { name: string; version: string };
  return join(mirror, 'client', `${manifest.name}-${manifest.version}.vsix`);
}

/** Resolves when `cond` returns a truthy value; polls (no fixed sleeps) and fails with `what` after `timeout` ms. */
async function until<T>(what: string, cond: () => T | Promise<T>, timeout = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The text of a Monaco editor's rendered lines (the visible ones), top to bottom, non-breaking spaces made plain.
 * Monaco reuses line elements, so their order in the DOM is not always the order on screen: sort by position.
 */
async function editorLines(editor: Locator): Promise<string[]> {
  const lines: { top: number; text: string }[] = [];
  for (const line of await editor.locator('.view-lines .view-line').all()) {
    const top = Number(/top:\s*(-?[\d.]+)px/.exec((await line.getAttribute('style')) ?? '')?.[1] ?? 0);
    lines.push({ top, text: ((await line.textContent()) ?? '').replace(/\u00a0/g, ' ') });
  }
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
}

describe.skipIf(!!MISSING && !REQUIRED)(`VS Code (code-server ${VERSION}) with the berth .vsix, in chromium`, () => {
  let work: string;
  let workspace: string;
  let dockerfile: string;
  let server: ChildProcess | undefined;
  let serverLog = '';
  let context: BrowserContext | undefined;
  let page: Page;
  let shot = 0;
  const blocked: string[] = [];

  const stopServer = (): void => {
    if (server?.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGKILL'); // its process group: code-server, its extension host, berth's server
      } catch {
        // already gone
      }
    }
  };

  /** Runs one step; saves a screenshot after it (and when it fails, with the end of code-server's log). */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    const file = join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}`);
    try {
      await body();
      await page.screenshot({ path: `${file}.png` });
    } catch (e) {
      await page.screenshot({ path: `${file}-FAILED.png` }).catch(() => undefined);
      const err = e instanceof Error ? e : new Error(String(e));
      err.message += `\n--- code-server's log (end) ---\n${serverLog.slice(-4000)}`;
      throw err;
    }
  }

  /** Runs a command from the command palette (F1) by its exact title. */
  async function palette(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    await row.first().click({ timeout: 30_000 });
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
  }

  const dockerfileEditor = (): Locator => page.locator('.editor-instance .monaco-editor[data-uri$="/Dockerfile"]').first();

  /** Focuses the Dockerfile's editor (by its tab) and saves it with Ctrl+S; resolves when the disk holds `expected`. */
  async function saveAndRead(expected: string): Promise<string> {
    await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').click();
    await page.keyboard.press('Control+S');
    await until('the Dockerfile on disk to change', () => readFileSync(dockerfile, 'utf8') === expected, 30_000).catch(() => undefined);
    return readFileSync(dockerfile, 'utf8');
  }

  /** The Problems panel's rows for berth's findings: "<message>berth<rule>[Ln <line>, Col <col>]" each. */
  async function problemRows(): Promise<string[]> {
    const rows = page.locator('.markers-panel .monaco-list-row');
    const out: string[] = [];
    for (const row of await rows.all()) {
      if (((await row.getAttribute('aria-label')) ?? '').includes('generated by berth')) out.push((await row.textContent()) ?? '');
    }
    return out;
  }

  const rowOf = (f: Finding): string => `${f.message}berth${f.rule}[Ln ${f.line}, Col ${f.column}]`;

  /** Waits until the Problems panel lists exactly berth's findings for `text` (as `berth lint` reports them). */
  async function expectProblemsFor(text: string): Promise<void> {
    // `style` findings are LSP hints, which VS Code shows in the editor but not in the Problems panel.
    const expected = lintText(text).filter((f) => f.severity !== 'style').map(rowOf).sort();
    let rows: string[] = [];
    await until('the Problems panel to list berth\'s findings', async () => {
      rows = (await problemRows()).sort();
      return rows.length === expected.length && rows.every((r, i) => r === expected[i]);
    }, 90_000).catch(() => undefined);
    expect(rows).toEqual(expected);
  }

  beforeAll(async () => {
    if (MISSING) throw new Error(`BERTH_REQUIRE_CODE_SERVER=1 but there is no ${MISSING}`);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'berth-code-server-'));
    const vsix = buildVsix(work);

    workspace = join(work, 'workspace');
    dockerfile = join(workspace, 'Dockerfile');
    for (const dir of ['workspace', 'user-data/User', 'extensions', 'xdg/config', 'xdg/data', 'xdg/cache', 'chromium-profile']) mkdirSync(join(work, dir), { recursive: true });
    writeFileSync(dockerfile, SEED);
    writeFileSync(join(workspace, 'app.py'), 'print("hello")\n');
    writeFileSync(join(work, 'config.yaml'), ''); // not ~/.config/code-server/config.yaml
    writeFileSync(
      join(work, 'user-data', 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.editor.enablePreview': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        'files.autoSave': 'off',
        'editor.hover.delay': 150,
        'window.confirmBeforeClose': 'never',
        // The Problems panel is compared with `berth lint --no-shellcheck`, whatever ShellCheck is installed.
        'berth.shellcheck.enabled': false,
      }),
    );
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(work, 'xdg/config'),
      XDG_DATA_HOME: join(work, 'xdg/data'),
      XDG_CACHE_HOME: join(work, 'xdg/cache'),
      EXTENSIONS_GALLERY: '{}', // no extension gallery: nothing to download, nothing to look up
    };
    const dirs = ['--config', join(work, 'config.yaml'), '--user-data-dir', join(work, 'user-data'), '--extensions-dir', join(work, 'extensions')];

    const install = spawnSync(CODE_SERVER as string, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
    expect(install.stdout).toMatch(/successfully installed/);

    server = spawn(
      CODE_SERVER as string,
      [...dirs, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', workspace],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    process.once('exit', stopServer);
    server.stdout?.setEncoding('utf8').on('data', (d: string) => (serverLog += d));
    server.stderr?.setEncoding('utf8').on('data', (d: string) => (serverLog += d));
    const url = await until('code-server to listen', () => {
      if (server?.exitCode !== null) throw new Error(`code-server exited (${server?.exitCode}):\n${serverLog}`);
      return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(serverLog)?.[1];
    });

    context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: CHROMIUM as string,
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: join(work, 'xdg/config'), XDG_CACHE_HOME: join(work, 'xdg/cache') }, // not ~/.config/chromium
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await context.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.hostname === '127.0.0.1' || target.protocol === 'data:' || target.protocol === 'blob:') return route.continue();
      blocked.push(target.href);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
    console.log(`code-server ${VERSION} at ${url} with ${vsix}; screenshots in ${SHOTS}`);
  }, 420_000);

  afterAll(async () => {
    if (blocked.length > 0) console.warn(`code-server's page tried to reach (blocked):\n${blocked.join('\n')}`);
    await Promise.race([context?.close(), new Promise((r) => setTimeout(r, 20_000))]).catch(() => undefined);
    stopServer();
    process.removeListener('exit', stopServer);
    if (!work) return;
    // The links into the repository go first: nothing below may reach through them.
    const mirror = join(work, 'repo');
    for (const name of existsSync(mirror) ? readdirSync(mirror) : []) if (lstatSync(join(mirror, name)).isSymbolicLink()) unlinkSync(join(mirror, name));
    rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  }, 60_000);

  it('opens the Dockerfile; the extension activates and the Problems panel lists what `berth lint` finds', async () => {
    await step('workbench', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="Dockerfile"]').click({ timeout: 120_000 });
      await dockerfileEditor().locator('.view-lines').waitFor({ timeout: 60_000 });
    });
    await step('extension-ready', async () => {
      // The status bar item (client/src/extension.ts) says so once the language server runs.
      await page.locator('.statusbar-item[aria-label*="berth: ready"]').waitFor({ timeout: 120_000 });
      // Any of berth's squiggles (the seed's findings are warnings and infos, no errors).
      await dockerfileEditor().locator('.squiggly-error, .squiggly-warning, .squiggly-info').first().waitFor({ timeout: 60_000 });
    });
    await step('problems', async () => {
      await palette('Problems: Focus on Problems View');
      await page.locator('.markers-panel').waitFor({ timeout: 30_000 });
      await palette('View: Toggle Maximized Panel'); // every row visible: the list renders only what it shows
      const rules = lintText(SEED).map((f) => f.rule);
      for (const rule of ['image-latest-tag', 'maintainer-deprecated', 'apt-get-missing-yes', 'apt-get-install-recommends']) expect(rules).toContain(rule);
      await expectProblemsFor(SEED);
    });
    await palette('View: Toggle Maximized Panel');
  }, 420_000);

  it('hovering an instruction keyword shows berth\'s explanation of it', async () => {
    await step('hover', async () => {
      const keyword = dockerfileEditor().locator('.view-line span > span', { hasText: /^WORKDIR$/ });
      await keyword.hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: 'WORKDIR' });
      await hover.first().waitFor({ timeout: 30_000 });
      const text = (await hover.first().innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`WORKDIR — ${INSTRUCTION_DOCS.WORKDIR.summary}`);
      expect(text).toContain(INSTRUCTION_DOCS.WORKDIR.example);
      await page.mouse.move(1000, 300);
      await page.keyboard.press('Escape');
    });
  }, 120_000);

  let afterQuickFix = '';

  it('a quick fix chosen from the lightbulb menu (Ctrl+.) changes the file', async () => {
    const finding = lintText(SEED).find((f) => f.rule === 'maintainer-deprecated');
    expect(finding?.fix).toBeTruthy();
    const fix = finding?.fix as NonNullable<Finding['fix']>;
    afterQuickFix = applyFix(SEED, fix);
    expect(afterQuickFix).toContain('LABEL org.opencontainers.image.authors=');
    await step('quick-fix-menu', async () => {
      await dockerfileEditor().locator('.view-line span > span', { hasText: /^MAINTAINER$/ }).click();
      await page.mouse.move(1000, 300);
      await page.keyboard.press('Control+Period');
      await page.locator('.action-widget .monaco-list-row.action').first().waitFor({ timeout: 30_000 });
    });
    await step('quick-fix-applied', async () => {
      // The server's title (with the note it adds to unsafe fixes), chosen with the keyboard: while the menu is
      // open VS Code puts a pointer block over the page.
      const actions = page.locator('.action-widget .monaco-list-row.action');
      const titles = await Promise.all((await actions.all()).map(async (a) => (await a.getAttribute('aria-label')) ?? ''));
      const index = titles.findIndex((t) => t.startsWith(fix.title));
      expect(index, `the quick fixes offered: ${titles.join(' | ')}`).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: fix.title }).waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await until('the editor to show the fixed line', async () => (await editorLines(dockerfileEditor())).includes(afterQuickFix.split('\n')[1] as string), 30_000);
      expect(await saveAndRead(afterQuickFix)).toBe(afterQuickFix);
    });
    await step('problems-after-quick-fix', () => expectProblemsFor(afterQuickFix));
  }, 240_000);

  it('fix-all: VS Code\'s "Fix All" source action and "berth: Fix all safe problems" apply what `berth lint --fix` does', async () => {
    expect(afterQuickFix).not.toBe('');
    const fixed = berth(['lint', '--fix', '--no-config', '--stdin-filename', 'Dockerfile', '-'], { input: afterQuickFix }).stdout;
    expect(fixed).not.toBe(afterQuickFix);
    expect(fixed).toContain('apt-get install -y');
    await step('fix-all-source-action', async () => {
      await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').click();
      await palette('Fix All');
      expect(await saveAndRead(fixed)).toBe(fixed);
    });
    await step('undo', async () => {
      await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').click();
      await page.keyboard.press('Control+Z');
      expect(await saveAndRead(afterQuickFix)).toBe(afterQuickFix);
    });
    await step('berth-fix-all-command', async () => {
      await palette('berth: Fix all safe problems');
      expect(await saveAndRead(fixed)).toBe(fixed);
    });
    await step('problems-after-fix-all', () => expectProblemsFor(fixed));
  }, 300_000);

  it('"berth: Show the syntax tree" opens berth\'s tree of the file beside it', async () => {
    const text = readFileSync(dockerfile, 'utf8');
    const tree = berth(['parse', '-', '--format', 'tree'], { input: text }).stdout.split('\n');
    expect(tree[0]).toMatch(/^File@0\.\.\d+$/);
    await step('syntax-tree', async () => {
      await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').click();
      await palette('berth: Show the syntax tree');
      const view = page.locator('.editor-instance .monaco-editor[data-uri*="Dockerfile.tree"]').first();
      await view.locator('.view-lines').waitFor({ timeout: 30_000 });
      const shown = await until('the tree to be shown', async () => {
        const lines = await editorLines(view);
        return lines[0] === tree[0] ? lines : undefined;
      }, 30_000).catch(async () => editorLines(view));
      expect(shown.slice(0, 8)).toEqual(tree.slice(0, 8));
    });
  }, 120_000);
});
