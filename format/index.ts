/**
 * The formatter (see format.ts for its rules). Pure: text and options in, edits or text out; no LSP, no file
 * system, no process. Used by `berth format`, the language server and the library.
 */
import { parse } from '../grammar/index.js';
import { applyEdits } from './edits.js';
import { format, type FormatOptions } from './format.js';

export { applyEdits, type Edit } from './edits.js';
export { DEFAULT_FORMAT_OPTIONS, format, formatOnType, type FormatInput, type FormatOptions } from './format.js';
export { legacyKeyValueRewrite, oneWord, type KeyValueRewrite } from '../grammar/index.js';

/** The formatted text of a Dockerfile. Never throws; line endings and a byte order mark stay as they are. */
export function formatText(text: string, options: FormatOptions = {}): string {
  return applyEdits(text, format({ text, parse: parse(text) }, options));
}
