/** Parser directives: `# name=value` lines at the very top of a Dockerfile. */

export type DirectiveName = 'syntax' | 'escape' | 'check';

export const DIRECTIVE_NAMES: readonly DirectiveName[] = ['syntax', 'escape', 'check'];

export function isDirectiveName(lower: string): lower is DirectiveName {
  return lower === 'syntax' || lower === 'escape' || lower === 'check';
}

/**
 * The options of `# check=` (joined by `;`): `skip=A,B` or `skip=all` turns checks off, `error=true` makes their
 * warnings fail the build, `experimental=A,B` or `experimental=all` turns on checks BuildKit runs only when asked
 * (BUILDKIT_EXPERIMENTAL_CHECKS). Check names are written as BuildKit spells them.
 */
export const CHECK_OPTIONS = ['skip', 'error', 'experimental'] as const;
export type CheckOption = (typeof CHECK_OPTIONS)[number];
