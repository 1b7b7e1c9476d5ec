// Serves the built playground (web/dist/) on http://127.0.0.1:PORT/ for development: `npm run web`. Static files
// only, from that folder and nothing above it; loopback only. Usage: node scripts/serve-web.mjs [--port N] [--dir D]
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)), opt('--dir', 'web/dist'));
const port = Number(opt('--port', process.env.PORT ?? '8787'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.map': 'application/json' };

const server = createServer((req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let size;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`berth playground: http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/ (Ctrl-C stops)\n`);
});
