/** Every rule, sorted by id. A test checks this list against the rule files on disk. */
import type { Rule } from './define.js';
import cmdIgnoredByShellEntrypoint from './cmd-ignored-by-shell-entrypoint.js';
import cmdRepeatsEntrypoint from './cmd-repeats-entrypoint.js';
import copyFromIndex from './copy-from-index.js';
import copyFromOwnStage from './copy-from-own-stage.js';
import copyFromUnknownStage from './copy-from-unknown-stage.js';
import duplicateStageName from './duplicate-stage-name.js';
import fromAsCasing from './from-as-casing.js';
import instructionBeforeFrom from './instruction-before-from.js';
import multipleCmd from './multiple-cmd.js';
import multipleEntrypoint from './multiple-entrypoint.js';
import multipleHealthcheck from './multiple-healthcheck.js';
import reservedStageName from './reserved-stage-name.js';
import shellFormCommand from './shell-form-command.js';
import stageNameCasing from './stage-name-casing.js';
import unusedStage from './unused-stage.js';

export const ALL_RULES: readonly Rule[] = [
  cmdIgnoredByShellEntrypoint,
  cmdRepeatsEntrypoint,
  copyFromIndex,
  copyFromOwnStage,
  copyFromUnknownStage,
  duplicateStageName,
  fromAsCasing,
  instructionBeforeFrom,
  multipleCmd,
  multipleEntrypoint,
  multipleHealthcheck,
  reservedStageName,
  shellFormCommand,
  stageNameCasing,
  unusedStage,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
