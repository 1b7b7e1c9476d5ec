/**
 * The page's end of the language server: starts the worker, hands it a MessagePort for LSP, and gives
 * @codemirror/lsp-client a Transport over that port. Requests the server sends to the client (its settings, an
 * edit to apply, registrations, refreshes) are answered here, since lsp-client answers none of them.
 */
import type { Transport } from '@codemirror/lsp-client';
import type { FromWorker, ToWorker } from './protocol.js';

export interface ServerRequests {
  /** workspace/configuration: the `berth` section (the editor settings the page's switches make). */
  configuration(section: string | undefined): unknown;
  /** workspace/applyEdit. */
  applyEdit(edit: unknown): boolean;
  /** workspace/semanticTokens/refresh. */
  refreshTokens(): void;
}

export interface WorkerConnection {
  transport: Transport;
  /** Preview rules on or off in the worker's configuration (the caller then tells the server to re-read it). */
  setPreview(on: boolean): void;
  /** The bash parser's outcome, once the first RUN needs it. */
  onShellParser(listener: (error: string | null) => void): void;
}

/**
 * lsp-client announces pull diagnostics (`textDocument.diagnostic`) but never pulls; the server would then wait to
 * be asked. Taking the announcement out of `initialize` makes the server push them, which lsp-client does take.
 */
function announce(message: { method?: string; params?: { capabilities?: { textDocument?: Record<string, unknown> } } }): unknown {
  if (message.method === 'initialize') delete message.params?.capabilities?.textDocument?.diagnostic;
  return message;
}

/**
 * Connects to the worker index.html started (worker.js by URL, or from disk from worker-source.js as a Blob URL),
 * or starts it here when the page did not.
 */
export function startWorker(assets: string, preview: boolean, answer: ServerRequests): WorkerConnection {
  const g = globalThis as { berthWorker?: Worker; BERTH_WORKER_SOURCE?: string };
  const worker =
    g.berthWorker ??
    (g.BERTH_WORKER_SOURCE
      ? new Worker(URL.createObjectURL(new Blob([g.BERTH_WORKER_SOURCE], { type: 'text/javascript' })), { name: 'berth language server' })
      : new Worker(new URL('worker.js', assets), { name: 'berth language server' }));
  const channel = new MessageChannel();
  const port = channel.port1;
  const handlers = new Set<(value: string) => void>();
  const shellListeners: ((error: string | null) => void)[] = [];
  const post = (message: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(message, transfer);

  const reply = (id: unknown, result: unknown): void => port.postMessage({ jsonrpc: '2.0', id, result });
  port.onmessage = (e: MessageEvent) => {
    const msg = e.data as { id?: unknown; method?: string; params?: unknown };
    if (msg && typeof msg.method === 'string' && msg.id !== undefined) {
      // A request from the server to the client.
      switch (msg.method) {
        case 'workspace/configuration': {
          const items = ((msg.params as { items?: { section?: string }[] } | undefined)?.items ?? []);
          return reply(msg.id, items.map((i) => answer.configuration(i.section)));
        }
        case 'workspace/applyEdit':
          return reply(msg.id, { applied: answer.applyEdit((msg.params as { edit?: unknown } | undefined)?.edit) });
        case 'workspace/semanticTokens/refresh':
          answer.refreshTokens();
          return reply(msg.id, null);
        default:
          // client/registerCapability, window/workDoneProgress/create, refreshes: acknowledged.
          return reply(msg.id, null);
      }
    }
    const text = JSON.stringify(msg);
    for (const h of handlers) h(text);
  };
  worker.onmessage = (e: MessageEvent) => {
    const msg = e.data as FromWorker;
    if (msg?.type === 'shell-parser') for (const l of shellListeners) l(msg.error);
  };
  worker.onerror = (e) => console.error('berth worker:', e.message);
  post({ type: 'start', port: channel.port2, assets, preview }, [channel.port2]);

  return {
    transport: {
      send: (message) => port.postMessage(announce(JSON.parse(message))),
      subscribe: (h) => void handlers.add(h),
      unsubscribe: (h) => void handlers.delete(h),
    },
    setPreview: (on) => post({ type: 'preview', on }),
    onShellParser: (l) => void shellListeners.push(l),
  };
}
