/**
 * `--format junit`: JUnit XML, the test report CI systems read (GitLab's `artifacts: reports: junit`, Jenkins' JUnit
 * plugin, Azure Pipelines, CircleCI…). Each linted file is a `<testsuite>` named by its path; each finding a failed
 * `<testcase>` (class name: the file; name: the rule and where) whose `<failure>` carries the message as `message`,
 * the level as `type`, and the finding in the compact format with its documentation link as text. A file without
 * findings has one passing test case, so it counts as checked. Counts (`tests`, `failures`) are on every suite and
 * on `<testsuites>`; times are 0.
 */
import { locate, type FileReport } from './model.js';
import { xmlAttr, xmlText } from './xml.js';

export function junit(reports: readonly FileReport[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const r of reports) {
    const cases: string[] = [];
    for (const d of r.diagnostics) {
      const l = locate(r, d);
      const where = `${r.path}:${l.line}:${l.column}`;
      const text = `${where}: ${d.severity}: ${d.message} [${d.rule}]${d.url ? `\n${d.url}` : ''}`;
      cases.push(
        `    <testcase name="${xmlAttr(`${d.rule} at ${l.line}:${l.column}`)}" classname="${xmlAttr(r.path)}" time="0">\n` +
          `      <failure message="${xmlAttr(d.message)}" type="${d.severity}">${xmlText(text)}</failure>\n` +
          '    </testcase>',
      );
    }
    const failed = cases.length;
    if (failed === 0) cases.push(`    <testcase name="no findings" classname="${xmlAttr(r.path)}" time="0"/>`);
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xmlAttr(r.path)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const head = `<testsuites name="berth" tests="${tests}" failures="${failures}" errors="0" time="0"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${suites.length > 0 ? `${head}>\n${suites.join('\n')}\n</testsuites>` : `${head}/>`}\n`;
}
