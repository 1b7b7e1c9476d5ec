/**
 * `--format sonarqube`: SonarQube's generic issue import format (`sonar.externalIssuesReportPaths`), as SonarQube
 * 10.3 and later read it: `rules` describes each rule that has findings (engine `berth`, a clean code attribute and
 * its impact on a software quality; type and severity too, for instances in the standard experience), `issues`
 * holds each finding with its exact text range. Lines are 1-based; columns are 0-based UTF-16 offsets in the line
 * with an exclusive end, as SonarQube counts them. SonarQube rejects an empty range, so a finding that marks no
 * character (a missing word at the end of a line) is given its whole line.
 */
import type { Category, Severity } from '../../rules/define.js';
import type { FileReport } from './model.js';
import { ruleInfo } from './rule-info.js';

type Quality = 'SECURITY' | 'RELIABILITY' | 'MAINTAINABILITY';

const ATTRIBUTE: Record<Category | 'syntax' | 'shell', string> = {
  correctness: 'LOGICAL',
  security: 'TRUSTWORTHY',
  reproducibility: 'COMPLETE',
  'image-size': 'EFFICIENT',
  'build-speed': 'EFFICIENT',
  maintainability: 'CLEAR',
  style: 'CONVENTIONAL',
  syntax: 'LOGICAL',
  shell: 'LOGICAL',
};

const QUALITY: Record<Category | 'syntax' | 'shell', Quality> = {
  correctness: 'RELIABILITY',
  security: 'SECURITY',
  reproducibility: 'RELIABILITY',
  'image-size': 'MAINTAINABILITY',
  'build-speed': 'MAINTAINABILITY',
  maintainability: 'MAINTAINABILITY',
  style: 'MAINTAINABILITY',
  syntax: 'RELIABILITY',
  shell: 'RELIABILITY',
};

/** Impact severities every SonarQube since 10.3 reads (INFO and BLOCKER came in 10.8). */
const IMPACT: Record<Severity, 'HIGH' | 'MEDIUM' | 'LOW'> = { error: 'HIGH', warning: 'MEDIUM', info: 'LOW', style: 'LOW' };
const SEVERITY: Record<Severity, string> = { error: 'CRITICAL', warning: 'MAJOR', info: 'MINOR', style: 'INFO' };
const TYPE: Record<Quality, string> = { SECURITY: 'VULNERABILITY', RELIABILITY: 'BUG', MAINTAINABILITY: 'CODE_SMELL' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, style: 3 };

export function sonarqube(reports: readonly FileReport[]): string {
  // A rule's level in the report: the most severe of its findings (configuration may have changed it).
  const level = new Map<string, Severity>();
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const prev = level.get(d.rule);
      if (prev === undefined || RANK[d.severity] < RANK[prev]) level.set(d.rule, d.severity);
    }
  }
  const rules = [...level].map(([id, severity]) => {
    const info = ruleInfo(id);
    const quality = QUALITY[info.category];
    return {
      id,
      name: id,
      description: `${info.summary} ${info.helpUri}`,
      engineId: 'berth',
      cleanCodeAttribute: ATTRIBUTE[info.category],
      type: TYPE[quality],
      severity: SEVERITY[severity],
      impacts: [{ softwareQuality: quality, severity: IMPACT[severity] }],
    };
  });
  const issues = reports.flatMap((r) =>
    r.diagnostics.map((d) => {
      const s = r.lines.positionAt(d.start);
      const e = r.lines.positionAt(d.end);
      const textRange =
        d.end > d.start && (e.line > s.line || e.character > s.character)
          ? { startLine: s.line + 1, startColumn: s.character, endLine: e.line + 1, endColumn: e.character }
          : { startLine: s.line + 1, endLine: s.line + 1 };
      return { ruleId: d.rule, primaryLocation: { message: d.message, filePath: r.path, textRange } };
    }),
  );
  return `${JSON.stringify({ rules, issues }, null, 2)}\n`;
}
