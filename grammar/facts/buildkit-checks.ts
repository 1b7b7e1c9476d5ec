/** BuildKit's build checks (`docker build --check`), by the names its `# check=` directive uses. */
export const BUILDKIT_CHECKS = [
  'StageNameCasing',
  'FromAsCasing',
  'NoEmptyContinuation',
  'ConsistentInstructionCasing',
  'DuplicateStageName',
  'ReservedStageName',
  'JSONArgsRecommended',
  'MaintainerDeprecated',
  'UndefinedArgInFrom',
  'WorkdirRelativePath',
  'UndefinedVar',
  'MultipleInstructionsDisallowed',
  'LegacyKeyValueFormat',
  'InvalidBaseImagePlatform',
  'RedundantTargetPlatform',
  'SecretsUsedInArgOrEnv',
  'InvalidDefaultArgInFrom',
  'FromPlatformFlagConstDisallowed',
  'CopyIgnoredFile',
  'InvalidDefinitionDescription',
  'ExposeProtoCasing',
  'ExposeInvalidFormat',
] as const;

export type BuildkitCheck = (typeof BUILDKIT_CHECKS)[number];

/**
 * The checks BuildKit runs only when `# check=experimental=<name>` (or `experimental=all`) turns them on: off by
 * default, whatever `skip=` says.
 */
export const BUILDKIT_EXPERIMENTAL_CHECKS: readonly BuildkitCheck[] = ['InvalidDefinitionDescription'];

const NAMES = new Set<string>(BUILDKIT_CHECKS);
const EXPERIMENTAL = new Set<string>(BUILDKIT_EXPERIMENTAL_CHECKS);

export function isBuildkitCheck(name: string): boolean {
  return NAMES.has(name);
}

/** One of BuildKit's experimental checks (the name as BuildKit spells it). */
export function isExperimentalCheck(name: string): boolean {
  return EXPERIMENTAL.has(name);
}

/** The documentation page of a check. */
export function buildkitCheckUrl(name: string): string {
  return `https://docs.docker.com/go/dockerfile/rule/${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/JSONA/, 'JSON-A').toLowerCase()}/`;
}
