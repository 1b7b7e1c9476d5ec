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

const NAMES = new Set<string>(BUILDKIT_CHECKS);

export function isBuildkitCheck(name: string): boolean {
  return NAMES.has(name);
}

/** The documentation page of a check. */
export function buildkitCheckUrl(name: string): string {
  return `https://docs.docker.com/go/dockerfile/rule/${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/JSONA/, 'JSON-A').toLowerCase()}/`;
}
