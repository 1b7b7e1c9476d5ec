/**
 * berth's own requests and the one command the server carries out: the documentation page of a rule, the
 * server's memory, and applying a fix's edit for a client without code action literals.
 */
import { ErrorCodes, RequestType, RequestType0, ResponseError, type Connection, type ExecuteCommandParams, type WorkspaceEdit } from 'vscode-languageserver';
import { APPLY_EDIT_COMMAND } from './convert.js';
import type { Log } from './guard.js';
import type { MemoryUsage, ServerHost } from './host.js';

/**
 * berth's own request: the documentation page of a rule (by id, hadolint code, BuildKit name or ShellCheck code),
 * rendered offline from the rule's metadata as `berth explain --format markdown` renders it, ending with a link to
 * its web version. Null for a name berth does not know.
 */
export interface RuleDocumentationParams {
  rule: string;
}
export interface RuleDocumentationResult {
  /** The rules the name stands for (one, except for an alias two rules share). */
  ids: string[];
  markdown: string;
  /** Where each is documented on the web (what a diagnostic's codeDescription links to). */
  urls: string[];
}
export const RuleDocumentationRequest = new RequestType<RuleDocumentationParams, RuleDocumentationResult | null, void>('berth/ruleDocumentation');

export async function ruleDocumentationOf(p: RuleDocumentationParams): Promise<RuleDocumentationResult | null> {
  // Every rule's documentation: loaded when first asked for, not when the server starts.
  const docs = typeof p?.rule === 'string' ? (await import('../rules/docs.js')).ruleDocumentation(p.rule) : [];
  if (docs.length === 0) return null;
  return { ids: docs.map((d) => d.id), markdown: docs.map((d) => d.markdown).join('\n'), urls: docs.map((d) => d.url) };
}

/**
 * berth's own request: the server's memory in bytes, after a garbage collection when Node runs with --expose-gc
 * (`collected` says whether it did). For measuring, and for a user reporting that the server grows.
 */
export type MemoryUsageResult = MemoryUsage;
export const MemoryUsageRequest = new RequestType0<MemoryUsageResult, void>('berth/memoryUsage');

export function memoryUsageOf(host: ServerHost): MemoryUsageResult {
  if (!host.memoryUsage) throw new ResponseError(ErrorCodes.InternalError, 'berth: the memory in use cannot be measured here');
  return host.memoryUsage();
}

/** For clients without code action literals: the action's edit comes back as the command's argument. */
export async function executeCommand(connection: Connection, log: Log, p: ExecuteCommandParams): Promise<null> {
  if (p.command !== APPLY_EDIT_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `berth: unknown command ${p.command}`);
  const edit = p.arguments?.[0] as WorkspaceEdit | undefined;
  if (!edit || typeof edit !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, 'berth: the command needs the edit to apply');
  const r = await connection.workspace.applyEdit(edit);
  if (!r.applied) log('warn', `berth: the editor did not apply the edit${r.failureReason ? `: ${r.failureReason}` : ''}`);
  return null;
}
