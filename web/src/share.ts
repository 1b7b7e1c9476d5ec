/**
 * Share by URL: the Dockerfile, compressed, in the URL's fragment (`#code=…`). A fragment never leaves the
 * browser: opening the link sends nothing of the text to any server.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

const KEY = 'code=';

/** The fragment (with its `#`) that carries `text`. */
export function shareFragment(text: string): string {
  // The empty text is the empty body: lz-string's code for it reads back like a damaged one.
  return `#${KEY}${text === '' ? '' : compressToEncodedURIComponent(text)}`;
}

/** The text a fragment carries; undefined when it carries none or is damaged. */
export function textFromFragment(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(KEY)) return undefined;
  const body = h.slice(KEY.length);
  if (body === '') return '';
  try {
    const text = decompressFromEncodedURIComponent(body);
    // lz-string answers null or '' for input it cannot read.
    return text === null || text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
