/**
 * The legend of berth's semantic tokens: every type and modifier `semanticTokens` emits. A module of its own, with
 * no imports, so that the server can announce it in its `initialize` answer before it has loaded the grammar.
 */
export const TOKEN_TYPES = ['keyword', 'parameter', 'string', 'comment', 'macro', 'property', 'variable', 'namespace', 'operator', 'number'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];
