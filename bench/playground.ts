/// <reference lib="dom" />
/**
 * bench/playground: the playground's budgets (issue #18), in Debian's headless chromium on this machine.
 * - Transferred size: the gzip -9 size of every file the page loads (HTML, CSS, scripts, the bash parser's .wasm,
 *   loaded by opening the example with a heredoc), summed. Budget ≤ 1.5 MB.
 * - First diagnostics: from opening the page (navigation start) to the frame that shows the first findings, in a
 *   fresh browser context each time (nothing cached). Budget ≤ 1 s (median).
 * - Keystroke → diagnostics: from a key's keydown to the frame showing the findings of the text it made, one key
 *   every 150 ms (a quick typist). Budget ≤ 100 ms (median).
 * Prints the machine's load average too: on a shared machine the timings move with it.
 *
 * Run: npm run bench:playground           Options: --runs=N page opens (default 7), --keys=N keystrokes (default 40)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HAVE_CHROMIUM, openPlayground } from '../test/helpers/playground.js';
import { option } from './harness.js';

const RUNS = option('runs', 7);
const KEYS = option('keys', 40);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');

/**
 * CPU time (user + system, ms) used so far by the processes descending from this one (chromium's), from /proc
 * (Linux). Its change over a page open is what opening the page costs, whatever else the machine is doing.
 */
function chromiumCpuMs(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    let p: number | undefined = parent.get(pid);
    while (p !== undefined && p > 1 && p !== process.pid) p = parent.get(p);
    if (p === process.pid) total += ms;
  }
  return total;
}

if (!HAVE_CHROMIUM) {
  console.error('bench:playground needs chromium (/usr/bin/chromium or $BERTH_CHROMIUM)');
  process.exit(1);
}

const load = loadavg().map((x) => x.toFixed(1)).join(' ');
const pg = await openPlayground();
try {
  console.log(`berth playground bench — chromium ${pg.browser.version()}, load average ${load} (${RUNS} opens, ${KEYS} keys)`);

  // Transferred size: every file the page loads, as a static host sends it gzipped.
  const ctx = await pg.context();
  const page = await ctx.newPage();
  const loaded = new Set<string>();
  // The context sees the worker's requests (the .wasm files) as well as the page's.
  ctx.on('request', (r) => loaded.add(r.url()));
  await page.goto(pg.server.url);
  await page.waitForFunction(() => document.body.dataset.published !== undefined, null, { timeout: 30_000 });
  await page.selectOption('#examples', 'go-multi-stage');
  await page.waitForFunction(() => (window as unknown as { berthPlayground: { findings(): { code: string }[] } }).berthPlayground.findings().some((f) => f.code === 'heredoc-without-errexit'), null, { timeout: 30_000 });
  let total = 0;
  const rows: string[] = [];
  for (const url of [...loaded].sort()) {
    const u = new URL(url);
    if (u.origin !== new URL(pg.server.url).origin) continue;
    const file = join(pg.dir, u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname));
    const raw = statSync(file).size;
    const gz = gzipSync(readFileSync(file), { level: 9 }).length;
    total += gz;
    rows.push(`  ${u.pathname.padEnd(26)} ${(raw / 1024).toFixed(0).padStart(6)} KiB raw  ${(gz / 1024).toFixed(0).padStart(5)} KiB gzip`);
  }
  await ctx.close();
  console.log(rows.join('\n'));
  const mb = total / 1e6;
  console.log(`transferred size (gzip): ${mb.toFixed(2)} MB — budget ≤ 1.5 MB: ${verdict(mb <= 1.5)}`);

  // First diagnostics, cold, from navigation start.
  const firsts: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = await pg.context();
    const p = await c.newPage();
    const cpuBefore = chromiumCpuMs();
    await p.goto(pg.server.url);
    await p.waitForFunction(() => document.body.dataset.shownAt !== undefined, null, { timeout: 30_000 });
    cpus.push(chromiumCpuMs() - cpuBefore);
    firsts.push(Number(await p.evaluate(() => document.body.dataset.shownAt)));
    await c.close();
  }
  const first = median(firsts);

  // The floor: a fresh context opening a page of one paragraph that starts an empty Web Worker, on this machine now.
  const floors: number[] = [];
  const floorCpus: number[] = [];
  const blank = 'data:text/html,<p>berth</p><script>new Worker(URL.createObjectURL(new Blob(["postMessage(1)"])));</script>';
  for (let i = 0; i < RUNS; i++) {
    const c = await pg.context();
    const p = await c.newPage();
    const cpuBefore = chromiumCpuMs();
    await p.goto(blank);
    await p.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'), null, { timeout: 30_000 });
    floorCpus.push(chromiumCpuMs() - cpuBefore);
    floors.push(Number(await p.evaluate(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN)));
    await c.close();
  }
  console.log(`first diagnostics: median ${first.toFixed(0)} ms (min ${Math.min(...firsts).toFixed(0)}, max ${Math.max(...firsts).toFixed(0)}) — budget ≤ 1000 ms: ${verdict(first <= 1000)}`);
  console.log(`  CPU time chromium spent on each open until then (all its processes, any core): median ${median(cpus).toFixed(0)} ms`);
  console.log(`  floor: a fresh context painting one paragraph and starting an empty worker: ${median(floors).toFixed(0)} ms, ${median(floorCpus).toFixed(0)} ms of CPU`);

  // Keystroke → diagnostics on screen.
  const c = await pg.context();
  const p = await c.newPage();
  await p.goto(pg.server.url);
  await p.waitForFunction(() => document.body.dataset.shownAt !== undefined, null, { timeout: 30_000 });
  await p.evaluate(() => {
    const w = window as unknown as { lastKey: number };
    document.addEventListener('keydown', (e) => (w.lastKey = e.timeStamp), { capture: true });
  });
  await p.locator('.cm-content').focus();
  // Type on the FROM line (its tag changes the findings), then take it back.
  await p.keyboard.press('Control+Home');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('End');
  const keys = [...':22.04-focal'.slice(0, Math.ceil(KEYS / 2))];
  const sequence = [...keys, ...keys.map(() => 'Backspace')].slice(0, KEYS);
  const delays: number[] = [];
  for (const key of sequence) {
    const before = await p.evaluate(() => Number(document.body.dataset.published));
    await p.keyboard.press(key);
    const shown = await p.waitForFunction(
      (n) => {
        const d = document.body.dataset;
        return Number(d.published) > n && d.shownAt !== undefined && Number(d.shownAt) > (window as unknown as { lastKey: number }).lastKey ? Number(d.shownAt) - (window as unknown as { lastKey: number }).lastKey : false;
      },
      before,
      { timeout: 10_000, polling: 5 },
    );
    delays.push(Number(await shown.jsonValue()));
    await p.waitForTimeout(150);
  }
  await c.close();
  const key = median(delays);
  console.log(`keystroke → diagnostics: median ${key.toFixed(0)} ms (p90 ${[...delays].sort((a, b) => a - b)[Math.floor(delays.length * 0.9)]!.toFixed(0)}, max ${Math.max(...delays).toFixed(0)}) — budget ≤ 100 ms: ${verdict(key <= 100)}`);
} finally {
  await pg.close();
}
