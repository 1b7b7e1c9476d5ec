/** The part of sax (a strict, streaming XML 1.0 parser) that test/helpers/xml.ts uses; sax ships no types. */
declare module 'sax' {
  export interface QualifiedTag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXParser {
    onerror: (e: Error) => void;
    onopentag: (tag: QualifiedTag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    onprocessinginstruction: (pi: { name: string; body: string }) => void;
    write(text: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: { trim?: boolean; normalize?: boolean; lowercase?: boolean; xmlns?: boolean; position?: boolean }): SAXParser;
  const sax: { parser: typeof parser };
  export default sax;
}
