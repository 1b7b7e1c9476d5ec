/**
 * The shape of the params of every method the server handles, checked before any handler runs (server/gate.ts):
 * a request whose params do not fit is answered with InvalidParams, a notification is logged and dropped, so the
 * handlers and the features only ever see what the protocol promises. One table, one entry per method; a test
 * sends every method malformed params and checks that each is refused and the server keeps serving.
 *
 * Only what the server reads is required; extra properties are allowed (clients send more than berth uses).
 */

/** Undefined when `value` fits; else what is wrong, naming where (`params.textDocument.text`). */
export type Check = (value: unknown, path: string) => string | undefined;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`);
const want = (what: string) => (v: unknown, path: string) => `${path} must be ${what} (got ${describe(v)})`;

export const str: Check = (v, p) => (typeof v === 'string' ? undefined : want('a string')(v, p));
export const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : want('true or false')(v, p));
/** LSP `integer`: a whole number in -2^31 … 2^31-1. */
export const int: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? undefined : want('an integer')(v, p));
/** LSP `uinteger`: a whole number in 0 … 2^31-1. */
export const uint: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31 ? undefined : want('a whole number ≥ 0')(v, p));
export const any: Check = () => undefined;
/** Any object (not null, not an array), its properties unchecked. */
export const anyObject: Check = (v, p) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : want('an object')(v, p));

const OPTIONAL = Symbol('optional');
type Optional = Check & { [OPTIONAL]: true };
/** A property that may be missing (undefined); when present it must fit. */
export const opt = (c: Check): Check => Object.assign((v: unknown, p: string) => (v === undefined ? undefined : c(v, p)), { [OPTIONAL]: true as const }) as Optional;
export const nullable = (c: Check): Check => (v, p) => (v === null ? undefined : c(v, p));
export const oneOf =
  (what: string, ...cs: Check[]): Check =>
  (v, p) =>
    cs.some((c) => c(v, p) === undefined) ? undefined : want(what)(v, p);
export const literal =
  (...values: readonly string[]): Check =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? undefined : want(`one of ${values.map((x) => JSON.stringify(x)).join(', ')}`)(v, p);
export const arr =
  (c: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return want('an array')(v, p);
    for (let i = 0; i < v.length; i++) {
      const e = c(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
export const obj =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    const e = anyObject(v, p);
    if (e) return e;
    for (const [k, c] of Object.entries(fields)) {
      const value = (v as Record<string, unknown>)[k];
      if (value === undefined && !(OPTIONAL in c)) return `${p}.${k} is missing`;
      const err = c(value, `${p}.${k}`);
      if (err) return err;
    }
    return undefined;
  };

const position = obj({ line: uint, character: uint });
const range = obj({ start: position, end: position });
const textDocument = obj({ uri: str });
const at = { textDocument, position };
const formattingOptions = obj({ tabSize: uint, insertSpaces: bool });
const id = oneOf('an integer or a string', int, str);
/** No params: absent, null or empty (JSON-RPC allows each for a method without any). */
const none: Check = (v, p) => (v === undefined || v === null || typeof v === 'object' ? undefined : want('absent')(v, p));

/** Every method the server handles, with the params it needs. */
export const PARAMS: Readonly<Record<string, Check>> = {
  // Lifecycle. Only the capabilities are read (and read defensively: a client may omit any part of them).
  initialize: obj({ capabilities: anyObject, processId: opt(nullable(int)), initializationOptions: opt(any) }),
  initialized: opt(anyObject),
  shutdown: none,
  exit: none,
  '$/cancelRequest': obj({ id }),
  '$/setTrace': obj({ value: literal('off', 'messages', 'verbose') }),
  'window/workDoneProgress/cancel': obj({ token: id }),

  // Documents.
  'textDocument/didOpen': obj({ textDocument: obj({ uri: str, languageId: str, version: int, text: str }) }),
  'textDocument/didChange': obj({
    textDocument: obj({ uri: str, version: int }),
    contentChanges: arr(oneOf('{ range, text } or { text }', obj({ range, rangeLength: opt(uint), text: str }), obj({ text: str }))),
  }),
  'textDocument/didClose': obj({ textDocument }),
  'workspace/didChangeConfiguration': obj({ settings: opt(any) }),
  'workspace/didChangeWatchedFiles': obj({ changes: arr(obj({ uri: str, type: int })) }),

  // Requests on a document.
  'textDocument/diagnostic': obj({ textDocument, identifier: opt(str), previousResultId: opt(str) }),
  'textDocument/hover': obj(at),
  'textDocument/completion': obj({ ...at, context: opt(obj({ triggerKind: int, triggerCharacter: opt(str) })) }),
  'textDocument/codeAction': obj({ textDocument, range, context: obj({ diagnostics: arr(anyObject), only: opt(arr(str)), triggerKind: opt(int) }) }),
  'textDocument/definition': obj(at),
  'textDocument/references': obj({ ...at, context: obj({ includeDeclaration: bool }) }),
  'textDocument/documentHighlight': obj(at),
  'textDocument/prepareRename': obj(at),
  'textDocument/rename': obj({ ...at, newName: str }),
  'textDocument/documentSymbol': obj({ textDocument }),
  'textDocument/formatting': obj({ textDocument, options: formattingOptions }),
  'textDocument/rangeFormatting': obj({ textDocument, range, options: formattingOptions }),
  'textDocument/onTypeFormatting': obj({ ...at, ch: str, options: formattingOptions }),
  'textDocument/inlayHint': obj({ textDocument, range }),
  'textDocument/semanticTokens/full': obj({ textDocument }),
  'textDocument/semanticTokens/full/delta': obj({ textDocument, previousResultId: str }),
  'textDocument/semanticTokens/range': obj({ textDocument, range }),
  'textDocument/documentLink': obj({ textDocument }),
  'textDocument/signatureHelp': obj({ ...at, context: opt(anyObject) }),
  'textDocument/selectionRange': obj({ textDocument, positions: arr(position) }),
  'textDocument/foldingRange': obj({ textDocument }),

  // Workspace and berth's own.
  'workspace/executeCommand': obj({ command: str, arguments: opt(arr(any)) }),
  'berth/ruleDocumentation': obj({ rule: str }),
  'berth/memoryUsage': none,
};

/** Undefined when the params fit the method (or the method is not one the server handles); else the problem. */
export function checkParams(method: string, params: unknown): string | undefined {
  const check = Object.prototype.hasOwnProperty.call(PARAMS, method) ? PARAMS[method] : undefined;
  return check?.(params, 'params');
}
