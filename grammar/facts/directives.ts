/** Parser directives: `# name=value` lines at the very top of a Dockerfile. */

export type DirectiveName = 'syntax' | 'escape' | 'check';

export const DIRECTIVE_NAMES: readonly DirectiveName[] = ['syntax', 'escape', 'check'];

export function isDirectiveName(lower: string): lower is DirectiveName {
  return lower === 'syntax' || lower === 'escape' || lower === 'check';
}
