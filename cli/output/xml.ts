/** Escaping for the XML formats (checkstyle, junit): XML 1.0 text and attribute values. */

/** Characters XML 1.0 cannot hold at all (most control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text content: what XML cannot hold is dropped; `&`, `<`, `>` escaped. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value (in double quotes). Tabs and line breaks become character references: a parser would otherwise
 * turn them into spaces (attribute-value normalisation), and a message would lose its line breaks.
 */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
