/**
 * `--format codeclimate`: the Code Climate engine format (one JSON issue per finding, each followed by a NUL byte),
 * and `--format gitlab`: GitLab's Code Quality report (one JSON array, each issue with a stable fingerprint).
 */
import { createHash } from 'node:crypto';
import type { Category } from '../../rules/define.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { locate, type FileReport } from './model.js';

const SEVERITY = { error: 'critical', warning: 'major', info: 'minor', style: 'info' } as const;

const CATEGORIES: Record<Category | 'syntax', string> = {
  correctness: 'Bug Risk',
  security: 'Security',
  reproducibility: 'Bug Risk',
  'image-size': 'Performance',
  'build-speed': 'Performance',
  maintainability: 'Clarity',
  style: 'Style',
  syntax: 'Bug Risk',
};

function issue(r: FileReport, d: FileReport['diagnostics'][number], occurrence: number) {
  const l = locate(r, d);
  const category = RULES_BY_ID.get(d.rule)?.meta.category ?? 'syntax';
  // Stable across runs and line moves: rule, file, the flagged text and its occurrence number.
  const fingerprint = createHash('sha256').update(`${d.rule}\0${r.path}\0${r.text.slice(d.start, d.end)}\0${occurrence}`).digest('hex').slice(0, 40);
  return {
    type: 'issue',
    check_name: d.rule,
    description: d.message,
    categories: [CATEGORIES[category]],
    location: { path: r.path, positions: { begin: { line: l.line, column: l.column }, end: { line: l.endLine, column: l.endColumn } } },
    severity: SEVERITY[d.severity],
    fingerprint,
  };
}

function issues(reports: readonly FileReport[]) {
  const out = [];
  for (const r of reports) {
    const seen = new Map<string, number>();
    for (const d of r.diagnostics) {
      const key = `${d.rule}\0${r.text.slice(d.start, d.end)}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      out.push(issue(r, d, n));
    }
  }
  return out;
}

export function codeclimate(reports: readonly FileReport[]): string {
  return issues(reports)
    .map((i) => `${JSON.stringify(i)}\0`)
    .join('');
}

export function gitlab(reports: readonly FileReport[]): string {
  return `${JSON.stringify(
    issues(reports).map((i) => ({ ...i, location: { path: i.location.path, lines: { begin: i.location.positions.begin.line, end: i.location.positions.end.line } } })),
    null,
    2,
  )}\n`;
}
