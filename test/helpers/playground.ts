/**
 * The playground in a real browser, for test/web/ and bench/playground.ts: builds the site once into a temporary
 * folder, serves it on loopback and drives Debian's chromium through playwright-core (no browser download).
 * Chromium: $BERTH_CHROMIUM, else /usr/bin/chromium. Without it the browser tests skip with a message, unless
 * BERTH_REQUIRE_CHROMIUM=1 (then they fail).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/serve-web.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.BERTH_CHROMIUM || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const REQUIRE_CHROMIUM = process.env.BERTH_REQUIRE_CHROMIUM === '1';
export const SHOTS = join(ROOT, '.scratch/screenshots/playground');

/** Builds the site (scripts/build-web.mjs) into a new temporary folder; returns that folder. */
export async function buildSite(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'berth-playground-'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build-web.mjs'), '--out', out], { cwd: ROOT });
  return out;
}

export interface Playground {
  dir: string;
  server: StaticServer;
  browser: Browser;
  /** A fresh browser context that can reach nothing but the loopback server (the page must need nothing else). */
  context(options?: { colorScheme?: 'light' | 'dark' }): Promise<BrowserContext & { blocked: string[] }>;
  close(): Promise<void>;
}

export async function openPlayground(dir?: string): Promise<Playground> {
  const site = dir ?? (await buildSite());
  const server = await serveStatic(site);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    dir: site,
    server,
    browser,
    async context(options = {}) {
      const ctx = (await browser.newContext({ viewport: { width: 1300, height: 860 }, colorScheme: options.colorScheme ?? 'light' })) as BrowserContext & { blocked: string[] };
      ctx.blocked = [];
      await ctx.route('**/*', (route) => {
        const target = new URL(route.request().url());
        if (target.hostname === '127.0.0.1' || target.protocol === 'data:' || target.protocol === 'blob:' || target.protocol === 'file:') return route.continue();
        ctx.blocked.push(target.href);
        return route.abort();
      });
      return ctx;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
