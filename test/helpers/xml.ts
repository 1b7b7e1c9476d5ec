/**
 * Reads an XML report the way a CI system does: a strict XML 1.0 parser (sax) that rejects anything not
 * well-formed (unescaped `<` or `&`, unclosed elements, a second root, characters XML cannot hold), into a small tree.
 */
import sax from 'sax';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data and CDATA), unescaped. */
  text: string;
}

export interface XmlDocument {
  root: XmlElement;
  /** The XML declaration's pseudo-attributes (`version`, `encoding`), when there is one. */
  declaration?: string;
}

export function parseXml(text: string): XmlDocument {
  const parser = sax.parser(true, { trim: false, normalize: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let declaration: string | undefined;
  let error: Error | undefined;
  parser.onerror = (e) => {
    error ??= e;
  };
  parser.onprocessinginstruction = (pi) => {
    if (pi.name === 'xml') declaration = pi.body;
  };
  parser.onopentag = (tag) => {
    const el: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) error ??= new Error(`a second root element <${tag.name}>`);
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
    else if (t.trim() !== '') error ??= new Error(`text outside the root element: ${JSON.stringify(t.slice(0, 40))}`);
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.write(text).close();
  if (error) throw error;
  if (!root) throw new Error('no root element');
  return declaration === undefined ? { root } : { root, declaration };
}

/** Every descendant element named `name`, in document order. */
export function all(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    out.push(...all(c, name));
  }
  return out;
}
