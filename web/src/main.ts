/**
 * The playground page: a CodeMirror 6 editor talking LSP (@codemirror/lsp-client) to berth's own language server in
 * a Web Worker (worker.ts), a side panel with the findings and the explanation of the selected one (the text
 * `berth explain` prints, from the server's berth/ruleDocumentation request), quick-fix buttons, the examples
 * menu, settings (preview rules, severities, theme) and share-by-URL. Nothing leaves the browser.
 */
import { autocompletion } from '@codemirror/autocomplete';
import { StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { setDiagnostics, type Action, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import {
  findReferencesKeymap,
  formatDocument,
  formatKeymap,
  hoverTooltips,
  jumpToDefinitionKeymap,
  LSPClient,
  LSPPlugin,
  renameKeymap,
  serverCompletion,
  signatureHelp,
} from '@codemirror/lsp-client';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { marked } from 'marked';
import type * as lsp from 'vscode-languageserver-protocol';
import { EXAMPLES } from './examples.js';
import { semanticTokens } from './semantic.js';
import { shareFragment, textFromFragment } from './share.js';
import { startWorker } from './transport.js';

const URI = 'file:///playground/Dockerfile';
const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'] as const;
const LEVELS = ['error', 'warning', 'info', 'style', 'off'] as const;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing`);
  return el as T;
};

// ---- Settings, kept in localStorage (the text itself is kept only in the URL when shared) -------------------------

interface Settings {
  preview: boolean;
  theme: 'system' | 'light' | 'dark';
  rules: Record<string, string>;
}
function loadSettings(): Settings {
  const fallback: Settings = { preview: false, theme: 'system', rules: {} };
  try {
    const raw = JSON.parse(localStorage.getItem('berth-playground') ?? 'null') as Partial<Settings> | null;
    if (!raw || typeof raw !== 'object') return fallback;
    return {
      preview: raw.preview === true,
      theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
      rules: raw.rules && typeof raw.rules === 'object' ? Object.fromEntries(Object.entries(raw.rules).filter(([, v]) => (LEVELS as readonly string[]).includes(String(v)))) : {},
    };
  } catch {
    return fallback;
  }
}
const settings = loadSettings();
function saveSettings(): void {
  try {
    localStorage.setItem('berth-playground', JSON.stringify(settings));
  } catch {
    // Storage refused (private mode, file://): the settings last as long as the page.
  }
}

// ---- Markdown (hover texts and rule pages) ------------------------------------------------------------------------

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Raw HTML inside markdown is shown as text, never run: the markdown can quote what the user typed.
marked.use({ renderer: { html: (token) => escapeHtml(token.text) } });
function markdown(md: string): string {
  return marked.parse(md, { async: false });
}
/** For lsp-client's own rendering (hover, completion docs): drop anything that could run. */
function sanitize(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  doc.querySelectorAll('script,style,iframe,object,embed,link,meta,form').forEach((n) => n.remove());
  doc.querySelectorAll('*').forEach((el) => {
    for (const a of [...el.attributes]) {
      if (a.name.startsWith('on') || ((a.name === 'href' || a.name === 'src') && /^\s*javascript:/i.test(a.value))) el.removeAttribute(a.name);
    }
  });
  return doc.body.innerHTML;
}

// ---- The language server ------------------------------------------------------------------------------------------

const status = $('status');
let view: EditorView;
const assets = new URL('.', location.href).href;
const worker = startWorker(assets, settings.preview, {
  configuration: (section) => (section === 'berth' || section === undefined ? { rules: settings.rules } : null),
  applyEdit: (edit) => applyWorkspaceEdit(edit as lsp.WorkspaceEdit, null),
  refreshTokens: () => refreshTokens(),
});
let shellNote = '';
worker.onShellParser((error) => {
  document.body.dataset.shellParser = error ? 'failed' : 'loaded';
  shellNote = error ? ' The full bash parser could not load here; berth reads RUN scripts with its fast reader.' : '';
  if (error) console.warn(`berth: bash parser: ${error}`);
});

/** The findings of the last published version, as the server sent them. */
let findings: lsp.Diagnostic[] = [];
/** Quick fixes of the current findings, by finding index, and the document version they were computed on. */
let fixes = new Map<number, lsp.CodeAction[]>();
let fixesVersion = -1;
let selected = -1;
/** The selected finding by what it says, to find it again in the next list (its index moves as the text changes). */
let selectedKey: string | undefined;
const keyOf = (d: lsp.Diagnostic): string => `${String(d.code)}\u0000${messageOf(d)}`;
let published = 0;
const firstDiagnostics = { at: -1 };

const client = new LSPClient({
  rootUri: 'file:///playground/',
  timeout: 10_000,
  sanitizeHTML: sanitize,
  notificationHandlers: {
    'textDocument/publishDiagnostics': (c, params: lsp.PublishDiagnosticsParams) => {
      const file = c.workspace.getFile(params.uri);
      if (!file || (params.version != null && params.version !== file.version)) return true;
      showDiagnostics(params.diagnostics);
      return true;
    },
  },
  extensions: [
    {
      clientCapabilities: {
        // No `workspaceEdit.documentChanges`: lsp-client applies a rename's `changes` only.
        workspace: { configuration: true, applyEdit: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: false, tagSupport: { valueSet: [1, 2] } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
          semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
        },
      },
    },
  ],
}).connect(worker.transport);

const lspConfig = (): void => client.notification('workspace/didChangeConfiguration', { settings: null });

// ---- Diagnostics: editor, panel, quick fixes ----------------------------------------------------------------------

function toCm(d: lsp.Diagnostic, plugin: LSPPlugin, actions: lsp.CodeAction[]): CmDiagnostic {
  const from = plugin.unsyncedChanges.mapPos(plugin.fromPosition(d.range.start, plugin.syncedDoc));
  const to = plugin.unsyncedChanges.mapPos(plugin.fromPosition(d.range.end, plugin.syncedDoc));
  const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity === 3 ? 'info' : 'hint';
  const out: CmDiagnostic = { from, to, severity, message: messageOf(d), source: String(d.code ?? 'berth') };
  const fix = actions.find((a) => a.edit && !a.title.startsWith('Disable '));
  if (fix) out.actions = [{ name: 'Apply fix', apply: () => void applyAction(fix) } satisfies Action];
  return out;
}

function showDiagnostics(list: lsp.Diagnostic[]): void {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  findings = [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  fixes = new Map();
  view.dispatch(setDiagnostics(view.state, findings.map((d) => toCm(d, plugin, []))));
  published++;
  if (firstDiagnostics.at < 0) {
    // Since the page was opened (performance.now() counts from navigation).
    firstDiagnostics.at = performance.now();
    // Semantic highlighting waits for the first findings: the plain Dockerfile mode colours the text until then.
    setTimeout(refreshTokens, 0);
    document.body.dataset.firstDiagnosticsMs = String(Math.round(firstDiagnostics.at));
  }
  document.body.dataset.published = String(published);
  renderFindings();
  // When these findings are on screen (the frame after they were set): what bench/playground.ts measures.
  const generation = published;
  requestAnimationFrame(() => {
    if (generation === published) document.body.dataset.shownAt = String(performance.now());
  });
  void loadFixes(published);
}

const sameRange = (a: lsp.Range, b: lsp.Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Asks for every quick fix of the document once, and hangs each on its finding. */
async function loadFixes(generation: number): Promise<void> {
  if (findings.length === 0) return;
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  const end = plugin.syncedDoc.length;
  const version = client.workspace.getFile(URI)?.version ?? -1;
  let actions: (lsp.CodeAction | lsp.Command)[] | null;
  try {
    actions = await client.request<lsp.CodeActionParams, (lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: plugin.toPosition(end, plugin.syncedDoc) },
      context: { diagnostics: findings, only: ['quickfix'] },
    });
  } catch {
    return;
  }
  if (generation !== published || !actions) return;
  fixesVersion = version;
  findings.forEach((d, i) => {
    const mine = actions.filter((a): a is lsp.CodeAction => 'title' in a && 'edit' in a && (a.diagnostics ?? []).some((x) => x.code === d.code && sameRange(x.range, d.range)));
    if (mine.length > 0) fixes.set(i, mine);
  });
  view.dispatch(setDiagnostics(view.state, findings.map((d, i) => toCm(d, plugin, fixes.get(i) ?? []))));
  renderFindings();
}

/** The document's quick fixes, asked for now, on the text as the server has it after a sync. */
async function currentFixes(): Promise<{ version: number; actions: lsp.CodeAction[] } | undefined> {
  const plugin = LSPPlugin.get(view);
  const file = client.workspace.getFile(URI);
  if (!plugin || !file) return undefined;
  client.sync();
  const version = file.version;
  try {
    const actions = await client.request<lsp.CodeActionParams, (lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: plugin.toPosition(plugin.syncedDoc.length, plugin.syncedDoc) },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    return { version, actions: (actions ?? []).filter((a): a is lsp.CodeAction => 'title' in a && 'edit' in a) };
  } catch {
    return undefined;
  }
}

/**
 * Applies a quick fix. Its edit holds for the version it was computed on; when the text has moved on since (typing
 * after the findings came), the same fix is asked for again on the text as it is, so an edit never lands on the
 * wrong characters.
 */
async function applyAction(action: lsp.CodeAction): Promise<void> {
  const plugin = LSPPlugin.get(view);
  const file = client.workspace.getFile(URI);
  if (!plugin || !file) return;
  let chosen: lsp.CodeAction | undefined = action;
  if (file.version !== fixesVersion || !plugin.unsyncedChanges.empty) {
    const fresh = await currentFixes();
    chosen = fresh?.actions.find((a) => a.title === action.title && (a.diagnostics ?? []).some((d) => d.code === action.diagnostics?.[0]?.code));
    if (!fresh || file.version !== fresh.version || !plugin.unsyncedChanges.empty) return announce('The text changed while the fix was prepared: press the button again.');
    if (!chosen) return announce('That fix no longer applies to the text as it is now.');
  }
  if (chosen.edit) applyWorkspaceEdit(chosen.edit, chosen.title);
}

function applyWorkspaceEdit(edit: lsp.WorkspaceEdit, title: string | null): boolean {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return false;
  let edits: lsp.TextEdit[] = [];
  if (edit.changes) edits = edit.changes[URI] ?? [];
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c && c.textDocument.uri === URI) edits = edits.concat(c.edits as lsp.TextEdit[]);
  }
  if (edits.length === 0) return false;
  const changes = edits.map((e) => ({
    from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.start, plugin.syncedDoc), 1),
    to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.end, plugin.syncedDoc), -1),
    insert: e.newText,
  }));
  view.dispatch({ changes, userEvent: 'input.fix' });
  if (title) announce(`Applied: ${title}`);
  view.focus();
  return true;
}

const list = $<HTMLUListElement>('findings');
const details = $('details-body');
const count = $('count');

/** A finding's message as text (LSP 3.18 allows markup; berth sends plain text). */
function messageOf(d: lsp.Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function lineOf(d: lsp.Diagnostic): string {
  return `line ${d.range.start.line + 1}, column ${d.range.start.character + 1}`;
}

function renderFindings(): void {
  const errors = findings.filter((d) => d.severity === 1).length;
  count.textContent = `(${findings.length})`;
  status.textContent =
    findings.length === 0
      ? `berth found nothing to say about this Dockerfile.${shellNote}`
      : `berth: ${findings.length} finding${findings.length === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}.${shellNote}`;
  // The list is drawn anew for every version (and again when its fixes arrive): a keyboard user inside it keeps their
  // place — the same button of the same finding, else the finding now where theirs was — instead of being dropped
  // at the top of the page.
  const active = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : undefined;
  const activeItem = active?.closest('li');
  const place = activeItem
    ? {
        key: activeItem.dataset.key,
        index: [...list.children].indexOf(activeItem),
        fix: active?.classList.contains('apply-fix') ? [...activeItem.querySelectorAll('.apply-fix')].indexOf(active) : -1,
      }
    : undefined;
  list.replaceChildren(
    ...findings.map((d, i) => {
      const li = document.createElement('li');
      li.className = `finding sev-${SEVERITY_NAMES[d.severity ?? 1]}`;
      li.dataset.key = keyOf(d);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'finding-main';
      button.setAttribute('aria-pressed', String(i === selected));
      button.innerHTML = `<span class="sev">${SEVERITY_NAMES[d.severity ?? 1]}</span> <span class="msg"></span> <span class="where"></span> <code class="rule"></code>`;
      button.querySelector('.msg')!.textContent = messageOf(d);
      button.querySelector('.where')!.textContent = lineOf(d);
      button.querySelector('.rule')!.textContent = String(d.code ?? '');
      button.addEventListener('click', () => select(i, true));
      li.append(button);
      for (const action of fixes.get(i) ?? []) {
        if (action.title.startsWith('Disable ')) continue;
        const fix = document.createElement('button');
        fix.type = 'button';
        fix.className = 'apply-fix';
        fix.textContent = `Apply fix: ${action.title}`;
        fix.addEventListener('click', () => void applyAction(action));
        li.append(fix);
      }
      return li;
    }),
  );
  if (place) {
    const items = [...list.children] as HTMLElement[];
    const same = items.find((li) => li.dataset.key === place.key);
    const item = same ?? items[Math.min(place.index, items.length - 1)];
    const target = (same && place.fix >= 0 ? item?.querySelectorAll<HTMLElement>('.apply-fix')[place.fix] : undefined) ?? item?.querySelector<HTMLElement>('.finding-main');
    (target ?? list).focus();
  }
  const again = selectedKey === undefined ? -1 : findings.findIndex((d) => keyOf(d) === selectedKey);
  if (selectedKey !== undefined && again < 0) {
    // The finding the panel explains is gone (fixed, or the text changed): say so above its explanation.
    const line = details.querySelector('.finding-line');
    if (line && !line.textContent?.startsWith('Gone')) line.textContent = `Gone from the file now: ${line.textContent ?? ''}`;
  }
  selected = again;
  for (const [j, b] of [...list.querySelectorAll('.finding-main')].entries()) b.setAttribute('aria-pressed', String(j === selected));
}

async function select(i: number, moveCursor: boolean): Promise<void> {
  const d = findings[i];
  if (!d) return;
  selected = i;
  selectedKey = keyOf(d);
  for (const [j, b] of [...list.querySelectorAll('.finding-main')].entries()) b.setAttribute('aria-pressed', String(j === i));
  const plugin = LSPPlugin.get(view);
  if (moveCursor && plugin) {
    const pos = Math.min(view.state.doc.length, plugin.unsyncedChanges.mapPos(plugin.fromPosition(d.range.start, plugin.syncedDoc)));
    view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  }
  const rule = String(d.code ?? '');
  await explainRule(rule, d);
}

async function explainRule(rule: string, d?: lsp.Diagnostic): Promise<void> {
  let doc: { ids: string[]; markdown: string } | null = null;
  try {
    doc = await client.request<{ rule: string }, { ids: string[]; markdown: string } | null>('berth/ruleDocumentation', { rule });
  } catch {
    doc = null;
  }
  details.replaceChildren();
  if (d) {
    const p = document.createElement('p');
    p.className = 'finding-line';
    p.textContent = `${lineOf(d)}: ${messageOf(d)}`;
    details.append(p);
  }
  if (doc) {
    const id = doc.ids[0] ?? rule;
    const body = document.createElement('div');
    body.className = 'rule-doc';
    body.innerHTML = markdown(doc.markdown);
    details.append(body, severityControl(id));
  } else {
    const p = document.createElement('p');
    p.textContent = `No page for ${rule}.`;
    details.append(p);
  }
}

/** "Report this rule as …": the editor setting berth.rules, sent to the server as VS Code would. */
function severityControl(id: string): HTMLElement {
  const label = document.createElement('label');
  label.className = 'field severity';
  label.textContent = `Report ${id} as `;
  const sel = document.createElement('select');
  sel.id = 'rule-severity';
  const current = settings.rules[id];
  sel.append(new Option('its own severity', '', current === undefined, current === undefined));
  for (const l of LEVELS) sel.append(new Option(l === 'off' ? 'off (do not report)' : l, l, current === l, current === l));
  sel.addEventListener('change', () => {
    if (sel.value === '') delete settings.rules[id];
    else settings.rules[id] = sel.value;
    saveSettings();
    renderSeveritySummary();
    lspConfig();
  });
  label.append(sel);
  return label;
}

function renderSeveritySummary(): void {
  const entries = Object.entries(settings.rules);
  $('severity-summary').textContent = entries.length === 0 ? 'Every rule at its own severity.' : `Changed: ${entries.map(([k, v]) => `${k} → ${v}`).join(', ')}.`;
}

// ---- Keyboard "explain at cursor": hover into the panel -----------------------------------------------------------

async function explainAtCursor(): Promise<boolean> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return false;
  client.sync();
  const pos = view.state.selection.main.head;
  const at = findings.findIndex((d) => {
    const from = plugin.fromPosition(d.range.start, plugin.syncedDoc);
    const to = plugin.fromPosition(d.range.end, plugin.syncedDoc);
    return from <= pos && pos <= to;
  });
  let hover: lsp.Hover | null = null;
  try {
    hover = await client.request<lsp.HoverParams, lsp.Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: plugin.toPosition(pos) });
  } catch {
    hover = null;
  }
  if (hover) {
    const c = hover.contents;
    const md = typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n\n') : c.value;
    details.innerHTML = markdown(md);
    if (at >= 0) {
      const more = document.createElement('button');
      more.type = 'button';
      more.textContent = `Explain the finding here (${String(findings[at]!.code)})`;
      more.addEventListener('click', () => void select(at, false));
      details.append(more);
    }
  } else if (at >= 0) {
    await select(at, false);
  } else {
    details.textContent = 'Nothing to explain at the cursor.';
  }
  return true;
}

// ---- Themes --------------------------------------------------------------------------------------------------------

const themeCompartment = new Compartment();
function isDark(): boolean {
  return settings.theme === 'dark' || (settings.theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
}
function applyTheme(): void {
  const theme = isDark() ? 'dark' : 'light';
  // Only a change reconfigures the editor (that re-measures the whole view: costly while the page starts).
  if (document.documentElement.dataset.theme === theme) return;
  document.documentElement.dataset.theme = theme;
  view?.dispatch({ effects: themeCompartment.reconfigure(EditorView.theme({}, { dark: theme === 'dark' })) });
}

// ---- Semantic tokens -------------------------------------------------------------------------------------------------

const tokens = semanticTokens(client);
function refreshTokens(): void {
  tokens.refresh(view);
}

// ---- The editor ----------------------------------------------------------------------------------------------------

/** Sends each change at once (lsp-client's own sync waits half a second): diagnostics follow every keystroke. */
const syncNow = EditorView.updateListener.of((u) => {
  if (u.docChanged) queueMicrotask(() => client.sync());
});

const dockerfileLanguage = StreamLanguage.define({ ...dockerFile, name: 'dockerfile' });
const initial = textFromFragment(location.hash) ?? EXAMPLES[0]!.text;

view = new EditorView({
  parent: $('editor-host'),
  state: EditorState.create({
    doc: initial,
    extensions: [
      basicSetup,
      dockerfileLanguage,
      syntaxHighlighting(classHighlighter),
      themeCompartment.of(EditorView.theme({}, { dark: isDark() })),
      EditorView.contentAttributes.of({ 'aria-label': 'Dockerfile editor', 'aria-describedby': 'example-about' }),
      client.plugin(URI, 'dockerfile'),
      autocompletion(),
      serverCompletion(),
      hoverTooltips({ hoverTime: 250 }),
      signatureHelp(),
      keymap.of([{ key: 'Alt-i', run: () => (void explainAtCursor(), true) }, ...formatKeymap, ...renameKeymap, ...jumpToDefinitionKeymap, ...findReferencesKeymap]),
      tokens.extension,
      syncNow,
    ],
  }),
});
document.documentElement.dataset.theme = isDark() ? 'dark' : 'light';
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', applyTheme);
void client.initializing.then(() => {
  document.body.dataset.initializedMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
});

// ---- Header controls -------------------------------------------------------------------------------------------------

const examples = $<HTMLSelectElement>('examples');
const about = $('example-about');
if (textFromFragment(location.hash) !== undefined) examples.append(new Option('Shared Dockerfile (from the link)', 'shared', true, true));
for (const e of EXAMPLES) examples.append(new Option(e.title, e.id, false, textFromFragment(location.hash) === undefined && e === EXAMPLES[0]));
function describeExample(): void {
  const e = EXAMPLES.find((x) => x.id === examples.value);
  about.textContent = e ? e.about : 'A Dockerfile someone shared with you. Nothing of it was sent anywhere: it travels inside the link.';
}
describeExample();
examples.addEventListener('change', () => {
  const e = EXAMPLES.find((x) => x.id === examples.value);
  describeExample();
  if (!e) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: e.text }, selection: { anchor: 0 } });
  selected = -1;
  selectedKey = undefined;
  details.innerHTML = '<p>Pick a finding to read why it matters and how to fix it.</p>';
  announce(`Loaded the example: ${e.title}`);
});

$('format').addEventListener('click', () => {
  formatDocument(view);
  view.focus();
});

$('share').addEventListener('click', async () => {
  const fragment = shareFragment(view.state.doc.toString());
  history.replaceState(null, '', fragment);
  const url = location.href;
  document.body.dataset.shareUrl = url;
  try {
    await navigator.clipboard.writeText(url);
    announce('The share link is copied. It holds the whole Dockerfile; nothing was sent anywhere.');
  } catch {
    announce('The share link is in the address bar. It holds the whole Dockerfile; nothing was sent anywhere.');
  }
});

const preview = $<HTMLInputElement>('preview');
preview.checked = settings.preview;
preview.addEventListener('change', () => {
  settings.preview = preview.checked;
  saveSettings();
  worker.setPreview(settings.preview);
  // As if a .berth.yaml had changed: the server re-reads the configuration and lints again.
  client.notification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///playground/.berth.yaml', type: 2 }] });
  announce(settings.preview ? 'Preview rules are on.' : 'Preview rules are off.');
});

const theme = $<HTMLSelectElement>('theme');
theme.value = settings.theme;
theme.addEventListener('change', () => {
  settings.theme = theme.value === 'light' || theme.value === 'dark' ? theme.value : 'system';
  saveSettings();
  applyTheme();
});

$('reset-severities').addEventListener('click', () => {
  settings.rules = {};
  saveSettings();
  renderSeveritySummary();
  lspConfig();
  announce('Every rule is back at its own severity.');
});
renderSeveritySummary();

window.addEventListener('hashchange', () => {
  const text = textFromFragment(location.hash);
  if (text === undefined || text === view.state.doc.toString()) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
});

function announce(message: string): void {
  status.textContent = message;
}

// For the tests and the bench: the page's state, read-only.
(window as unknown as { berthPlayground: unknown }).berthPlayground = {
  text: () => view.state.doc.toString(),
  findings: () => findings.map((d) => ({ code: d.code, message: messageOf(d), line: d.range.start.line + 1 })),
  setText: (text: string) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
  insert: (at: number, text: string) => view.dispatch({ changes: { from: at, insert: text } }),
};
