/**
 * Validating a SARIF log two ways, because neither is enough alone:
 *
 * - the SARIF 2.1.0 JSON schema (the copy shipped with Microsoft's SARIF multitool), checked with ajv: every
 *   property, type, enumeration (`level`), minimum and `additionalProperties: false` of the standard;
 * - Microsoft's SARIF multitool (`Sarif.Multitool validate`), for the rules a schema cannot express (a `ruleIndex`
 *   past the end of `tool.driver.rules`, inconsistent regions, …).
 *
 * The multitool alone misses some schema errors: a result whose `level` is not one of SARIF's (`"info"`) makes it
 * give up on the file without a word — no schema error, no rule result, exit 0. So a multitool run only counts
 * when it demonstrably analysed the file: it always has advice (notes) about a berth log, and a run that
 * reports nothing at all is itself a problem.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const require = createRequire(import.meta.url);
const MULTITOOL_DIR = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux');
export const SARIF_SCHEMA = join(MULTITOOL_DIR, 'sarif-2.1.0.json');
const MULTITOOL = join(MULTITOOL_DIR, 'Sarif.Multitool');

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null };
let validate: Validate | undefined;

/** Problems the SARIF 2.1.0 schema finds, as `path: message`. */
export function schemaProblems(log: unknown): string[] {
  if (!validate) {
    // The schema declares JSON Schema 2020-12; the formats it uses are checked here, strictly.
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => { compile(s: unknown): Validate } }).default;
    const uri = (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s) && URL.canParse(s);
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      formats: {
        uri,
        'uri-reference': (s: string) => !/[\s<>"{}|\\^`]/.test(s) && (uri(s) || URL.canParse(s, 'file:///base/')),
        'date-time': (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
        uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      },
    });
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
}

/** Errors and warnings of the multitool's `validate` on a SARIF file; a run that analysed nothing is a problem too. */
export function multitoolProblems(file: string, dir: string): string[] {
  if (!existsSync(MULTITOOL)) return ['npm ci installs @microsoft/sarif-multitool-linux; Sarif.Multitool is missing'];
  chmodSync(MULTITOOL, 0o755);
  const out = join(dir, 'validation.sarif');
  // SARIF2006 fetches every URI in the log over the network (slow, and tests stay offline); a policy turns it off.
  const policy = join(dir, 'multitool-policy.xml');
  writeFileSync(
    policy,
    '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">\n    <Property Key="RuleEnabled" Value="Disabled" />\n  </Properties>\n</Properties>\n',
  );
  const v = spawnSync(MULTITOOL, ['validate', file, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note', '--config', policy], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  if (v.status !== 0) return [`Sarif.Multitool exited with ${v.status}: ${v.stdout}\n${v.stderr}`];
  const validation = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: Array<{ results?: Array<{ level: string; ruleId: string; message: { text?: string; id?: string; arguments?: string[] } }> }>;
  };
  const results = validation.runs[0]?.results ?? [];
  if (results.length === 0) return ['Sarif.Multitool reported nothing at all: it did not analyse the file (it gives up silently on some invalid logs)'];
  return results.filter((x) => x.level === 'error' || x.level === 'warning').map((p) => `${p.ruleId}: ${p.message.text ?? [p.message.id, ...(p.message.arguments ?? [])].join(' ')}`);
}

/**
 * berth's own promises about its SARIF: each result names its rule by id and by a `ruleIndex` that points at that
 * rule, and `tool.driver.rules` holds exactly the rules the results use, once each.
 */
export function ruleTableProblems(log: unknown): string[] {
  const run = (log as { runs?: Array<{ tool?: { driver?: { rules?: Array<{ id?: string }> } }; results?: Array<{ ruleId?: string; ruleIndex?: number }> }> }).runs?.[0];
  const rules = run?.tool?.driver?.rules ?? [];
  const results = run?.results ?? [];
  const problems: string[] = [];
  results.forEach((r, i) => {
    if (r.ruleIndex === undefined) problems.push(`results[${i}] (${r.ruleId}) has no ruleIndex`);
    else if (rules[r.ruleIndex]?.id !== r.ruleId) problems.push(`results[${i}]: ruleIndex ${r.ruleIndex} is ${rules[r.ruleIndex]?.id ?? 'nothing'}, not ${r.ruleId}`);
  });
  const ids = rules.map((r) => r.id);
  if (new Set(ids).size !== ids.length) problems.push(`a rule is described twice: ${ids.join(', ')}`);
  const used = new Set(results.map((r) => r.ruleId));
  for (const id of ids) if (!used.has(id)) problems.push(`rule ${id} is described but no result uses it`);
  return problems;
}

/** Everything wrong with a SARIF report (empty when it is valid), written to `dir` for the multitool. */
export function sarifProblems(text: string, dir: string, name = 'report.sarif'): string[] {
  const file = join(dir, name);
  writeFileSync(file, text);
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (e) {
    return [`not JSON: ${String(e)}`];
  }
  return [...schemaProblems(log).map((p) => `schema: ${p}`), ...ruleTableProblems(log), ...multitoolProblems(file, dir).map((p) => `multitool: ${p}`)];
}
