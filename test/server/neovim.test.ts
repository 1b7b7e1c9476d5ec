/**
 * A real second LSP client: Neovim from Debian (`nvim --headless`), its built-in LSP client talking to the built
 * `berth lsp --stdio`. Debian bookworm ships Neovim 0.7, whose client has no pull diagnostics, so this also covers
 * the push path. .ci/run installs it and sets BERTH_REQUIRE_NEOVIM=1, so CI cannot skip it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, project } from '../helpers/cli.js';

const nvim = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' });
const NVIM = nvim.status === 0 ? nvim.stdout.trim() : '';
const REQUIRED = process.env.BERTH_REQUIRE_NEOVIM === '1';
if (!NVIM && !REQUIRED) console.warn('nvim is not installed: test/server/neovim.test.ts is skipped (.ci/run installs it)');

const SCRIPT = (node: string, bin: string) => `
local root = vim.fn.getcwd()
local client_id = vim.lsp.start_client({ name = 'berth', cmd = { '${node}', '${bin}', 'lsp', '--stdio' }, root_dir = root })
vim.cmd('edit ' .. root .. '/Dockerfile')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(out, string.format('diag %d:%d %s', d.lnum, d.col, tostring(d.code)))
end
local uri = vim.uri_from_bufnr(buf)
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 1, character = 1 } }, 10000)
for _, r in pairs(res or {}) do
  if r.result and r.result.contents then table.insert(out, 'hover ' .. string.gsub(r.result.contents.value or '', '\\n', ' ')) end
end
local sym = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', { textDocument = { uri = uri } }, 10000)
for _, r in pairs(sym or {}) do
  for _, s in ipairs(r.result or {}) do table.insert(out, 'symbol ' .. s.name) end
end
local comp = vim.lsp.buf_request_sync(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = 1, character = 2 } }, 10000)
for _, r in pairs(comp or {}) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, c in ipairs(items) do if c.label == 'RUN' then table.insert(out, 'completion RUN') end end
end
vim.fn.writefile(out, root .. '/out.txt')
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
`;

/** The Lua block that follows `<!-- nvim-0.7-setup -->` in docs/editors.md, exactly as a user copies it. */
function documentedSetup(markdown: string): string {
  const at = markdown.indexOf('<!-- nvim-0.7-setup -->');
  if (at < 0) throw new Error('docs/editors.md has no <!-- nvim-0.7-setup --> marker');
  const block = /^```lua\n([\s\S]*?)^```$/m.exec(markdown.slice(at));
  if (!block) throw new Error('no ```lua block follows <!-- nvim-0.7-setup --> in docs/editors.md');
  return block[1] as string;
}

// Run after the documented init.lua has opened the Dockerfile: waits for berth's pushed diagnostics.
const CHECK = `
local buf = vim.api.nvim_get_current_buf()
vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local out = { 'filetype ' .. vim.bo[buf].filetype }
for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(out, 'client ' .. c.name) end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(out, string.format('diag %d:%d %s', d.lnum, d.col, tostring(d.code)))
end
vim.fn.writefile(out, vim.fn.getcwd() .. '/out.txt')
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.cmd('qa!')
`;

describe.skipIf(!NVIM && !REQUIRED)('Neovim as an LSP client', () => {
  it('is installed where CI says it must be', () => {
    expect(NVIM, 'BERTH_REQUIRE_NEOVIM=1 but nvim is not on PATH').not.toBe('');
  });

  it('gets diagnostics, hover, symbols and completion from berth lsp --stdio', () => {
    const dir = project({ Dockerfile: 'FROM golang:1.23 AS Build\nRUN apt-get install curl\n' });
    const script = join(dir, 'client.lua');
    writeFileSync(script, SCRIPT(process.execPath, BIN));
    const r = spawnSync(NVIM, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), XDG_DATA_HOME: join(dir, '.xdg-data'), XDG_STATE_HOME: join(dir, '.xdg-state') } });
    expect(r.error, `${r.stdout}\n${r.stderr}`).toBeUndefined();
    const out = readFileSync(join(dir, 'out.txt'), 'utf8').split('\n');
    expect(out).toContain('diag 0:20 stage-name-casing');
    expect(out.some((l) => l.startsWith('diag 1:') && l.endsWith('apt-get-install-recommends'))).toBe(true);
    expect(out.find((l) => l.startsWith('hover '))).toContain('**RUN**');
    expect(out).toContain('symbol Build');
    expect(out).toContain('completion RUN');
  });

  it('runs the Neovim 0.7 setup of docs/editors.md verbatim, with `berth` from PATH', () => {
    const setup = documentedSetup(readFileSync(join(ROOT, 'docs', 'editors.md'), 'utf8'));
    expect(setup).toContain("cmd = { 'berth', 'lsp', '--stdio' }");
    // `berth` on PATH, as `npm install -g berth-lint` would put it: a shim that runs the built bin/berth.js.
    const dir = project({
      Dockerfile: 'FROM golang:1.23 AS Build\nRUN apt-get install curl\n',
      'init.lua': setup,
      'check.lua': CHECK,
      'bin/berth': `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`,
    });
    const bin = join(dir, 'bin');
    chmodSync(join(bin, 'berth'), 0o755);
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), XDG_DATA_HOME: join(dir, '.xdg-data'), XDG_STATE_HOME: join(dir, '.xdg-state') };
    const r = spawnSync(NVIM, ['--headless', '-u', join(dir, 'init.lua'), '-i', 'NONE', '-n', 'Dockerfile', '-c', `luafile ${join(dir, 'check.lua')}`], { cwd: dir, encoding: 'utf8', timeout: 60_000, env });
    expect(r.error, `${r.stdout}\n${r.stderr}`).toBeUndefined();
    const out = readFileSync(join(dir, 'out.txt'), 'utf8').split('\n');
    expect(out).toContain('filetype dockerfile');
    expect(out).toContain('client berth');
    expect(out).toContain('diag 0:20 stage-name-casing');
    expect(out.some((l) => l.startsWith('diag 1:') && l.endsWith('apt-get-install-recommends'))).toBe(true);
  });
});
