/**
 * The playground's Web Worker: berth's own language server (server/server.ts), as editors get it, on a MessagePort
 * the page hands over. The page talks LSP on that port; the worker's own message channel carries only the
 * playground's controls (the preview switch), so the two never mix.
 *
 * What needs a machine is left out or replaced (see browserHost): no configuration files (the page's settings stand
 * in for them), no ShellCheck, the bash parser's .wasm fetched from the folder the page was served from.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { bashError, bashLoaded, loadBash } from '../../grammar/index.js';
import type { ConfigFragment } from '../../rules/engine/config-file.js';
import type { ServerHost } from '../../server/host.js';
import { startServer } from '../../server/server.js';
import type { ToWorker } from './protocol.js';

declare const BERTH_VERSION: string;

interface WorkerScope {
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;

/** The playground's configuration: what a .berth.yaml would say, from the page's switches. */
let preview = false;

function fragment(): ConfigFragment {
  return { rules: new Map(), settings: {}, preview, cli: {}, files: { include: [], exclude: [] } };
}

/** Everything the server needs from the browser. */
export function browserHost(assets: string): ServerHost {
  return {
    version: typeof BERTH_VERSION === 'string' ? BERTH_VERSION : 'dev',
    config: {
      // One page, one document, one configuration.
      scope: () => 'playground',
      find: () => ({ fragment: fragment() }),
      reload: () => undefined,
    },
    async loadShellParser() {
      if (bashLoaded()) return undefined;
      await loadBash({ language: new URL('tree-sitter-bash.wasm', assets), runtime: new URL('web-tree-sitter.wasm', assets) });
      const error = bashError();
      scope.postMessage({ type: 'shell-parser', error: error ?? null });
      return error;
    },
    // No ShellCheck and no memory figures in a browser: left out, the server does without them.
    exit: () => scope.close(),
  };
}

scope.addEventListener('message', (e) => {
  const msg = e.data as ToWorker;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'start') {
    preview = msg.preview === true;
    const port = msg.port;
    const reader = new BrowserMessageReader(port);
    const writer = new BrowserMessageWriter(port);
    startServer({ reader, writer, connect: (r, w, options) => createConnection(r, w, options) }, browserHost(msg.assets));
  } else if (msg.type === 'preview') {
    preview = msg.on === true;
  }
});
