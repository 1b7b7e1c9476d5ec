/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Every rule is described in
 * tool.driver.rules with its documentation as help; columns are UTF-16 code units (`columnKind`); fixes are
 * included as artifact changes.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { ruleMarkdown, builtinMarkdown } from '../../rules/docs.js';
import { DOCS_BASE } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';
import type { Severity } from '../../rules/define.js';
import { locate, type FileReport, type FormatContext } from './model.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

function uri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function sarif(reports: readonly FileReport[], ctx: FormatContext & { cwd: string }): string {
  const rules = [
    ...ALL_RULES.map((r) => ({
      id: r.meta.id,
      name: r.meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: r.meta.docs.summary },
      fullDescription: { text: r.meta.docs.why },
      help: { text: `${r.meta.docs.summary} ${r.meta.docs.why}`, markdown: ruleMarkdown(r) },
      helpUri: `${DOCS_BASE}${r.meta.id}.md`,
      defaultConfiguration: { level: LEVEL[r.meta.severity] },
      properties: { tags: [r.meta.category, ...r.meta.aliases], aliases: r.meta.aliases },
    })),
    ...BUILTIN_CHECKS.map((c) => ({
      id: c.id,
      name: c.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: c.summary },
      fullDescription: { text: c.summary },
      help: { text: c.summary, markdown: builtinMarkdown(c) },
      helpUri: `${DOCS_BASE}${c.id}.md`,
      defaultConfiguration: { level: LEVEL[c.severity] },
      properties: { tags: ['syntax', ...c.aliases], aliases: c.aliases },
    })),
  ];
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
      const ri = index.get(d.rule);
      if (ri !== undefined) result.ruleIndex = ri;
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
