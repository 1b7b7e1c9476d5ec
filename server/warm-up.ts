/**
 * What the language server runs once before V8's code cache of its bundle is written (bin/berth.js): the answers an
 * editor asks for on a small Dockerfile, in memory, so that the cache holds the code of a session (analysis,
 * diagnostics, hover, completion, semantic tokens) and not only what the first minutes of this one happened to run.
 */
import { SAMPLE } from '../rules/engine/warm-up-sample.js';
import { defaultConfig } from '../rules/engine/config.js';
import { clientSupport, toLspDiagnostic } from './convert.js';
import { completions } from './features/completion.js';
import { AnalyzedDocument } from './features/document.js';
import { hover } from './features/hover.js';
import { semanticTokens } from './features/semantic-tokens.js';

/** Returns a count of what it computed (so that nothing is optimised away). */
export function warmUp(): number {
  const doc = new AnalyzedDocument('file:///warm-up/Dockerfile', 1, SAMPLE, defaultConfig());
  const support = clientSupport({});
  let n = doc.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri, support.pushDiagnostics)).length;
  for (let at = 0; at < SAMPLE.length; at += 37) {
    n += hover(doc, at) ? 1 : 0;
    n += completions(doc, at).length;
  }
  return n + semanticTokens(doc).length;
}
