/**
 * The editor's `berth.*` settings (workspace/configuration): their shape, how an answer of the wrong shape is
 * cleaned, and asking the client for them.
 */
import type { Connection } from 'vscode-languageserver';
import { ignore, messageOf, type Log } from './guard.js';

/** The editor's `berth.*` settings (workspace/configuration), applied over the configuration files. */
export interface EditorSettings {
  /** A .berth.yaml or .hadolint.yaml used for every document instead of searching for one. */
  configPath?: string;
  /** Rule severities by id, hadolint code or BuildKit name: `error`, `warning`, `info`, `style` or `off`. */
  rules?: Record<string, string>;
  /** ShellCheck on RUN scripts: on when a binary is found (this path, else PATH), unless `enabled` is false. */
  shellcheck?: { enabled?: boolean; path?: string };
  /** Formatting: spaces before continuation lines (else the editor's tab size) and keyword case. */
  format?: { continuationIndent?: number | null; keywordCase?: 'upper' | 'keep' };
}

export const LEVELS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'style', 'off']);

/**
 * The editor's answer to workspace/configuration, kept to the shape EditorSettings promises: a value of the wrong
 * type is left out (as if unset) and named in `problems`, so nothing downstream meets a number for a path.
 */
export function sanitizeSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: EditorSettings = {};
  if (raw === null || raw === undefined) return { settings, problems };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) return { settings, problems: ['the `berth` settings are not an object; they are ignored'] };
  const wrong = (name: string, what: string): void => void problems.push(`berth.${name} must be ${what}; it is ignored`);
  if (raw.configPath !== undefined && raw.configPath !== null && raw.configPath !== '') {
    if (typeof raw.configPath === 'string') settings.configPath = raw.configPath;
    else wrong('configPath', 'a path');
  }
  if (raw.rules !== undefined && raw.rules !== null) {
    if (isObject(raw.rules)) settings.rules = Object.fromEntries(Object.entries(raw.rules).map(([k, v]) => [k, String(v)]));
    else wrong('rules', 'an object of rule names and levels');
  }
  if (raw.shellcheck !== undefined && raw.shellcheck !== null) {
    if (!isObject(raw.shellcheck)) wrong('shellcheck', 'an object');
    else {
      const sc: NonNullable<EditorSettings['shellcheck']> = {};
      if (typeof raw.shellcheck.enabled === 'boolean') sc.enabled = raw.shellcheck.enabled;
      else if (raw.shellcheck.enabled !== undefined && raw.shellcheck.enabled !== null) wrong('shellcheck.enabled', 'true or false');
      if (typeof raw.shellcheck.path === 'string') sc.path = raw.shellcheck.path;
      else if (raw.shellcheck.path !== undefined && raw.shellcheck.path !== null) wrong('shellcheck.path', 'a path');
      settings.shellcheck = sc;
    }
  }
  if (raw.format !== undefined && raw.format !== null) {
    if (!isObject(raw.format)) wrong('format', 'an object');
    else {
      const f: NonNullable<EditorSettings['format']> = {};
      const indent = raw.format.continuationIndent;
      if (typeof indent === 'number' && Number.isInteger(indent) && indent >= 0 && indent <= 16) f.continuationIndent = indent;
      else if (indent !== undefined && indent !== null) wrong('format.continuationIndent', 'a whole number from 0 to 16');
      if (raw.format.keywordCase === 'upper' || raw.format.keywordCase === 'keep') f.keywordCase = raw.format.keywordCase;
      else if (raw.format.keywordCase !== undefined && raw.format.keywordCase !== null) wrong('format.keywordCase', '"upper" or "keep"');
      settings.format = f;
    }
  }
  return { settings, problems };
}

/**
 * Asks the client for the `berth` settings (at start and whenever they change) and hands them to the session;
 * what is wrong with them is shown to the user. Does nothing for a client that cannot answer.
 */
export async function fetchSettings(connection: Connection, session: { setSettings(settings: EditorSettings): void; readonly settingsErrors: readonly string[] }, log: Log): Promise<void> {
  try {
    const { settings, problems } = sanitizeSettings(await connection.workspace.getConfiguration('berth'));
    session.setSettings(settings);
    for (const e of [...problems, ...session.settingsErrors]) ignore(connection.window.showWarningMessage(`berth: ${e}`));
  } catch (e) {
    log('warn', `berth: could not read the editor settings: ${messageOf(e)}`);
  }
}
