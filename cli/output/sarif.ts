/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. The rules that have findings in
 * the report are described in tool.driver.rules (with their documentation as help; ShellCheck codes link to the
 * ShellCheck wiki), each result points at its rule by `ruleIndex`; columns are UTF-16 code units (`columnKind`);
 * fixes are included as artifact changes.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { Severity } from '../../rules/define.js';
import { locate, type FileReport, type FormatContext } from './model.js';
import { ruleInfo } from './rule-info.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

function uri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** `copy-from-index` → `CopyFromIndex`; `SC2086` stays. */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase());
}

/** A reportingDescriptor for one rule. */
function descriptor(id: string) {
  const info = ruleInfo(id);
  return {
    id,
    name: pascal(id),
    shortDescription: { text: info.summary },
    fullDescription: { text: info.why ?? info.summary },
    help: { text: info.why ? `${info.summary} ${info.why}` : `${info.summary} ${info.helpUri}`, ...(info.markdown ? { markdown: info.markdown } : {}) },
    helpUri: info.helpUri,
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { tags: [info.category, ...info.aliases], aliases: info.aliases },
  };
}

export function sarif(reports: readonly FileReport[], ctx: FormatContext & { cwd: string }): string {
  // Only the rules the results use, in the order they first appear.
  const used = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.rule)))];
  const rules = used.map(descriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifacts = reports.map((r) => ({ location: { uri: uri(r.path), ...(isAbsolute(r.path) ? {} : { uriBaseId: '%SRCROOT%' }) }, sourceLanguage: 'dockerfile' }));
  const results = reports.flatMap((r, fileIndex) => {
    const artifactLocation = { ...artifacts[fileIndex]?.location, index: fileIndex };
    return r.diagnostics.map((d) => {
      const l = locate(r, d);
      const region = (s: number, e: number) => {
        const a = r.lines.positionAt(s);
        const b = r.lines.positionAt(e);
        return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
      };
      const result: Record<string, unknown> = {
        ruleId: d.rule,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn, snippet: { text: r.text.slice(d.start, d.end) } },
            },
          },
        ],
      };
      result.ruleIndex = index.get(d.rule);
      if (d.related?.length) {
        result.relatedLocations = d.related.map((rel, k) => ({ id: k, message: { text: rel.message }, physicalLocation: { artifactLocation, region: region(rel.range.start, rel.range.end) } }));
      }
      if (d.fix) {
        result.fixes = [
          {
            description: { text: d.fix.title },
            artifactChanges: [
              {
                artifactLocation,
                replacements: d.fix.edits.map((e) => ({ deletedRegion: region(e.start, e.end), insertedContent: { text: e.text } })),
              },
            ],
          },
        ];
      }
      return result;
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'berth',
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: 'https://github.com/berth-lint/berth',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(resolve(ctx.cwd) + '/').href } },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
